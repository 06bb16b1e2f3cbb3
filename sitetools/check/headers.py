"""The _headers file that drag-and-drop hosts (Netlify, Cloudflare Pages) read.

It is written by the site half (plugins/thoughtful/site/headers.py). The check
reads it as those hosts do: a URL pattern, then indented ``Name: value`` lines.
"""

from __future__ import annotations

from thoughtful.site.headers import read_rules

from .report import Problem
from .site import OutputSite

NAME = "headers"
REQUIRED = ("Content-Security-Policy", "X-Content-Type-Options")
# Sources that switch the policy off for what they apply to.
UNSAFE = {"*": "a bare *", "'unsafe-eval'": "'unsafe-eval'"}


def _rules(text: str) -> dict[str, dict[str, list[str]]]:
    """``{pattern: {header name (lower case): [values]}}``."""
    return {pattern: {name.lower(): values for name, values in headers.items()}
            for pattern, headers in read_rules(text).items()}


def _policy_problems(pattern: str, policy: str) -> list[Problem]:
    problems = []
    for directive in filter(None, (part.split() for part in policy.split(";"))):
        name, sources = directive[0], directive[1:]
        for source, words in UNSAFE.items():
            if source in sources:
                problems.append(Problem(NAME, "_headers", f"{pattern}: {name} allows {words}"))
        if name in ("script-src", "default-src") and "'unsafe-inline'" in sources:
            problems.append(Problem(NAME, "_headers", f"{pattern}: {name} allows inline scripts"))
    return problems


def check_headers_file(site: OutputSite) -> list[Problem]:
    """_headers must exist, set the security headers for every path (``/*``), and no
    Content-Security-Policy in it may allow every origin, eval or inline scripts."""
    path = site.folder / "_headers"
    if not path.is_file():
        return [Problem(NAME, "_headers", "missing: the host would serve the site without a CSP")]
    rules = _rules(path.read_text(encoding="utf-8", errors="replace"))
    every = rules.get("/*", {})
    problems = [
        Problem(NAME, "_headers", f"does not set {header} for every path (/*)")
        for header in REQUIRED
        if header.lower() not in every
    ]
    for pattern, values in rules.items():
        for policy in values.get("content-security-policy", []):
            problems += _policy_problems(pattern, policy)
    return problems
