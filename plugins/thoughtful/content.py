"""What Pelican writes a page for: one list of generator attributes per kind.

Every half that must see *all* written content (comment sections, share records,
URL-collision checks, parallel rendering) reads these lists instead of keeping a
copy, so a kind of content (hidden posts, draft translations ...) cannot be
forgotten by one half and handled by another.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator

# In the order Pelican 4.12 writes them (ArticlesGenerator.generate_articles and
# PagesGenerator.generate_output); parallel rendering replays this order.
ARTICLE_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles",
                 "drafts_translations", "drafts")
PAGE_LISTS = ("translations", "pages", "hidden_translations", "hidden_pages",
              "draft_translations", "draft_pages")

LISTS = {ArticlesGenerator: ARTICLE_LISTS, PagesGenerator: PAGE_LISTS}
KIND = {ArticlesGenerator: "article", PagesGenerator: "page"}


def written_lists(generator: Any) -> tuple[str, ...]:
    """The attribute names of ``generator`` that hold content Pelican writes."""
    for cls, names in LISTS.items():
        if isinstance(generator, cls):
            return names
    return ()


def written_items(generator: Any) -> Iterator[Any]:
    """Every article or page ``generator`` writes a page for, in Pelican's order."""
    for name in written_lists(generator):
        yield from getattr(generator, name, ())
