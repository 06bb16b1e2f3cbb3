"""A per-post Atom feed of its stored comments, written next to the post's page."""

from __future__ import annotations

import logging
from pathlib import Path

from feedgenerator import Atom1Feed

from thoughtful.paths import OutsideError, below

from .model import Section

log = logging.getLogger(__name__)


def comments_feed(section: Section, sitename: str, language: str) -> Atom1Feed:
    """The Atom feed object for one post's comments (in ``language``), oldest first."""
    feed = Atom1Feed(
        title=f"Comments on “{section.title}” · {sitename}",
        link=section.url,
        description=section.responses_text,
        feed_url=_absolute(section, section.feed_path or ""),
        language=language,
    )
    for comment in section.comments:
        feed.add_item(
            title=f"{comment.author} on “{section.title}”",
            link=f"{section.url}#{comment.anchor}",
            unique_id=f"{section.url}#{comment.anchor}",
            description=str(comment.html),
            author_name=comment.author,
            author_link=comment.website,
            pubdate=comment.date,
            updateddate=comment.date,
        )
    return feed


def write_feed(section: Section, output: Path, sitename: str, language: str) -> Path | None:
    """Write the feed to ``output/<section.feed_path>``; never outside ``output``."""
    if not section.feed_path:
        return None
    try:
        target = below(output / section.feed_path, output)
    except OutsideError as err:
        log.error("Comments feed %s not written: %s", section.feed_path, err)
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        comments_feed(section, sitename, language).write(handle, "utf-8")
    return target


def _absolute(section: Section, path: str) -> str:
    base = section.url[: -len(section.path)] if section.url.endswith(section.path) else ""
    return f"{base.rstrip('/')}/{path}"
