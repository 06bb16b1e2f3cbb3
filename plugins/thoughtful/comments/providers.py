"""The icons beside "click an icon to log in", each a normal button that does what it says.

An icon either logs in through a real backend (``login``: the click loads it),
links to the post's own thread (``link``: Mastodon, Bluesky), or, where nothing
behind this blog can log in with that provider (``explain``), says so when
clicked and sends the reader to the fields below. Nothing looks disabled and no
reasons are printed before anyone asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .modes import Backend
from .settings import PROVIDERS
from .store import safe_website

# Providers whose icon links to the post's own thread, from a metadata field.
THREAD_LINKS = {"mastodon": "mastodon", "bluesky": "bluesky"}
# Old keys still accepted in THOUGHTFUL_COMMENTS_PROVIDERS.
ALIASES = {"twitter": "x"}
# Modes whose own fields (name, email, website) are on the page.
FIELD_MODES = ("mailto", "isso")


@dataclass(frozen=True, slots=True)
class Provider:
    """One icon: ``action`` is "login", "link" or "explain"; ``key`` names its icon file."""

    key: str
    name: str
    action: str
    label: str  # the accessible name, and the tooltip
    href: str | None = None
    message: str | None = None  # what an "explain" icon announces when clicked


def providers(
    mode: str, backend: Backend | None, cfg: Mapping[str, Any], meta: Mapping[str, Any]
) -> list[Provider]:
    """The icons for one post in ``mode``.

    Backend log-ins first, then (in the modes with fields) the site's list, then the
    post's Mastodon/Bluesky threads. A backend with its own log-in (giscus, Remark42)
    shows only what it offers: an icon there that could only explain would be noise.
    """
    text = cfg["THOUGHTFUL_COMMENTS_TEXT"]
    logins = [ALIASES.get(k, k) for k in (backend.logins if backend else ())]
    threads = [k for k, field in THREAD_LINKS.items() if safe_website(meta.get(field))]
    # Posts without a thread link of their own share one list of (frozen) icons per
    # mode: one per post was ~1.5 KB each, 15 MB at 10,000 posts.
    shared = None if threads else (id(cfg), mode, tuple(logins))
    if shared is not None and _shared.get(shared, (None,))[0] is cfg:
        return list(_shared[shared][1])
    keys = list(logins)
    if mode in FIELD_MODES:
        keys += [ALIASES.get(k, k) for k in cfg["THOUGHTFUL_COMMENTS_PROVIDERS"]]
    keys += threads
    fallback = text["login_or_email"] if mode == "mailto" else text["login_or_fields"]
    result = []
    for key in dict.fromkeys(keys):
        name = PROVIDERS[key]
        thread = safe_website(meta.get(THREAD_LINKS[key])) if key in THREAD_LINKS else None
        if key in logins:
            result.append(Provider(key, name, "login", text["login_with"].format(provider=name)))
        elif thread:
            result.append(Provider(key, name, "link", text["reply_on"].format(provider=name),
                                   href=thread))
        else:
            message = f"{text['login_needs_server'].format(provider=name)} {fallback}"
            result.append(Provider(key, name, "explain",
                                   text["login_with"].format(provider=name), message=message))
    if shared is not None:
        if len(_shared) > 16:
            _shared.clear()
        _shared[shared] = (cfg, tuple(result))  # cfg kept: its id stays its own
    return result


_shared: dict[tuple, tuple[Mapping[str, Any], tuple[Provider, ...]]] = {}
