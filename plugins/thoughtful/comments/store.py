"""Approved comments stored in the repository: content/comments/<post-slug>/<id>.md.

A comment file has header lines, a blank line, then the body in Markdown::

    Author: Ana Souza
    Date: 2026-11-19 18:02
    Website: https://ana.example
    Replyto: 2026-11-19-ana

    Keeping small promises *out loud* is the hard part.

Bodies are rendered with Markdown and sanitized with nh3; a file with no author
or a broken date is skipped with an error naming the file and the field.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import markdown
import nh3
from markupsafe import Markup

log = logging.getLogger(__name__)

FIELDS = ("author", "date", "website", "replyto")
ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
                "del", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "ugc nofollow noopener"
# An <a> start tag as nh3 writes it: every attribute value double-quoted, with any
# '"' inside escaped, so the attributes can be read whatever their order.
_LINK_TAG = re.compile(r'<a((?:\s+[\w-]+="[^"]*")*)\s*>')
_REL = re.compile(r'\s+rel="[^"]*"')


@dataclass
class Comment:
    """One approved comment, with its replies once threaded."""

    id: str
    author: str
    date: datetime
    html: Markup
    source: Path
    website: str | None = None
    replyto: str | None = None
    depth: int = 0
    parent: Comment | None = None
    replies: list[Comment] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The stable fragment id of this comment: ``comment-<id>``."""
        return f"comment-{self.id}"


def safe_website(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (no javascript:, data:, ...)."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in '"<> \t\r\n'):
        return None
    return url


def render_body(text: str) -> Markup:
    """Markdown -> HTML, then sanitized: only simple tags, http(s)/mailto links, ugc rel.

    Relative and scheme-less links (``/admin``, ``//evil.example``) are dropped too
    (``url_relative="deny"``): a comment links only to full addresses.
    """
    html = markdown.markdown(text, extensions=["fenced_code", "sane_lists", "smarty"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel=LINK_REL,
    )
    return Markup(_LINK_TAG.sub(_rel_only_with_href, clean))


def _rel_only_with_href(match: re.Match) -> str:
    # nh3 adds rel even to a link whose href it removed; rel without href is invalid HTML.
    attributes = match.group(1)
    if not re.search(r'\shref="', attributes):
        attributes = _REL.sub("", attributes)
    return f"<a{attributes}>"


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split ``Key: value`` header lines (optionally between ``---`` lines) from the body."""
    lines = text.lstrip("\ufeff").splitlines()
    fenced = bool(lines) and lines[0].strip() == "---"
    if fenced:
        lines = lines[1:]
    meta: dict[str, str] = {}
    index = 0
    for index, line in enumerate(lines):  # noqa: B007 - index is used after the loop
        if (fenced and line.strip() == "---") or (not fenced and not line.strip()):
            index += 1
            break
        key, sep, value = line.partition(":")
        if not sep:
            break
        meta[key.strip().lower()] = value.strip()
    else:
        index = len(lines)
    return meta, "\n".join(lines[index:]).strip()


def parse_date(value: str, timezone: str) -> datetime | None:
    """A full ISO 8601 date (time optional); a naive one is in the site's TIMEZONE.

    Partial dates ("2024", "Tuesday") are refused rather than filled from today.
    """
    try:
        date = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if len(value.strip()) < 10:  # "2024" or "202405" parse on some Pythons; still partial
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=ZoneInfo(timezone))
    return date


def read_comment(path: Path, timezone: str) -> Comment | None:
    """Read one comment file; None (with an error naming file and field) when unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        log.error("Comment %s: cannot be read (%s); skipped", path, err)
        return None
    meta, body = split_header(text)
    author = meta.get("author", "").strip()
    if not author:
        log.error("Comment %s: field 'author' is missing or empty; skipped", path)
        return None
    date = parse_date(meta.get("date", ""), timezone)
    if date is None:
        log.error(
            "Comment %s: field 'date' is %r, not a full date like 2024-05-02 18:30; skipped",
            path, meta.get("date", ""),
        )
        return None
    website = meta.get("website") or None
    if website and safe_website(website) is None:
        log.warning("Comment %s: field 'website' %r is not an http(s) URL; not linked",
                    path, website)
    unknown = sorted(set(meta) - set(FIELDS))
    if unknown:
        log.warning("Comment %s: unknown fields %s ignored (known: %s)",
                    path, ", ".join(unknown), ", ".join(FIELDS))
    return Comment(
        id=path.stem,
        author=author,
        date=date,
        html=render_body(body),
        source=path,
        website=safe_website(website),
        replyto=(meta.get("replyto") or "").strip() or None,
    )


def read_post_comments(folder: Path, timezone: str) -> list[Comment]:
    """Every readable comment in ``folder`` (one post's), oldest first."""
    comments = []
    for path in sorted(folder.glob("*.md")):
        comment = read_comment(path, timezone)
        if comment is not None:
            comments.append(comment)
    return sorted(comments, key=lambda c: (c.date, c.id))


def thread(comments: list[Comment], max_depth: int) -> list[Comment]:
    """Nest ``comments`` (oldest first) by ``replyto``; returns the top-level ones.

    A reply deeper than ``max_depth`` is attached to its ancestor at the deepest
    allowed level, as WordPress does. An unknown or circular ``replyto`` is
    logged and the comment is shown at the top level, so nothing is lost.
    """
    by_id = {c.id: c for c in comments}
    top: list[Comment] = []
    for comment in comments:
        comment.replies, comment.parent, comment.depth = [], None, 0
    for comment in comments:
        parent = by_id.get(comment.replyto) if comment.replyto else None
        if comment.replyto and (parent is None or _is_ancestor(comment, parent, by_id)):
            log.warning(
                "Comment %s: field 'replyto' names %r, which is no other comment on this "
                "post (or the replies form a loop); shown as a new thread",
                comment.source, comment.replyto,
            )
            parent = None
        comment.parent = parent
    for comment in comments:  # oldest first, so each list of replies is in date order
        chain = _ancestors(comment)  # nearest first
        comment.depth = min(len(chain), max_depth - 1)
        if comment.depth == 0:
            top.append(comment)
        else:
            # The ancestor one level above the depth shown (the parent, unless flattened).
            chain[len(chain) - comment.depth].replies.append(comment)
    return top


def _ancestors(comment: Comment) -> list[Comment]:
    chain = []
    current = comment.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def _is_ancestor(comment: Comment, candidate: Comment, by_id: dict[str, Comment]) -> bool:
    """True when following ``replyto`` from ``candidate`` leads back to ``comment``."""
    seen = set()
    current: Comment | None = candidate
    while current is not None and current.id not in seen:
        if current is comment:
            return True
        seen.add(current.id)
        current = by_id.get(current.replyto) if current.replyto else None
    return current is comment
