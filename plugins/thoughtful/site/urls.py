"""An article's or page's ``url`` and ``save_as`` worked out once per build, not per read.

Pelican formats them anew on every read: a copy of the item's metadata, a
relative path, a date format (~20 µs). Templates read them tens of thousands of
times in a build (every summary, archive line, tag page, sitemap entry, share
record), which was ~10% of a warm build at 1,000 posts with this site's dated
URLs. Pelican has no hook for this, so ``Content.url`` and ``Content.save_as``
are wrapped once: an item holding a memo answers from it, any other item
exactly as Pelican does.

The memos live in a table of this module, not on the items: an item carries
two dozen attributes, and one more makes Python double its attribute table
(~1.5 KB an item, 15 MB at 10,000 posts).

Items get an empty memo at ``all_generators_finalized``, when every input of
their URL is settled (slugs, dates, translations, drafts), and lose it at
``finalized``, so a value never outlives its build nor reaches a content cache
(Pelican saves those while reading, before the memo exists). The live preview
starts each refresh with fresh memos; a post it swaps in is a new object,
without one.
"""

from __future__ import annotations

from typing import Any

from pelican.contents import Content

from thoughtful.content import written_items

# id(item) -> {"url": ..., "save_as": ...}. The items are held in _frozen meanwhile,
# so no id can be taken by another object while its memo exists.
_memos: dict[int, dict[str, str]] = {}
_frozen: list[Any] = []  # the items given a memo in this process's current build


def memo_of(item: Content) -> dict[str, str] | None:
    """``item``'s memo while the build is writing, else None."""
    return _memos.get(id(item))


def _remembered(name: str, computed: property) -> property:
    def read(self: Content) -> str:
        memo = _memos.get(id(self))
        if memo is None:
            return computed.fget(self)
        value = memo.get(name)
        if value is None:
            value = memo[name] = computed.fget(self)
        return value

    read.__wrapped__ = computed.fget  # type: ignore[attr-defined]
    return property(read, doc=computed.__doc__)


def install() -> None:
    """Wrap ``Content.url`` and ``Content.save_as`` (once per process)."""
    if not hasattr(Content.url.fget, "__wrapped__"):
        Content.url = _remembered("url", Content.url)
        Content.save_as = _remembered("save_as", Content.save_as)


def freeze(generators: list[Any]) -> None:
    """``all_generators_finalized``: every written article and page starts a memo."""
    thaw()
    for generator in generators:
        for item in written_items(generator):
            _memos[id(item)] = {}
            _frozen.append(item)


def thaw(*_: Any) -> None:
    """``finalized`` (and before each freeze): the memos are dropped."""
    _memos.clear()
    _frozen.clear()
