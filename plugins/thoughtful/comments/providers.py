"""The icons under "click an icon to log in", each honest about what it does.

An icon either logs in through a real backend (after the click that loads it),
links somewhere real (the post's Mastodon or Bluesky thread), or is shown as
unavailable with the reason in text. None of them pretends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .modes import Backend
from .settings import PROVIDERS
from .store import safe_website

# Providers whose icon can link to the post's own thread, from a metadata field.
THREAD_LINKS = {"mastodon": "mastodon", "bluesky": "bluesky"}


@dataclass(frozen=True)
class Provider:
    """One icon: ``action`` is "login", "link" or "unavailable"."""

    key: str
    name: str
    action: str
    label: str  # the accessible name, also shown as text
    href: str | None = None
    reason: str | None = None


def providers(
    mode: str, backend: Backend | None, cfg: Mapping[str, Any], meta: Mapping[str, Any]
) -> list[Provider]:
    """The icons for one post in ``mode``: the backend's log-ins first, then the site's list."""
    text = cfg["THOUGHTFUL_COMMENTS_TEXT"]
    logins = backend.logins if backend else ()
    keys = list(dict.fromkeys([*logins, *cfg["THOUGHTFUL_COMMENTS_PROVIDERS"]]))
    result = []
    for key in keys:
        name = PROVIDERS[key]
        thread = safe_website(meta.get(THREAD_LINKS[key])) if key in THREAD_LINKS else None
        if key in logins and backend is not None:
            label = text["login_with"].format(provider=name, backend=backend.name)
            result.append(Provider(key, name, "login", label))
        elif thread:
            result.append(Provider(key, name, "link", text["reply_on"].format(provider=name),
                                   href=thread))
        else:
            if key in THREAD_LINKS:
                reason = text["reason_no_thread"]
            elif backend is not None:
                reason = text["reason_not_offered"].format(backend=backend.name)
            else:
                reason = text["reason_static"]
            result.append(Provider(key, name, "unavailable", f"{name}: {text['unavailable']}",
                                   reason=reason))
    return result
