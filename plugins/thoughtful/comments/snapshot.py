"""Pull the approved comments of a running Isso into content/comments/<slug>/.

Isso's public JSON API (``GET /?uri=<thread>``) returns only approved comments,
with no email or IP address. Each becomes ``isso-<id>.md``; an existing file is
never overwritten, so edits and earlier snapshots stay as they are.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .store import safe_website

log = logging.getLogger(__name__)


@dataclass
class SnapshotResult:
    """What a snapshot did: files written, files that already existed."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def fetch_thread(base_url: str, uri: str, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Every approved comment of one Isso thread, replies included, as Isso returns them."""
    # No limit and no nested_limit: Isso then returns the whole thread.
    query = urllib.parse.urlencode({"uri": uri})
    request = urllib.request.Request(f"{base_url.rstrip('/')}/?{query}",
                                     headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.load(response)
    except urllib.error.HTTPError as err:
        if err.code == 404:  # Isso answers 404 for a thread nobody commented on yet
            return []
        raise
    return list(_flatten(data.get("replies", [])))


def _flatten(replies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for reply in replies:
        yield reply
        yield from _flatten(reply.get("replies") or [])


def _one_line(value: Any) -> str:
    """A header value on one line (a name cannot smuggle in another header)."""
    return " ".join(str(value or "").split())


def comment_file(comment: Mapping[str, Any], anonymous: str) -> str:
    """The text of ``isso-<id>.md`` for one Isso comment (no email, no IP)."""
    created = datetime.fromtimestamp(float(comment["created"]), tz=UTC)
    lines = [
        f"Author: {_one_line(comment.get('author')) or anonymous}",
        f"Date: {created.isoformat(timespec='seconds')}",
    ]
    website = safe_website(_one_line(comment.get("website")))
    if website:
        lines.append(f"Website: {website}")
    if comment.get("parent"):
        lines.append(f"Replyto: isso-{int(comment['parent'])}")
    # Isso's "text" is its rendered HTML; the build sanitizes it with nh3 like any body.
    return "\n".join(lines) + "\n\n" + str(comment.get("text") or "").strip() + "\n"


def snapshot(
    base_url: str, threads: Mapping[str, str], comments_root: Path, *, anonymous: str = "Anonymous"
) -> SnapshotResult:
    """Write the approved comments of ``threads`` (Isso uri -> post slug) into ``comments_root``."""
    result = SnapshotResult()
    root = comments_root.resolve()
    for uri, slug in sorted(threads.items()):
        folder = (root / slug).resolve()
        if not folder.is_relative_to(root) or folder == root:
            log.error("Isso thread %s: slug %r leads outside %s; skipped", uri, slug, root)
            continue
        for comment in fetch_thread(base_url, uri):
            target = folder / f"isso-{int(comment['id'])}.md"
            folder.mkdir(parents=True, exist_ok=True)
            try:
                with target.open("x", encoding="utf-8") as handle:
                    handle.write(comment_file(comment, anonymous))
            except FileExistsError:
                result.kept.append(target)
                continue
            result.written.append(target)
    return result


def read_threads(path: Path) -> dict[str, str]:
    """The Isso threads the last build listed (see comments/__init__.py)."""
    return json.loads(path.read_text(encoding="utf-8"))
