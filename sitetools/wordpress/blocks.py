"""The two WordPress editors' raw text made into plain HTML.

Classic editor: paragraphs are blank lines and single newlines are line breaks
(WordPress's ``wpautop`` adds ``<p>``/``<br>`` when a page is shown; the export has
neither). Block editor (Gutenberg): the HTML is already there between
``<!-- wp:name {attrs} -->`` comments; the comments go, reusable blocks are
inlined, embeds become links, and dynamic blocks (saved without content) are
reported because nothing of them can be kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .embeds import embed_html

_BLOCK_TAGS = ("address|article|aside|blockquote|details|div|dl|fieldset|figcaption|figure|"
               "footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|"
               "tfoot|th|thead|tr|ul|iframe|script|style|object|video|audio|caption|summary")
_STARTS_BLOCK = re.compile(rf"^\s*</?(?:{_BLOCK_TAGS})\b", re.IGNORECASE)
_BLOCK_EDGE = re.compile(rf"(</?(?:{_BLOCK_TAGS})\b[^>]*>)\s*\n\s*", re.IGNORECASE)
_NEWLINE_BEFORE_BLOCK = re.compile(rf"\s*\n\s*(?=</?(?:{_BLOCK_TAGS})\b)", re.IGNORECASE)
_DELIMITER = re.compile(
    r"<!--\s+(/)?wp:([a-z][a-z0-9_/-]*)(\s+\{.*?\})?\s+(/)?-->", re.DOTALL)
MORE = re.compile(r"<!--more(.*?)-->", re.DOTALL)
NEXTPAGE = re.compile(r"<!--nextpage-->")


def is_block_content(text: str) -> bool:
    """True when the post was written in the block editor."""
    return "<!-- wp:" in text


def autop(text: str) -> str:
    """WordPress's ``wpautop``: blank lines make paragraphs, a single newline a ``<br>``.

    Chunks that start with a block tag (a list, a table, a figure ...) are left
    as they are, and no ``<br>`` is put next to a block tag, as WordPress does.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_BLOCK.match(chunk):
            paragraphs.append(chunk)
            continue
        chunk = _BLOCK_EDGE.sub(r"\1", chunk)
        chunk = _NEWLINE_BEFORE_BLOCK.sub("", chunk)
        chunk = re.sub(r"(?<!<br>)(?<!<br/>)(?<!<br />)\n", "<br>\n", chunk)
        paragraphs.append(f"<p>{chunk}</p>")
    return "\n\n".join(paragraphs)


def unblock(text: str, reusable: Callable[[str], str | None], losses: list[str],
            notes: list[str], depth: int = 0) -> str:
    """Block-editor text without block comments; reusable blocks inlined (3 levels)."""
    out, pos = [], 0
    embed_until = None
    for match in _DELIMITER.finditer(text):
        closing, name, raw_attrs, selfclose = match.groups()
        if embed_until is not None:
            if closing and name == embed_until[0]:
                out.append(embed_until[1])
                pos = match.end()
                embed_until = None
            continue
        out.append(text[pos:match.start()])
        pos = match.end()
        attrs = _attrs(raw_attrs)
        if selfclose:
            if name == "block" and attrs.get("ref") is not None:
                inner = reusable(str(attrs["ref"])) if depth < 3 else None
                if inner is None:
                    losses.append(f"reusable block {attrs['ref']} is not in the export: dropped")
                else:
                    out.append(unblock(inner, reusable, losses, notes, depth + 1))
            elif name not in ("more", "nextpage", "separator", "spacer"):
                losses.append(f"dynamic block '{name}' has no saved content: dropped")
            continue
        if not closing and (name == "embed" or name.startswith(("core-embed/", "embed/"))):
            url = str(attrs.get("url") or "")
            replacement = embed_html(url) if url else ""
            if replacement:
                notes.append(f"embed became a link ({url})")
            else:
                losses.append(f"embed block '{name}' without an address dropped")
            embed_until = (name, replacement)
    if embed_until is not None:  # an embed block never closed: keep what followed it
        out.append(embed_until[1])
    out.append(text[pos:])
    return "".join(out)


def _attrs(raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
