"""A page's description: its summary or first paragraph, as plain text, cut at a word."""

from __future__ import annotations

import re

from markupsafe import Markup

_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """``html`` as text: tags stripped, entities decoded once, whitespace collapsed.

    The result is plain text; autoescaping escapes it once when a template prints it.
    """
    return Markup(html).striptags()


def first_paragraph(html: str) -> str:
    """The first paragraph of ``html`` that has text (an image-only paragraph is skipped)."""
    for match in _PARAGRAPH.finditer(html):
        if _TAG.sub("", match.group(1)).strip():
            return match.group(1)
    return ""


def cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters, at a word boundary, with "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    # Keep the head whole when it ends a word; text without spaces (CJK) is cut where it is.
    if not text[limit - 1].isspace() and space > limit * 0.6:
        head = head[:space]
    return head.rstrip(" ,;:.-–—") + "…"


def describe(summary: str | None, content: str, limit: int) -> str:
    """Description from a post's ``summary`` metadata, else its first paragraph."""
    source = summary if summary and summary.strip() else first_paragraph(content)
    return cut(plain_text(source), limit)

