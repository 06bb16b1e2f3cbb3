"""Author records: one per author in SHARE_AUTHORS, feeding every place that names them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin


def handle_x(record: dict[str, Any]) -> str:
    """The author's X handle as "@name", or ""."""
    name = str(record.get("x", "")).strip().lstrip("@")
    return f"@{name}" if name else ""


def handle_fediverse(record: dict[str, Any]) -> str:
    """The author's Mastodon address as "@user@host", or ""."""
    value = str(record.get("mastodon", "")).strip().lstrip("@")
    return f"@{value}" if value.count("@") == 1 else ""


def same_as(record: dict[str, Any]) -> list[str]:
    """Profile URLs for JSON-LD sameAs, from the handles and any listed ``same_as``."""
    urls = []
    if handle_x(record):
        urls.append(f"https://x.com/{handle_x(record)[1:]}")
    if handle_fediverse(record):
        user, host = handle_fediverse(record)[1:].split("@")
        urls.append(f"https://{host}/@{user}")
    if record.get("bluesky"):
        urls.append(f"https://bsky.app/profile/{str(record['bluesky']).lstrip('@')}")
    urls.extend(str(u) for u in record.get("same_as", []))
    return urls


def person(name: str, records: dict[str, dict[str, Any]], siteurl: str, page_url: str) -> dict:
    """The plain record of author ``name``: name, url, handles and sameAs.

    ``page_url`` (the author's page on this site) is the url unless the record names one.
    """
    record = records.get(name, {})
    url = urljoin(siteurl + "/", str(record["url"])) if record.get("url") else page_url
    return {
        "name": name,
        "url": url,
        "x": handle_x(record),
        "fediverse": handle_fediverse(record),
        "same_as": same_as(record),
    }
