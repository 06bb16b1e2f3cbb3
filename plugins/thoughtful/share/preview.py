"""The card preview page: every post's card as five platforms would show it.

Written to output/<SHARE_CARDS_URL>/preview/index.html when SHARE_PREVIEW_PAGE is
on (``invoke cards`` turns it on). It uses local files only: the cards in the
output, the theme's CSS; an image on another host is not fetched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from thoughtful.paths import inside

PLATFORMS = ["x", "facebook", "linkedin", "mastodon", "bluesky"]
# Where Pelican writes drafts: a record written to one of these is a draft.
DRAFT_SETTINGS = ("DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS", "DRAFT_PAGE_SAVE_AS",
                  "DRAFT_PAGE_LANG_SAVE_AS")


def draft_patterns(settings: Mapping[str, Any]) -> list[re.Pattern[str]]:
    """Patterns of the output paths of drafts, from Pelican's DRAFT_*SAVE_AS settings.

    "drafts/{slug}/index.html" becomes ``drafts/[^/]+/index\\.html``: each ``{field}`` is
    one path segment's worth of text.
    """
    patterns = []
    for name in DRAFT_SETTINGS:
        template = settings.get(name) or ""
        if template:
            parts = re.split(r"\{[^}]*\}", template)
            patterns.append(re.compile("[^/]+".join(map(re.escape, parts))))
    return patterns


def is_draft(output: str, patterns: list[re.Pattern[str]]) -> bool:
    """True when ``output`` (a record's output path) is where Pelican writes drafts."""
    return any(p.fullmatch(output) for p in patterns)


def entries(build: Any, folder: Path) -> list[dict[str, Any]]:
    """One entry per article and page (newest first): its record, image src, problems, and
    whether it is a draft (drafts are marked on the page: they are not public yet)."""
    output = Path(build.settings["OUTPUT_PATH"])
    drafts = draft_patterns(build.settings)
    records = [r for r in build.records.values() if r["kind"] != "index"]
    records.sort(key=lambda r: r["published"], reverse=True)  # pages (no date) last
    result = []
    for record in records:
        local = record["image"].get("output_path")
        src = os.path.relpath(output / local, folder) if local else ""
        result.append({"record": record, "src": Path(src).as_posix() if src else "",
                       "problems": build.problems.get(record["source"], []),
                       "draft": is_draft(record["output"], drafts)})
    return result


def write(build: Any) -> Path:
    """Render share/preview.html into the output; returns the file written."""
    output = Path(build.settings["OUTPUT_PATH"])
    folder = inside(output / build.config["SHARE_CARDS_URL"].strip("/") / "preview", output)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    css = os.path.relpath(output / build.settings.get("THEME_STATIC_DIR", "theme"), folder)
    html = build.env.get_template("share/preview.html").render(
        entries=entries(build, folder),
        platforms=PLATFORMS,
        domain=urlsplit(build.site.url).netloc,
        site_name=build.site.name,
        theme=Path(css).as_posix(),
    )
    page.write_text(html, encoding="utf-8")
    return page
