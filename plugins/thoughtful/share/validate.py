"""Check each page's share record against the platforms' limits.

Limits from the platforms' documentation (X: 2:1, at most 5 MB; Facebook 8 MB;
LinkedIn and Mastodon smaller; Bluesky 1,000,000 bytes): the smallest of them
wins, so a card that passes works everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MAX_IMAGE_BYTES = 1_000_000  # Bluesky thumbnails; X allows 5 MB, Facebook 8 MB
MIN_SIZE = (300, 157)  # X summary_large_image
RATIO = 1.91  # Facebook / LinkedIn; X's 2:1 is within the tolerance
RATIO_TOLERANCE = 0.1
MAX_TITLE = 70  # X
MAX_DESCRIPTION = 200  # X


def check_text(record: dict[str, Any]) -> list[str]:
    """Problems with the record's title and description (field named in each)."""
    problems = []
    if not record["title"].strip():
        problems.append("title: empty; og:title is required")
    elif len(record["title"]) > MAX_TITLE:
        problems.append(
            f"title: {len(record['title'])} characters, more than {MAX_TITLE}; X cuts it"
        )
    if record["kind"] != "index" and not record["description"].strip():
        problems.append("summary: no summary and no first paragraph, so no og:description")
    elif len(record["description"]) > MAX_DESCRIPTION:
        problems.append(f"summary: description longer than {MAX_DESCRIPTION} characters")
    return problems


def check_url(record: dict[str, Any], siteurl: str) -> list[str]:
    """og:url and og:image must be absolute http(s) addresses (checked when SITEURL is set)."""
    if not siteurl:
        return []  # development build: SHARE_SITEURL stands in, and it is checked at startup
    return [
        f"{field}: {value!r} is not an absolute http(s) URL"
        for field, value in (("url", record["url"]), ("image", record["image"]["url"]))
        if not value.startswith(("https://", "http://"))
    ]


def check_image(image: dict[str, Any], output: Path) -> list[str]:
    """Problems with the share image: missing from the output, too big, wrong shape."""
    if not image.get("output_path"):
        return []  # an image on another host: nothing local to check
    path = output / image["output_path"]
    if not path.is_file():
        return [f"image: {image['output_path']} does not exist in the output"]
    problems = []
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        problems.append(f"image: {size:,} bytes, more than {MAX_IMAGE_BYTES:,} (Bluesky's limit)")
    width, height = image.get("width") or 0, image.get("height") or 0
    if width and height:
        if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            problems.append(f"image: {width}x{height} is smaller than {MIN_SIZE[0]}x{MIN_SIZE[1]}")
        if abs(width / height - RATIO) > RATIO_TOLERANCE:
            problems.append(
                f"image: {width}x{height} has ratio {width / height:.2f}, not {RATIO}:1; "
                "platforms will crop it"
            )
    return problems
