"""Tag, category, author and period archive pages planned in linear time, not quadratic.

For each tag (category, author) Pelican's ArticlesGenerator makes the page's
``dates`` with ``[a for a in self.dates if a in articles]``: a scan of the tag's
list for every post of the site; each year and month archive does the same the
other way round. At 1,000 posts that is millions of comparisons per build (tens
of ms); at 10,000 posts, hundreds of millions (over ten seconds, in every build
and every preview refresh). Pelican's content objects compare by identity, so a
lookup by ``id`` gives the same answers at once:

- ``index_members`` puts lists that answer ``in`` from a set of ids in place of
  the generator's tag, category and author lists;
- ``linear_archives`` fills each period archive's ``articles`` from the positions
  of its posts, after Pelican built the archives without them.
"""

from __future__ import annotations

import weakref
from typing import Any


class Members(list):
    """A list whose ``in`` looks the item up by identity in a set (built when first asked).

    Only for items compared by identity (no ``__eq__`` of their own), as Pelican's
    articles are; any other item is looked for the list's way. A change to the list
    drops the set, so an answer is never stale.
    """

    __slots__ = ("_ids", "__weakref__")

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self._ids: set[int] | None = None

    def __contains__(self, item: object) -> bool:
        if type(item).__eq__ is not object.__eq__:
            return super().__contains__(item)
        ids = self._ids
        if ids is None:
            ids = self._ids = {id(member) for member in self}
            # Pelican asks of one list after another: only the last few keep their sets
            # (those of every tag would be ~5 MB kept to the end at 10,000 posts).
            _recent.append(weakref.ref(self))
            if len(_recent) > _KEEP:
                oldest = _recent.pop(0)()
                if oldest is not None and oldest is not self:
                    oldest._ids = None
        return id(item) in ids

    def __reduce__(self) -> tuple:
        return (Members, (list(self),))  # ids mean nothing in another process

    # Every change to the list drops the set.
    def append(self, item: Any) -> None:
        self._ids = None
        super().append(item)

    def extend(self, items: Any) -> None:
        self._ids = None
        super().extend(items)

    def insert(self, index: Any, item: Any) -> None:
        self._ids = None
        super().insert(index, item)

    def remove(self, item: Any) -> None:
        self._ids = None
        super().remove(item)

    def pop(self, index: Any = -1) -> Any:
        self._ids = None
        return super().pop(index)

    def clear(self) -> None:
        self._ids = None
        super().clear()

    def __setitem__(self, index: Any, item: Any) -> None:
        self._ids = None
        super().__setitem__(index, item)

    def __delitem__(self, index: Any) -> None:
        self._ids = None
        super().__delitem__(index)

    def __iadd__(self, items: Any) -> Members:
        self._ids = None
        return super().__iadd__(items)

    def __imul__(self, times: Any) -> Members:
        self._ids = None
        return super().__imul__(times)


_KEEP = 4  # sets kept at once; a list asked again after that builds its set again
_recent: list[weakref.ref] = []


def linear_archives(generator: Any) -> None:
    """``generator_init``: this ArticlesGenerator builds its period archives in linear time.

    Pelican's ``_build_period_archives(sorted_articles, articles, settings)`` sets each
    archive's ``articles`` to ``[a for a in articles if a in archive_dates]``; it runs
    here with no articles, and each list is then made from the posts' positions.
    """
    original = getattr(generator, "_build_period_archives", None)
    if original is None:
        return

    def build(sorted_articles: Any, articles: Any, settings: Any) -> Any:
        archives = original(sorted_articles, [], settings)
        position = {id(article): n for n, article in enumerate(articles)}
        for periods in archives.values():
            for archive in periods:
                members = [a for a in archive["dates"] if id(a) in position]
                archive["articles"] = sorted(members, key=lambda a: position[id(a)])
        return archives

    generator._build_period_archives = build


def index_members(generator: Any) -> None:
    """``article_generator_finalized``: the generator's tag, category and author lists
    become ``Members`` (same items, same order), in the generator and its context."""
    tags = getattr(generator, "tags", None)
    if isinstance(tags, dict):
        for tag, articles in tags.items():
            tags[tag] = Members(articles)
        if "tags" in generator.context:  # Pelican's _update_context stores the items
            generator.context["tags"] = list(tags.items())
    for name in ("categories", "authors"):
        pairs = getattr(generator, name, None)
        if isinstance(pairs, list):  # the context holds this very list: changed in place
            pairs[:] = [(key, Members(articles)) for key, articles in pairs]
