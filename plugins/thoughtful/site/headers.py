"""The site's security headers: one Content-Security-Policy, written for every kind of host.

The policy starts from 'self' only (``BASE_POLICY``). The halves *contribute*
origins, either for every page (``THOUGHTFUL_SITE_CSP_EXTRA``) or for one URL
path (the comments half: a post whose section loads Isso allows Isso's origin
on that post only, see :func:`allow`). At ``finalized`` the same policy is
written three ways:

- ``output/_headers`` for Netlify and Cloudflare Pages;
- ``output/_nginx.conf``, ``add_header`` lines an nginx ``server`` block includes
  (the rsync target; see the README);
- a ``<meta http-equiv="Content-Security-Policy">`` in each page (theme/base.html),
  for hosts that send no headers (GitHub Pages, S3). Browsers ignore
  ``frame-ancestors`` there, so it is left out of the meta.

Why ``/*`` in ``_headers`` carries only part of the policy when some path has
its own origins: Cloudflare joins the values of every rule matching a URL (two
policies, both enforced: the stricter wins), while Netlify keeps the most
specific rule's value. So ``/*`` holds only the directives no path changes,
each page's own meta holds the rest, and a path with origins gets a rule with
its whole policy, which reads the same under either rule.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thoughtful.paths import OutsideError, inside

from .settings import KEY

log = logging.getLogger(__name__)

MARKER = "# Written by thoughtful.site (site/headers.py); edit the settings, not this file."
HEADERS_FILE = "_headers"
NGINX_FILE = "_nginx.conf"
# The writer's own rules, added after the build's (see write).
WRITERS_FILE = "_headers"  # in the content folder

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
# Directives a <meta> policy cannot carry (the CSP spec ignores them there).
NOT_IN_META = ("frame-ancestors", "report-uri", "sandbox")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

Origins = Mapping[str, Iterable[str]]  # CSP directive -> sources

# A source a setting may add: a keyword, a hash, data:/blob:, or one http(s)/ws(s)
# origin (a leading "*." subdomain wildcard allowed), optionally with a path.
_SOURCE = re.compile(
    r"'(?:self|none|unsafe-inline|strict-dynamic|unsafe-hashes|wasm-unsafe-eval)'"
    r"|'(?:sha256|sha384|sha512)-[A-Za-z0-9+/=_-]+'"
    r"|(?:data|blob|mediastream):"
    r"|(?:https?|wss?)://(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[^\s;,'\"]*)?"
)
_DIRECTIVE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def source_problem(source: Any) -> str | None:
    """Why ``source`` cannot go into the policy, or None."""
    if not isinstance(source, str):
        return f"{source!r} is not a string"
    if source == "*":
        return "a bare * would allow every origin"
    if source == "'unsafe-eval'":
        return "'unsafe-eval' would let any script run text as code"
    if any(ch.isspace() for ch in source) or ";" in source or "," in source:
        return f"{source!r} holds a space, ';' or ',' (one source per list item)"
    if not _SOURCE.fullmatch(source):
        return f"{source!r} is not an origin like https://cdn.example or a keyword like 'self'"
    return None


def check_origins(value: Any) -> str | None:
    """Validator for ``{directive: [sources]}`` (the CSP extras setting)."""
    if not isinstance(value, Mapping):
        return "expected a dict like {'img-src': ['https://cdn.example']}"
    for directive, sources in value.items():
        if not isinstance(directive, str) or not _DIRECTIVE.fullmatch(directive):
            return f"{directive!r} is not a CSP directive name like 'img-src'"
        if not isinstance(sources, list | tuple | set | frozenset):
            return (f"[{directive!r}] must be a list of sources, not {type(sources).__name__} "
                    f"{sources!r} (a string would be read letter by letter)")
        for source in sources:
            problem = source_problem(source)
            if problem:
                return f"[{directive!r}]: {problem}"
    return None


def _directives(*many: Origins) -> dict[str, tuple[str, ...]]:
    """BASE_POLICY plus the sources of ``many``, sorted and stable."""
    merged: dict[str, set[str]] = {}
    for origins in many:
        for directive, sources in origins.items():
            merged.setdefault(directive, set()).update(sources)
    directives: dict[str, tuple[str, ...]] = {}
    for directive in [*BASE_POLICY, *sorted(set(merged) - set(BASE_POLICY))]:
        base = BASE_POLICY.get(directive, ("'self'",))
        extra = sorted(merged.get(directive, set()) - set(base))
        directives[directive] = (*(s for s in base if not (s == "'none'" and extra)), *extra)
    return directives


def policy_text(directives: Mapping[str, Iterable[str]], leave_out: Iterable[str] = ()) -> str:
    """A header value: ``default-src 'self'; script-src 'self' https://x; ...``."""
    return "; ".join(f"{d} {' '.join(sources)}" for d, sources in directives.items()
                     if d not in leave_out)


@dataclass
class Policy:
    """This build's Content-Security-Policy: for every page, and per URL path."""

    site: dict[str, set[str]] = field(default_factory=dict)
    paths: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # "/2024/05/x/" -> ...

    def add(self, origins: Origins, path: str | None = None) -> None:
        """Allow ``origins`` on every page, or on the page at URL ``path`` only."""
        target = self.site if path is None else self.paths.setdefault(_url_path(path), {})
        for directive, sources in origins.items():
            target.setdefault(directive, set()).update(sources)

    def directives(self, path: str | None = None) -> dict[str, tuple[str, ...]]:
        """The whole policy of the page at ``path`` (or of a page with no origins of its own)."""
        own = self.paths.get(_url_path(path), {}) if path is not None else {}
        return _directives(self.site, own)

    def meta(self, path: str) -> str:
        """The policy for the page's ``<meta http-equiv>`` (no frame-ancestors)."""
        return policy_text(self.directives(path), NOT_IN_META)

    def shared(self) -> dict[str, tuple[str, ...]]:
        """The directives no path changes: what ``/*`` may carry on every host.

        default-src goes too when any path has origins: a directive a policy leaves
        out falls back to it, which would block those origins again.
        """
        changed = {d for own in self.paths.values() for d in own}
        if changed:
            changed.add("default-src")
        return {d: s for d, s in self.directives().items() if d not in changed}


def _url_path(path: str) -> str:
    """``2024/05/x/index.html`` or ``/2024/05/x/`` -> ``/2024/05/x/`` (one key per page)."""
    path = "/" + path.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    return path.removesuffix("index.html")


def allow(settings: Mapping[str, Any], origins: Origins, path: str | None = None) -> None:
    """Let a half add ``origins`` to the policy (of the page at URL ``path``, or of all).

    Does nothing when the site half (which writes the headers) is off.
    """
    state = settings.get(KEY)
    if state is not None:
        state.policy.add(origins, path)


def _patterns(path: str) -> list[str]:
    """The ``_headers`` URL patterns of one page: the folder and what is in it."""
    if path.endswith("/"):
        return [path, f"{path}*"]
    return [path, path.removesuffix(".html")] if path.endswith(".html") else [path]


def headers_text(policy: Policy, writers: str = "") -> str:
    """The whole ``_headers`` file, the writer's own rules (``writers``) last."""
    lines = [MARKER, "/*", f"  Content-Security-Policy: {policy_text(policy.shared())}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    for path in sorted(policy.paths):
        value = policy_text(policy.directives(path))
        for pattern in _patterns(path):
            lines += [pattern, f"  Content-Security-Policy: {value}"]
    if writers.strip():
        lines += ["", f"# From content/{WRITERS_FILE} (the writer's own rules):", writers.strip()]
    return "\n".join(lines) + "\n"


def nginx_text(policy: Policy) -> str:
    """``add_header`` lines for an nginx ``server`` block (``include .../_nginx.conf;``).

    nginx drops inherited ``add_header`` lines in a ``location`` that has its own, so
    each path's block repeats every header.
    """

    def block(value: str, indent: str) -> list[str]:
        rows = [f'{indent}add_header Content-Security-Policy "{value}" always;']
        rows += [f'{indent}add_header {n} "{v}" always;' for n, v in SECURITY_HEADERS.items()]
        return rows

    lines = [MARKER.replace("this file", "this file; include it in a server block"),
             *block(policy_text(policy.directives()), "")]
    for path in sorted(policy.paths):
        match = "^~" if path.endswith("/") else "="  # a folder and what is in it, or one file
        lines += [f"location {match} {path} {{",
                  *block(policy_text(policy.directives(path)), "    "), "}"]
    return "\n".join(lines) + "\n"


def read_rules(text: str) -> dict[str, dict[str, list[str]]]:
    """Read a ``_headers`` file as hosts do: ``{pattern: {header: [each value given]}}``.

    A URL pattern starts a rule; indented ``Name: value`` lines belong to it.
    """
    rules: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None:
            name, _, value = line.strip().partition(":")
            current.setdefault(name.strip(), []).append(value.strip())
    return rules


def parse_headers(text: str) -> dict[str, dict[str, str]]:
    """Read a ``_headers`` file back: ``{pattern: {header: value}}`` (for servers and tests)."""
    return {pattern: {name: values[-1] for name, values in headers.items()}
            for pattern, headers in read_rules(text).items()}


def headers_for(rules: Mapping[str, Mapping[str, str]], path: str) -> dict[str, str]:
    """The headers Netlify sends for URL ``path``: every matching rule, later ones winning.

    (Cloudflare Pages joins the values instead; see the module docstring.)
    """
    sent: dict[str, str] = {}
    for pattern, values in rules.items():
        if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            sent.update(values)
    return sent


def write(output: Path, content: Path, policy: Policy) -> list[Path]:
    """Write ``_headers`` and ``_nginx.conf`` into ``output``; returns what was written.

    A ``_headers`` already in the output without MARKER (a writer's file copied as a
    static file) is left alone, with an info line; rules in ``content/_headers`` are
    added after the build's own.
    """
    written = []
    writers = _writers_rules(content)
    for name, text in ((HEADERS_FILE, headers_text(policy, writers)),
                       (NGINX_FILE, nginx_text(policy))):
        try:
            target = inside(output / name, output)
        except OutsideError as err:
            log.error("Not writing %s: %s", name, err)
            continue
        if target.exists() and not target.read_text(encoding="utf-8", errors="replace") \
                .startswith(MARKER.removesuffix(" edit the settings, not this file.")):
            log.info("%s was not written by the build and is left as it is; the build's "
                     "policy for every page is: %s", target, policy_text(policy.directives()))
            continue
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _writers_rules(content: Path) -> str:
    path = content / WRITERS_FILE
    if not path.is_file():
        return ""
    log.info("Adding the rules of %s to the build's %s", path, HEADERS_FILE)
    return path.read_text(encoding="utf-8", errors="replace")
