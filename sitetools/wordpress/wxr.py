"""Read a WordPress export (WXR 1.0 to 1.2, or WordPress.com's .zip of them) safely.

lxml parses with entity expansion, DTD loading and network access off; a document
with a DOCTYPE is refused outright (as WordPress's own importer does), and a
malformed or truncated file is refused with the last item read before the error.
Namespaces are matched by local name, so 1.0/1.1/1.2 and their https:// forms
all read the same. Nothing here keeps e-mail or IP fields: they are never copied
out of the XML tree.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree


class ExportError(ValueError):
    """An export that cannot be read; the message names the file and where."""


@dataclass
class WPComment:
    """One ``wp:comment``, without its e-mail, IP, user agent or meta (never read)."""

    id: str
    author: str
    url: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str
    parent: str


@dataclass
class WPItem:
    """One ``<item>``: a post, page, attachment or anything else the export holds."""

    id: str
    type: str
    status: str
    title: str
    link: str
    guid: str
    content: str
    excerpt: str
    name: str
    date: str
    date_gmt: str
    parent: str
    has_password: bool
    comment_status: str
    creator: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    attachment_url: str = ""
    comments: list[WPComment] = field(default_factory=list)


@dataclass
class WPExport:
    """Everything the importer needs from one or more export files."""

    base_url: str = ""
    items: list[WPItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # repairs made while reading


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                       dtd_validation=False, huge_tree=False, remove_blank_text=False)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# XML 1.0 forbids these; real exports contain them (pasted text), so they are replaced.
_ILLEGAL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ATOM_USED = re.compile(rb"<atom:")
_ROOT_TAG = re.compile(rb"<rss\b")


def read_export(path: Path) -> WPExport:
    """Read ``path`` (an .xml file, or a .zip of them) into one :class:`WPExport`.

    Raises :class:`ExportError` naming the file (and, for a broken file, the last
    item read before the break).
    """
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such export file")
    export = WPExport()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if n.lower().endswith(".xml"))
            if not names:
                raise ExportError(f"{path}: the .zip holds no .xml export")
            for name in names:
                _read_document(archive.read(name), f"{path}:{name}", export)
    else:
        _read_document(path.read_bytes(), str(path), export)
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in export.items:  # one item in two files of a .zip counts once
        key = (item.type, item.id)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    export.items = unique
    return export


def _read_document(data: bytes, name: str, export: WPExport) -> None:
    # A DOCTYPE can only come before the root element; "<!DOCTYPE html>" inside a
    # post about HTML is text in CDATA, not a declaration.
    head = data[: data.find(b"<rss")] if b"<rss" in data else data[:4096]
    if _DOCTYPE.search(head):
        raise ExportError(
            f"{name}: the file declares a DOCTYPE; a WordPress export never does, and "
            "entity declarations can read local files or exhaust memory. Refused."
        )
    count = len(_ILLEGAL.findall(data))
    if count:
        data = _ILLEGAL.sub(b"\xef\xbf\xbd", data)
        export.notes.append(f"{name}: {count} control character(s) not allowed in XML "
                            "replaced by \N{REPLACEMENT CHARACTER}")
    if _ATOM_USED.search(data) and b"xmlns:atom" not in data[:10_000]:
        # Older WordPress.com exports use atom:link without declaring the prefix.
        data = _ROOT_TAG.sub(b'<rss xmlns:atom="http://www.w3.org/2005/Atom"', data, count=1)
        export.notes.append(f"{name}: undeclared atom: prefix declared")
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise ExportError(f"{name}: not a complete WordPress export ({err.msg}, line "
                          f"{err.lineno}); {_last_item_before(data, err.lineno)}. "
                          "Nothing was written.") from None
    if root.getroottree().docinfo.doctype:
        raise ExportError(f"{name}: the file declares a DOCTYPE; refused")
    channel = _child(root, "channel")
    if _local(root.tag) != "rss" or channel is None:
        raise ExportError(f"{name}: not a WordPress export (no <rss><channel>)")
    export.base_url = export.base_url or _text(channel, "base_blog_url") or _text(channel, "link")
    for element in channel:
        if _local(element.tag) == "item":
            export.items.append(_item(element))


def _last_item_before(data: bytes, line: int) -> str:
    """Name the last item that started before ``line``, for the error message."""
    text = b"\n".join(data.split(b"\n")[: max(line, 1)])
    start = text.rfind(b"<item>")
    if start < 0:
        return "it broke before the first item"
    chunk = text[start:]
    found = re.search(rb"<wp:post_id>(?:<!\[CDATA\[)?(\d+)", chunk)
    title = re.search(rb"<title>(?:<!\[CDATA\[)?([^<\]]*)", chunk)
    where = f"item {found.group(1).decode()}" if found else "an item"
    if title and title.group(1).strip():
        where += f" ({title.group(1).decode('utf-8', 'replace').strip()!r})"
    return f"it broke in {where}"


@lru_cache(maxsize=256)  # a handful of distinct tags, looked up ~150 times per post
def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child(element, name: str, prefix: str | None = None):
    for child in element:
        if _local(child.tag) == name and (prefix is None or _prefix(child.tag) == prefix):
            return child
    return None


@lru_cache(maxsize=256)
def _prefix(tag: str) -> str:
    """``wp``, ``excerpt``, ``content``, ``dc`` or ``""`` from the namespace URI."""
    namespace = etree.QName(tag).namespace or ""
    if "wordpress.org/export/" in namespace:
        return "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content"
    if "purl.org/dc/" in namespace:
        return "dc"
    return ""


def _text(element, name: str, prefix: str | None = None) -> str:
    child = _child(element, name, prefix)
    return (child.text or "") if child is not None else ""


def _item(element) -> WPItem:
    item = WPItem(
        id=_text(element, "post_id", "wp").strip(),
        type=_text(element, "post_type", "wp").strip() or "post",
        status=_text(element, "status", "wp").strip() or "publish",
        title=_text(element, "title"),
        link=_text(element, "link").strip(),
        guid=_text(element, "guid").strip(),
        content=_text(element, "encoded", "content"),
        excerpt=_text(element, "encoded", "excerpt"),
        name=_text(element, "post_name", "wp").strip(),
        date=_text(element, "post_date", "wp").strip(),
        date_gmt=_text(element, "post_date_gmt", "wp").strip(),
        parent=_text(element, "post_parent", "wp").strip(),
        # Only whether there is one: the password itself is never kept.
        has_password=bool(_text(element, "post_password", "wp").strip()),
        comment_status=_text(element, "comment_status", "wp").strip(),
        creator=_text(element, "creator", "dc").strip(),
        attachment_url=_text(element, "attachment_url", "wp").strip(),
    )
    seen = set()
    for child in element:
        name = _local(child.tag)
        if name == "category" and child.get("domain") in ("category", "post_tag"):
            key = (child.get("domain"), child.get("nicename") or "", (child.text or "").strip())
            if key in seen:  # WXR 1.0 wrote some terms twice
                continue
            seen.add(key)
            target = item.categories if key[0] == "category" else item.tags
            target.append((key[1], key[2]))
        elif name == "postmeta":
            key = _text(child, "meta_key", "wp")
            item.meta.setdefault(key, []).append(_text(child, "meta_value", "wp"))
        elif name == "comment":
            item.comments.append(WPComment(
                id=_text(child, "comment_id", "wp").strip(),
                author=_text(child, "comment_author", "wp"),
                url=_text(child, "comment_author_url", "wp").strip(),
                date=_text(child, "comment_date", "wp").strip(),
                date_gmt=_text(child, "comment_date_gmt", "wp").strip(),
                content=_text(child, "comment_content", "wp"),
                approved=_text(child, "comment_approved", "wp").strip(),
                type=_text(child, "comment_type", "wp").strip(),
                parent=_text(child, "comment_parent", "wp").strip() or "0",
            ))
    return item
