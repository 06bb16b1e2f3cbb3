"""Settings of the ``thoughtful.site`` half: every default in one dict.

Set any of these in pelicanconf.py to change it; a wrong value is reported by
name and the default is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from thoughtful.config import of_type

if TYPE_CHECKING:
    from .headers import Policy

DEFAULTS = {
    # Reject dates that are not full dates ("2024", "Tuesday"): Pelican would
    # silently fill in the missing parts from today's date.
    "THOUGHTFUL_SITE_CHECK_DATES": True,
    # Report two files that would be written to the same URL, and skip the
    # later one, instead of stopping the whole build.
    "THOUGHTFUL_SITE_CHECK_COLLISIONS": True,
    # Write the security headers (Content-Security-Policy and others) as output/_headers
    # and output/_nginx.conf, and as a <meta> CSP in each page of a build with an
    # absolute SITEURL (site/headers.py).
    "THOUGHTFUL_SITE_HEADERS": True,
    # Extra sources per CSP directive for every page, e.g. {"img-src": ["https://cdn.example"]}.
    "THOUGHTFUL_SITE_CSP_EXTRA": {},
    # Redirects that belong to no post (old feeds, archives): OLD-PATH TARGET lines,
    # relative to PATH (content/). Posts list their own old paths in Aliases:.
    "THOUGHTFUL_SITE_REDIRECTS_FILE": "redirects.txt",
}

VALIDATORS = {
    "THOUGHTFUL_SITE_CHECK_DATES": of_type(bool),
    "THOUGHTFUL_SITE_CHECK_COLLISIONS": of_type(bool),
    "THOUGHTFUL_SITE_HEADERS": of_type(bool),
    "THOUGHTFUL_SITE_CSP_EXTRA": lambda value: _check_origins(value),
    "THOUGHTFUL_SITE_REDIRECTS_FILE": of_type(str),
}


def _check_origins(value: Any) -> str | None:
    from .headers import check_origins  # headers.py imports this module

    return check_origins(value)

# This half's State is kept on the build's settings under this name.
KEY = "THOUGHTFUL_SITE"
PLUGIN = "thoughtful.site"


@dataclass
class State:
    """This build of the site half: its settings and the policy the halves add to."""

    cfg: dict[str, Any]
    policy: Policy


def setting(settings: dict[str, Any], name: str) -> Any:
    """This half's value of ``name`` for the build (the default when the half is off)."""
    state = settings.get(KEY)
    return state.cfg[name] if state is not None else DEFAULTS[name]
