"""WordPress comments -> one file per comment in the store's format, with no personal data.

Only approved comments are written (pending, spam and trash are counted);
pingbacks and trackbacks are skipped and counted, never mixed into the thread.
A file's stem is the WordPress comment id, so its anchor is ``#comment-<id>``,
exactly the fragment old WordPress links carry. E-mail, IP address and comment
meta are never read from the export (wxr.py), and an author "name" that is an
e-mail address is replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import nh3
from thoughtful.comments.store import ALLOWED_TAGS, safe_website

from . import blocks, dates
from .tomarkdown import to_markdown
from .wxr import WPComment

SKIPPED = {"0": "pending moderation", "spam": "spam", "trash": "in the trash",
           "post-trashed": "its post is in the trash"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class CommentFiles:
    """One post's comment files (relative to content/) and what the report says."""

    files: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (comment id, reason)
    notes: list[str] = field(default_factory=list)


def convert_comments(comments: list[WPComment], folder: str, timezone: str,
                     fallback_date: str) -> CommentFiles:
    """Files for the approved comments of one post, written under ``folder``."""
    result = CommentFiles()
    parents = {c.id: c.parent for c in comments}
    kept: list[WPComment] = []
    for comment in comments:
        if not comment.id.isdigit():
            result.skipped.append((comment.id or "?", "comment id is not a number"))
        elif comment.type in ("pingback", "trackback"):
            result.skipped.append((comment.id, f"{comment.type} (mentions are not imported)"))
        elif comment.approved != "1":
            reason = SKIPPED.get(comment.approved, f"status {comment.approved!r}")
            result.skipped.append((comment.id, reason))
        else:
            kept.append(comment)
    kept_ids = {c.id for c in kept}
    for comment in kept:
        replyto = _nearest_kept(comment.parent, parents, kept_ids)
        if comment.parent not in ("0", "") and replyto != comment.parent:
            where = f"comment {replyto}" if replyto else "the top level"
            result.notes.append(f"comment {comment.id}: its parent {comment.parent} was not "
                                f"imported; attached to {where}")
        result.files[f"{folder}/{comment.id}.md"] = _file(comment, replyto, timezone,
                                                          fallback_date, result.notes)
    return result


def _nearest_kept(parent: str, parents: dict[str, str], kept: set[str]) -> str:
    seen = set()
    while parent and parent != "0" and parent not in seen:
        if parent in kept:
            return parent
        seen.add(parent)
        parent = parents.get(parent, "0")
    return ""


def _file(comment: WPComment, replyto: str, timezone: str, fallback: str,
          notes: list[str]) -> str:
    author = " ".join(comment.author.split())
    if EMAIL.search(author):
        author = EMAIL.sub("", author).strip(" <>()[],;") or ""
        notes.append(f"comment {comment.id}: an e-mail address in the author's name removed")
    if not author:
        author = "Anonymous"
    moment = dates.instant(comment.date, comment.date_gmt, timezone)
    lines = [f"Author: {author}", f"Date: {dates.written(moment) if moment else fallback}"]
    website = _website(comment.url)
    if website:
        lines.append(f"Website: {website}")
    if replyto:
        lines.append(f"Replyto: {replyto}")
    body = nh3.clean(blocks.autop(comment.content), tags=ALLOWED_TAGS,
                     attributes={"a": {"href", "title"}}, url_schemes={"http", "https"},
                     link_rel=None)
    text = to_markdown(body).strip() or "…"
    return "\n".join(lines) + "\n\n" + text + "\n"


def _website(url: str) -> str | None:
    """The commenter's site through the store's rules, without any user:password@."""
    website = safe_website(url)
    if not website:
        return None
    parts = urlsplit(website)
    if "@" in parts.netloc:
        parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
        website = urlunsplit(parts)
    return safe_website(website)
