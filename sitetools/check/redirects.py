"""Every redirect lands: redirect pages, ``_redirects`` and the nginx snippet point at real files.

A redirect whose target is missing is a 404 in disguise; a rule in ``_redirects``
without its redirect page would work on Netlify but not on GitHub Pages. It runs
with the links check (``--skip-links`` skips both): a redirect is a link.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from .report import Problem
from .site import OutputSite

_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', re.IGNORECASE)
_MARKER = 'content="thoughtful redirect"'


def check_redirects(site: OutputSite) -> list[Problem]:
    """Problems with the site's redirects (none when it has no redirects)."""
    problems: list[Problem] = []
    home = site.folder / "index.html"
    pages = set()
    for path in site.html_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if _MARKER not in text:
            continue
        pages.add(site.url_of(path))
        found = _REFRESH.search(text)
        target = found.group(1).replace("&amp;", "&") if found else ""
        if not target or not _lands(site, target, path):
            problems.append(Problem("links", site.rel(path),
                                    f"redirects to {target or 'nothing'}, which does not exist or "
                                    "is another redirect"))
    rules = site.folder / "_redirects"
    if rules.is_file():
        for number, line in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1):
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            if len(fields) < 2:
                problems.append(Problem("links", "_redirects", f"line {number}: no target"))
                continue
            source, target = unquote(fields[0]), fields[1]
            if not _lands(site, target, home):
                problems.append(Problem(
                    "links", "_redirects",
                    f"line {number}: {target} does not exist or is another redirect"))
            page = source if source.endswith(".html") else source.rstrip("/") + "/index.html"
            if page not in pages:
                problems.append(Problem("links", "_redirects",
                                        f"line {number}: {source} has no redirect page for hosts "
                                        "without _redirects"))
    return problems


def _lands(site: OutputSite, url: str, from_file) -> bool:
    """True when ``url`` is a real page: not missing, and not another redirect (one hop)."""
    target = site.resolve(url, from_file)
    if target.external:
        return True
    if target.path is None or not target.path.is_file():
        return False
    if target.path.suffix == ".html":
        return _MARKER not in target.path.read_text(encoding="utf-8", errors="replace")
    return True
