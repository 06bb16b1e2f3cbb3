"""Broken internal links, missing #anchors, and missing images, scripts, styles and fonts."""

from __future__ import annotations

import re
from pathlib import Path

from .report import Problem
from .site import OutputSite

NAME = "links"
# url(...) in CSS, quoted or not.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
# Fragments every browser understands without a matching id.
_BUILTIN_FRAGMENTS = {"", "top"}
_ASSET_TAGS = {
    "img",
    "source",
    "script",
    "link",
    "video",
    "audio",
    "track",
    "embed",
    "object",
    "iframe",
}


def css_urls(text: str) -> list[str]:
    """The URLs a stylesheet loads (``url(...)``), without data: URLs."""
    return [
        m.group(2).strip() for m in _CSS_URL.finditer(text) if not m.group(2).startswith("data:")
    ]


def check_links(site: OutputSite) -> list[Problem]:
    """Every internal reference in every page and stylesheet must lead to a file (and anchor)."""
    problems: list[Problem] = []
    for path in site.html_files:
        page = site.page(path)
        for ref in page.references:
            what = "missing asset" if ref.tag in _ASSET_TAGS else "broken link"
            where = f"<{ref.tag} {ref.attribute}> line {ref.line}"
            problems.extend(_check_url(site, path, ref.url, what, where))
        for style in page.styles:
            for url in css_urls(style):
                problems.extend(_check_url(site, path, url, "missing asset", "inline <style>"))
    for css in sorted(site.folder.rglob("*.css")):
        for url in css_urls(css.read_text(encoding="utf-8", errors="replace")):
            problems.extend(_check_url(site, css, url, "missing asset", "url() in stylesheet"))
    return problems


def _check_url(site: OutputSite, source: Path, url: str, what: str, where: str) -> list[Problem]:
    target = site.resolve(url, source)
    if target.external:
        return []
    if target.path is None:
        return [Problem(NAME, site.rel(source), f"{what}: {url} ({where})")]
    if target.fragment in _BUILTIN_FRAGMENTS or target.path.suffix != ".html":
        return []
    if target.fragment not in site.page(target.path).ids:
        return [Problem(NAME, site.rel(source), f"missing anchor: {url} ({where})")]
    return []
