"""Where each post's stored comments live: ``content/comments/<the post's URL path>/``.

The URL path makes a folder unambiguous: two posts may share a slug
(``2024/12/year-in-review/`` and ``2025/12/year-in-review/``) but never a URL.
Folders of the older layout, ``content/comments/<slug>/``, are still read for
the one post (not a translation) that has that slug; when several posts share
it, the folder is reported, naming them, and read for none.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thoughtful.paths import OutsideError, below

log = logging.getLogger(__name__)


def url_folder(url: str) -> str:
    """The comment folder of a post's URL path, relative to the comments folder.

    >>> url_folder("2024/05/hello/"), url_folder("pages/about.html"), url_folder("a/index.html")
    ('2024/05/hello', 'pages/about', 'a')
    """
    path = url.split("#", 1)[0].split("?", 1)[0].strip("/")
    path = path.removesuffix("index.html").rstrip("/")
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in ("html", "htm") and "/" not in suffix:
        path = stem
    return posixpath.normpath(path) if path else ""


@dataclass
class Folders:
    """The comment folders of one build: which post reads which folder."""

    root: Path
    by_item: dict[int, list[Path]] = field(default_factory=dict)  # id(item) -> its folders
    own: dict[int, str] = field(default_factory=dict)  # id(item) -> new-layout folder (relative)
    ambiguous: set[Path] = field(default_factory=set)

    def of(self, item: Any) -> list[Path]:
        """The folders ``item``'s comments are read from (new layout first)."""
        return self.by_item.get(id(item), [])

    def read(self) -> set[Path]:
        """Every folder some post reads (its own, planned whether or not it exists yet, and
        an older slug folder that exists)."""
        return {f for folders in self.by_item.values() for f in folders}

    def used(self) -> set[Path]:
        """Every folder some post reads, plus the ambiguous ones already reported."""
        return self.read() | self.ambiguous


class _Guard:
    """``below(root / relative, root)`` for many paths, with one walk of ``root`` instead of a
    ``resolve()`` (a system call per path component) for each of thousands of posts.

    Only a symbolic link under ``root`` can take a path that stays lexically inside it
    outside; a path with no link on its way, and no ``..``, resolves to itself.
    Anything else goes through ``below``, so its answer and its message are the same:
    a path that passes a link or a folder the walk could not read, compared without
    case (a case-insensitive disk finds ``Old`` by the name ``old``), or with ``..``.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = root.resolve()
        self.careful: set[str] = set()  # links and unreadable folders, case-folded
        stack = [("", str(root))]
        while stack:
            relative, path = stack.pop()
            try:
                entries = os.scandir(path)
            except FileNotFoundError:
                continue  # no comments folder (yet)
            except OSError:
                self.careful.add(relative.casefold())  # unreadable: its links are unknown
                continue
            with entries:
                for entry in entries:
                    name = f"{relative}/{entry.name}" if relative else entry.name
                    if entry.is_symlink():
                        self.careful.add(name.casefold())
                    elif entry.is_dir():
                        stack.append((name, entry.path))

    def below(self, relative: str) -> Path:
        clean = posixpath.normpath(relative)
        if (clean.startswith(("/", ".")) or ".." in relative.split("/")
                or self._careful(clean.casefold().split("/"))):
            return below(self.root / relative, self.root)
        return self.real / clean

    def _careful(self, parts: list[str]) -> bool:
        if "" in self.careful:
            return True  # the comments folder itself could not be read
        return bool(self.careful) and any(
            "/".join(parts[:n]) in self.careful for n in range(1, len(parts) + 1))


def plan(root: Path, items: Iterable[tuple[Any, bool]], shown: Any = str) -> Folders:
    """Decide the folders of ``items`` (pairs of a post and "is a translation").

    ``shown`` turns a source path into the path the writer sees, for messages.
    """
    folders = Folders(root=root.resolve())
    guard = _Guard(root)
    items = list(items)
    mine: dict[Path, Any] = {}
    for item, _ in items:
        relative = url_folder(getattr(item, "url", "") or "") or item.slug
        try:
            folder = guard.below(relative)
        except OutsideError as err:
            log.error("%s: URL %r: %s; its comments are not read",
                      shown(item.source_path), item.url, err)
            continue
        folders.own[id(item)] = posixpath.normpath(relative)
        folders.by_item[id(item)] = [folder]
        mine[folder] = item

    by_slug: dict[str, list[Any]] = defaultdict(list)
    for item, translation in items:
        if not translation:
            by_slug[item.slug].append(item)
    for slug, owners in by_slug.items():
        try:
            legacy = guard.below(slug)
        except OutsideError as err:
            log.error("%s: slug %r: %s; its comments are not read",
                      shown(owners[0].source_path), slug, err)
            continue
        if legacy in mine or not legacy.is_dir():
            continue  # some post's own folder, or none
        if len(owners) > 1:
            names = ", ".join(sorted(shown(o.source_path) for o in owners))
            log.warning("Comments folder %s is named by the slug %r, which %d posts share (%s); "
                        "it is shown on none of them. Move each comment into "
                        "%s/<the post's URL path>/ of its post",
                        legacy, slug, len(owners), names, root)
            folders.ambiguous.add(legacy)
            continue
        if id(owners[0]) in folders.by_item:
            folders.by_item[id(owners[0])].append(legacy)
    return folders


def orphans(root: Path, used: set[Path]) -> list[Path]:
    """Folders under ``root`` holding comment files that no post reads."""
    if not root.is_dir():
        return []
    holding = {p.parent.resolve() for p in root.rglob("*.md")}
    return sorted(holding - used)
