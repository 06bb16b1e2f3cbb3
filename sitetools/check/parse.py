"""Read what the checks need out of one HTML page, with the standard library's parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Attributes that point at another file or page, per element.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
# <link rel=...> values that name a resource, not a relation to a page elsewhere.
_SKIP_LINK_RELS = {"preconnect", "dns-prefetch", "webmention", "me", "pingback"}


@dataclass(frozen=True)
class Reference:
    """One URL a page uses: the element and attribute it came from, and the URL."""

    tag: str
    attribute: str
    url: str
    line: int


@dataclass
class Page:
    """What one HTML page offers (anchors) and uses (references, meta tags)."""

    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    styles: list[str] = field(default_factory=list)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` value (each candidate is "URL [descriptor]")."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key and key not in self.page.meta:
                self.page.meta[key] = values.get("content", "")
        if tag == "style":
            self._in_style = True
        if tag == "link" and set(values.get("rel", "").lower().split()) & _SKIP_LINK_RELS:
            return
        line = self.getpos()[0]
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute, "").strip()
            if not value:
                continue
            urls = srcset_urls(value) if attribute == "srcset" else [value]
            self.page.references.extend(Reference(tag, attribute, url, line) for url in urls)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.page.styles.append(data)


def parse_page(html: str) -> Page:
    """Anchors, references and meta tags of one page."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.page
