"""Read one plugin half's settings: defaults in one dict, validated once.

Each half declares ``DEFAULTS`` (setting name -> default value) and optional
validators. ``load`` merges the user's values over the defaults, checks each
with its validator, and reports a wrong setting by name, keeping the default
so the rest of the site still builds.
"""

import logging
from collections.abc import Callable, Mapping
from typing import Any

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
