"""The site's Content-Security-Policy and security headers, written as output/_headers.

Netlify and Cloudflare Pages read ``_headers``: a URL pattern, then indented
``Name: value`` lines. The policy starts from 'self' only and adds the origins
each comment mode in use declared (modes.py), so a build in mailto mode allows
no third party at all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

MARKER = "# Written by thoughtful.comments (csp.py); edit the settings, not this file."

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "frame-src": ("'none'",),
    "form-action": ("'self'",),
    "base-uri": ("'self'",),
    "object-src": ("'none'",),
    "frame-ancestors": ("'none'",),
}

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def merge_origins(*many: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Union of several ``{directive: origins}`` maps."""
    merged: dict[str, set[str]] = {}
    for origins in many:
        for directive, sources in origins.items():
            merged.setdefault(directive, set()).update(sources)
    return merged


def policy(origins: Mapping[str, Iterable[str]]) -> str:
    """The CSP header value: BASE_POLICY plus ``origins`` per directive, sorted, stable."""
    directives = dict(BASE_POLICY)
    for directive in origins:
        directives.setdefault(directive, ("'self'",))
    parts = []
    for directive, base in directives.items():
        extra = sorted(set(origins.get(directive, ())) - set(base))
        sources = [s for s in base if not (s == "'none'" and extra)] + extra
        parts.append(f"{directive} {' '.join(sources)}")
    return "; ".join(parts)


def headers_text(origins: Mapping[str, Iterable[str]]) -> str:
    """The whole ``_headers`` file: every path gets the CSP and the security headers."""
    lines = [MARKER, "/*", f"  Content-Security-Policy: {policy(origins)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    return "\n".join(lines) + "\n"


def write_headers(output: Path, origins: Mapping[str, Iterable[str]]) -> Path | None:
    """Write ``output/_headers``; returns its path, or None when it was left alone.

    A ``_headers`` file the writer supplied (no MARKER line) is never overwritten.
    """
    target = (output / "_headers").resolve()
    if not target.is_relative_to(output.resolve()):
        log.error("Not writing %s: it resolves outside the output folder %s", target, output)
        return None
    if target.exists() and MARKER not in target.read_text(encoding="utf-8", errors="replace"):
        log.warning("%s exists and was not written by the build; left as it is. "
                    "Add this policy to it yourself: %s", target, policy(origins))
        return None
    target.write_text(headers_text(origins), encoding="utf-8")
    return target


def parse_headers(text: str) -> dict[str, dict[str, str]]:
    """Read a ``_headers`` file back: ``{pattern: {header: value}}`` (for servers and tests)."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None:
            name, _, value = line.strip().partition(":")
            current[name.strip()] = value.strip()
    return rules
