"""One guard for every path the project writes or deletes, and one cache location."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


class OutsideError(ValueError):
    """A path that would leave the folder it must stay in."""


def inside(path: str | os.PathLike, folder: str | os.PathLike) -> Path:
    """``path`` resolved (symlinks followed), after checking it stays in ``folder``.

    Raises :class:`OutsideError` naming both when it does not. ``folder`` itself
    counts as inside; use :func:`below` when the folder itself must be refused.
    """
    resolved, root = Path(path).resolve(), Path(folder).resolve()
    if not resolved.is_relative_to(root):
        raise OutsideError(f"refusing to touch {resolved}: it is outside {root}")
    return resolved


def below(path: str | os.PathLike, folder: str | os.PathLike) -> Path:
    """Like :func:`inside`, but ``folder`` itself is refused too (a child is needed)."""
    resolved = inside(path, folder)
    if resolved == Path(folder).resolve():
        raise OutsideError(f"refusing to touch {resolved}: a path inside it was expected")
    return resolved


def cache_root(settings: dict[str, Any]) -> Path:
    """Where the project keeps its caches (cards, comment threads, deploy manifests).

    ``THOUGHTFUL_CACHE_PATH`` when set, else the parent of Pelican's ``CACHE_PATH``
    (``.cache/`` beside ``content/`` with this project's settings).
    """
    if settings.get("THOUGHTFUL_CACHE_PATH"):
        return Path(settings["THOUGHTFUL_CACHE_PATH"])
    return Path(settings.get("CACHE_PATH") or "cache").resolve().parent
