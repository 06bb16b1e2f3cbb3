"""Read one plugin half's settings: defaults in one dict, validated once.

Each half declares ``DEFAULTS`` (setting name -> default value) and optional
validators. ``load`` merges the user's values over the defaults, checks each
with its validator, and reports a wrong setting by name, keeping the default
so the rest of the site still builds.
"""

import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

Validator = Callable[[Any], str | None]  # returns an error message, or None when fine


class SettingError(ValueError):
    """A setting has a value the plugin cannot use."""


def load(
    settings: Mapping[str, Any],
    defaults: Mapping[str, Any],
    validators: Mapping[str, Validator] | None = None,
) -> dict[str, Any]:
    """Return the half's settings: user values over ``defaults``, each validated.

    A value that fails its validator is logged as an error naming the setting
    (so ``--fatal errors`` fails the build) and replaced by the default.
    """
    merged: dict[str, Any] = {}
    for name, default in defaults.items():
        value = settings.get(name, default)
        problem = (validators or {}).get(name, _accept)(value)
        if problem:
            log.error("Setting %s: %s (using the default %r)", name, problem, default)
            value = default
        merged[name] = value
    return merged


def _accept(_value: Any) -> None:
    return None


def one_of(*choices: Any) -> Validator:
    """Validator: the value is one of ``choices``."""

    def check(value: Any) -> str | None:
        if value not in choices:
            return f"{value!r} is not one of {', '.join(map(repr, choices))}"
        return None

    return check


def of_type(*types: type) -> Validator:
    """Validator: the value is an instance of one of ``types``."""

    def check(value: Any) -> str | None:
        if not isinstance(value, types):
            names = " or ".join(t.__name__ for t in types)
            return f"expected {names}, got {type(value).__name__} {value!r}"
        return None

    return check


def dict_of(defaults: Mapping[str, Any], **checks: Validator) -> Validator:
    """Validator: a dict with only the keys of ``defaults``, each value checked.

    A key's value is checked by ``checks[key]`` when given, else it must have the
    type of its default. An unknown key (often a typo, which would silently keep
    the default) is named with the known ones.
    """

    def check(value: Any) -> str | None:
        if not isinstance(value, Mapping):
            return f"expected a dict with keys {', '.join(map(repr, defaults))}"
        for key, item in value.items():
            if key not in defaults:
                return f"unknown key {key!r} (known: {', '.join(map(repr, defaults))})"
            problem = checks.get(key, of_type(type(defaults[key])))(item)
            if problem:
                return f"[{key!r}]: {problem}"
        return None

    return check


def list_of(*choices: Any) -> Validator:
    """Validator: a list (or tuple) whose items are all among ``choices``."""

    def check(value: Any) -> str | None:
        if not isinstance(value, list | tuple):
            return f"expected a list, got {type(value).__name__} {value!r}"
        unknown = [item for item in value if item not in choices]
        if unknown:
            return f"unknown {', '.join(map(repr, unknown))} (known: {', '.join(choices)})"
        return None

    return check


def http_url(value: Any) -> str | None:
    """Validator: "" (not set) or an absolute http(s) URL with no spaces or quotes."""
    if value == "":
        return None
    if not isinstance(value, str):
        return f"expected an http(s) URL, got {type(value).__name__} {value!r}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc \
            or any(ch in value for ch in " \t\r\n\"'<>;,"):
        return f"expected an http(s) URL like https://comments.example.org, got {value!r}"
    return None


LOOPBACK = ("localhost", "127.0.0.1", "::1")


def is_loopback(url: str) -> bool:
    """True for a URL on this machine only (localhost, 127.x.x.x, ::1)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host in LOOPBACK or host.endswith(".localhost") or host.startswith("127.")
