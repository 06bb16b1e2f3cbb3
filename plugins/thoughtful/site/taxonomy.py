"""Tag, category and author pages planned in linear time, not quadratic.

For each tag (category, author) Pelican's ArticlesGenerator makes the page's
``dates`` with ``[a for a in self.dates if a in articles]``: a scan of the tag's
list for every post of the site. At 1,000 posts and 8 tags that is ~1 million
comparisons per build (tens of ms); at 10,000 posts, ~100 million (seconds, in
every build and every preview refresh). Pelican's content objects compare by
identity, so a list that answers ``in`` from a set of ids gives the same answer
at once; ``index_members`` puts such lists in place of the generator's own.
"""

from __future__ import annotations

from typing import Any


class Members(list):
    """A list whose ``in`` looks the item up by identity in a set (built when first asked).

    Only for items compared by identity (no ``__eq__`` of their own), as Pelican's
    articles are; any other item is looked for the list's way. A change to the list
    drops the set, so an answer is never stale.
    """

    __slots__ = ("_ids",)

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self._ids: set[int] | None = None

    def __contains__(self, item: object) -> bool:
        if type(item).__eq__ is not object.__eq__:
            return super().__contains__(item)
        if self._ids is None:
            self._ids = {id(member) for member in self}
        return id(item) in self._ids

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
