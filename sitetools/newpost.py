"""Start a new post: content/posts/<YYYY-MM-DD>-<slug>.md with the front matter filled in.

The file name and the ``Date:`` line use the formats the README documents and the
sample posts follow (``DATE_FORMAT``): the date in the site's TIMEZONE, no offset.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify
from thoughtful.paths import below

TEMPLATE = """\
Title: {title}
Date: {date}
Category: {category}
Tags:
Summary: One or two sentences for the index page, the feeds and share cards.
Status: draft

The lead paragraph: what this week's lesson is, in a few lines.

- **The first lesson.** Why it matters.
- **The second lesson.** What to try.

A closing paragraph. (Delete "Status: draft" above to publish.)
"""


# `Date: 2026-12-01 14:09`: what the README documents and thoughtful.site accepts.
DATE_FORMAT = "%Y-%m-%d %H:%M"
# `2026-12-01-keep-small-promises.md`: posts sort by date in the folder.
FILE_NAME = "{when:%Y-%m-%d}-{slug}.md"


class PostExists(FileExistsError):
    """The post's file is already there; we never overwrite a writer's file."""


def slug_for(title: str) -> str:
    """The URL slug Pelican would make from ``title`` ("Keep Small Promises" -> ...)."""
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def front_matter(title: str, category: str, when: datetime) -> str:
    """The text of a new post: title, date (``DATE_FORMAT``), category, tags, summary."""
    return TEMPLATE.format(
        title=" ".join(title.split()),
        date=when.strftime(DATE_FORMAT),
        category=category,
    )


def create_post(
    folder: Path,
    title: str,
    *,
    category: str = "Thoughtful Thursday",
    timezone: str = "UTC",
    now: datetime | None = None,
) -> Path:
    """Write ``folder/<YYYY-MM-DD>-<slug>.md`` for a new post and return its path.

    The date is ``now`` (default: the current time in ``timezone``, the site's
    TIMEZONE), written in that zone as ``YYYY-MM-DD HH:MM``. Raises ``PostExists``
    rather than touch an existing file, and ``ValueError`` when the title gives no
    usable slug.
    """
    if not title.strip():
        raise ValueError("A post needs a title")
    slug = slug_for(title)
    if not slug:
        raise ValueError(f"The title {title!r} gives an empty slug; use some letters or digits")
    when = (now or datetime.now(ZoneInfo(timezone))).astimezone(ZoneInfo(timezone))
    folder = Path(folder)
    path = folder / FILE_NAME.format(when=when, slug=slug)
    below(path, folder)  # OutsideError (a ValueError) names both
    folder.mkdir(parents=True, exist_ok=True)
    try:
        # "x" creates the file only if it does not exist: no race with a second writer.
        with path.open("x", encoding="utf-8") as out:
            out.write(front_matter(title, category, when))
    except FileExistsError:
        raise PostExists(f"{path} already exists; not overwriting it") from None
    return path
