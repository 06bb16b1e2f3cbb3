"""What a deploy changes, computed the same way for every target, and how a dry run shows it."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..paths import MARKER
from .stamp import STAMP

ADD, UPDATE, DELETE = "add", "update", "delete"
# The project's own bookkeeping in a built folder: never deployed.
NOT_DEPLOYED = (MARKER, STAMP)


@dataclass(frozen=True, order=True)
class Change:
    """One file the deploy adds, updates or deletes, by its path in the site."""

    action: str
    path: str


def md5_hex(data: bytes) -> str:
    """The digest S3 reports as ETag for a single-part upload."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def site_files(folder: Path) -> list[str]:
    """Every file a deploy ships from ``folder``, as sorted posix paths relative to it.

    The marker and the stamp (``NOT_DEPLOYED``) at the top of a built folder are left out.
    """
    names = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(name for name in names if name not in NOT_DEPLOYED)


def local_files(folder: Path, digest: Callable[[bytes], str] = md5_hex) -> dict[str, str]:
    """``{posix path relative to folder: digest of its bytes}`` for every file deployed."""
    return {name: digest((folder / name).read_bytes()) for name in site_files(folder)}


def copy_site(folder: Path, destination: Path) -> None:
    """Copy what is deployed of ``folder`` (all but ``NOT_DEPLOYED``) to a new ``destination``."""
    top = Path(folder).resolve()

    def skipped(where: str, names: list[str]) -> set[str]:
        return set(NOT_DEPLOYED) & set(names) if Path(where).resolve() == top else set()

    shutil.copytree(folder, destination, ignore=skipped)


def diff(local: dict[str, str], remote: dict[str, str]) -> list[Change]:
    """Changes that make ``remote`` equal ``local`` (both ``{path: digest}``)."""
    changes = [Change(ADD, p) for p in local if p not in remote]
    changes += [Change(UPDATE, p) for p in local if p in remote and remote[p] != local[p]]
    changes += [Change(DELETE, p) for p in remote if p not in local]
    return sorted(changes, key=lambda c: (c.path, c.action))


def format_changes(changes: list[Change], *, dry_run: bool) -> str:
    """One line per change and a count, worded for a dry run or a done deploy."""
    lines = [f"  {c.action:<6} {c.path}" for c in changes]
    counts = {a: sum(c.action == a for c in changes) for a in (ADD, UPDATE, DELETE)}
    summary = ", ".join(f"{n} {a}" for a, n in counts.items())
    if dry_run:
        lines.append(f"dry run: deploy would change {len(changes)} file(s): {summary}")
    else:
        lines.append(f"deployed: {len(changes)} file(s) changed: {summary}")
    return "\n".join(lines)
