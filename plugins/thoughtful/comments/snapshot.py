"""Pull the approved comments of a running Isso into content/comments/<post URL path>/.

Isso's public JSON API (``GET /?uri=<thread>``) returns only approved comments,
with no email or IP address. Each becomes ``isso-<created>-<id>.md`` (the date
keeps names unique when a reset Isso database starts its ids again); an existing
file is never overwritten, so edits and earlier snapshots stay as they are.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from thoughtful.paths import OutsideError, below

from .store import safe_website, split_header

log = logging.getLogger(__name__)

DELETED = 4  # Isso's mode for a deleted comment that still has replies (no text, no author)


@dataclass
class SnapshotResult:
    """What a snapshot did: files written, files that already existed, reused ids."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    # Older files whose Isso id a different comment now has (both are kept).
    collisions: list[Path] = field(default_factory=list)


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


def _created(comment: Mapping[str, Any]) -> datetime:
    return datetime.fromtimestamp(float(comment["created"]), tz=UTC)


def file_stem(comment: Mapping[str, Any]) -> str:
    """``isso-<created, UTC>-<id>``: unique even when a reset Isso database reuses ids."""
    return f"isso-{_created(comment):%Y%m%d-%H%M%S}-{int(comment['id'])}"


def comment_file(comment: Mapping[str, Any], anonymous: str, replyto: str | None = None) -> str:
    """The text of one Isso comment's file (no email, no IP).

    ``replyto`` is the file stem of the comment it answers (see :func:`snapshot`).
    """
    lines = [
        f"Author: {_one_line(comment.get('author')) or anonymous}",
        f"Date: {_created(comment).isoformat(timespec='seconds')}",
    ]
    website = safe_website(_one_line(comment.get("website")))
    if website:
        lines.append(f"Website: {website}")
    if replyto:
        lines.append(f"Replyto: {replyto}")
    # Isso's "text" is its rendered HTML; the build sanitizes it with nh3 like any body.
    return "\n".join(lines) + "\n\n" + str(comment.get("text") or "").strip() + "\n"


def _stored_date(path: Path) -> str:
    """The ``Date:`` header of a stored comment file ("" when unreadable)."""
    try:
        meta, _ = split_header(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""
    return meta.get("date", "")


def _stems(comments: list[dict[str, Any]], folder: Path, uri: str,
           result: SnapshotResult, older: list[Path] = ()) -> dict[int, Path]:
    """Isso id -> the file each comment of one thread has (or gets): in ``folder``, or
    in one of the ``older`` folders the post also reads (the slug folder of before).

    Files from before stems carried the date are named ``isso-<id>.md``: such a file is
    the same comment when its Date matches (kept where it is, so replies find it and
    no second copy is made); otherwise the id was reused by a reset Isso database,
    and both comments are kept.
    """
    stems: dict[int, Path] = {}
    for comment in comments:
        number = int(comment["id"])
        stems[number] = folder / f"{file_stem(comment)}.md"
        legacy = next((f / f"isso-{number}.md" for f in (folder, *older)
                       if (f / f"isso-{number}.md").is_file()), None)
        if legacy is None:
            continue
        if _stored_date(legacy) == _created(comment).isoformat(timespec="seconds"):
            stems[number] = legacy
        else:
            log.warning("Isso thread %s: comment %s is not the one stored in %s (a reset Isso "
                        "database reuses ids); both are kept, the new one as %s.md",
                        uri, number, legacy, stems[number].stem)
            result.collisions.append(legacy)
    return stems


def _write_new(target: Path, text: str) -> bool:
    """Write ``text`` to ``target`` unless it exists; False when it did.

    The text goes to a hidden temporary file first and is then hard-linked into
    place, which fails rather than replaces: a crash leaves no empty or partial
    comment, and an existing file (perhaps edited by the writer) is never touched.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temp, target)
    except FileExistsError:
        return False
    finally:
        temp.unlink()
    return True


def snapshot(
    base_url: str, threads: Mapping[str, str], comments_root: Path, *, anonymous: str = "Anonymous"
) -> SnapshotResult:
    """Write the approved comments of ``threads`` into ``comments_root``.

    ``threads`` maps an Isso thread (uri) to the post's comment folder, relative to
    ``comments_root`` (``2024/05/hello``; see comments/__init__.py), or to a list of
    the folders the post reads, its own first (older files are looked for in all of
    them; new ones go to the first). Comments Isso
    marks deleted are skipped; a comment whose file cannot be made is reported and
    skipped, leaving no file behind.
    """
    result = SnapshotResult()
    for uri, places in sorted(threads.items()):
        relatives = [places] if isinstance(places, str) else list(places)
        try:
            folder, *older = [below(comments_root / r, comments_root) for r in relatives]
        except (OutsideError, ValueError) as err:
            log.error("Isso thread %s: folders %r: %s; skipped", uri, places, err)
            continue
        fetched = [c for c in fetch_thread(base_url, uri) if c.get("mode") != DELETED]
        try:
            stems = _stems(fetched, folder, uri, result, older)
        except (KeyError, TypeError, ValueError, OverflowError) as err:
            log.error("Isso thread %s: a comment without a usable id or date (%r); "
                      "thread skipped", uri, err)
            continue
        for comment in fetched:
            target = stems[int(comment["id"])]
            # A reply to a deleted comment (not stored) is kept as a new thread.
            parent = comment.get("parent")
            try:
                text = comment_file(comment, anonymous,
                                    stems[int(parent)].stem if parent and int(parent) in stems
                                    else None)
            except (TypeError, ValueError) as err:
                log.error("Isso thread %s: comment %s cannot be stored (%s); skipped",
                          uri, comment["id"], err)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            (result.written if _write_new(target, text) else result.kept).append(target)
    return result


def read_threads(path: Path) -> dict[str, str | list[str]]:
    """The Isso threads the last build listed (see comments/__init__.py)."""
    return json.loads(path.read_text(encoding="utf-8"))
