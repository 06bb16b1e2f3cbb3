"""The _headers file that drag-and-drop hosts (Netlify, Cloudflare Pages) read."""

from __future__ import annotations

from .report import Problem
from .site import OutputSite

NAME = "headers"
REQUIRED = ("Content-Security-Policy", "X-Content-Type-Options")


def check_headers_file(site: OutputSite) -> list[Problem]:
    """_headers must exist and set the security headers for every path (``/*``)."""
    path = site.folder / "_headers"
    if not path.is_file():
        return [Problem(NAME, "_headers", "missing: the host would serve the site without a CSP")]
    text = path.read_text(encoding="utf-8", errors="replace")
    return [
        Problem(NAME, "_headers", f"does not set {header}")
        for header in REQUIRED
        if header.lower() + ":" not in text.lower()
    ]
