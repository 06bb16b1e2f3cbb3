"""The card preview page: every post's card as five platforms would show it.

Written to output/<SHARE_CARDS_URL>/preview/index.html when SHARE_PREVIEW_PAGE is
on (``invoke cards`` turns it on). It uses local files only: the cards in the
output, the theme's CSS; an image on another host is not fetched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from thoughtful.paths import inside

PLATFORMS = ["x", "facebook", "linkedin", "mastodon", "bluesky"]


def entries(build: Any, folder: Path) -> list[dict[str, Any]]:
    """One entry per article and page (newest first): its record, image src and problems."""
    output = Path(build.settings["OUTPUT_PATH"])
    records = [r for r in build.records.values() if r["kind"] != "index"]
    records.sort(key=lambda r: r["published"], reverse=True)  # pages (no date) last
    result = []
    for record in records:
        local = record["image"].get("output_path")
        src = os.path.relpath(output / local, folder) if local else ""
        result.append({"record": record, "src": Path(src).as_posix() if src else "",
                       "problems": build.problems.get(record["source"], [])})
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
