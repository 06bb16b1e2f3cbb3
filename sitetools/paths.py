"""Emptying an output folder only when the project can prove it made it.

Deleting is allow-listed: a folder is emptied or removed only when it is new,
empty, or carries the marker file (``.thoughtful-output``) that the project
writes into every output folder it creates. Anything else (a folder of the
writer's documents, ``$HOME``, ``/usr``, a folder of repositories, a link to any
of these) is refused with a message naming it. The marker is never written into
a folder that already holds files, so it cannot be acquired by accident.

On top of the marker, a few places are refused even when marked: the
filesystem root, ``$HOME`` and its ancestors, the project itself and its
content/, theme/ and plugins/ folders, and any folder holding a git repository.
Relative paths mean paths in the project, whatever the shell's current folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

# The marker's name; pelicanconf.py lists it in OUTPUT_RETENTION so that Pelican's
# own cleaning (DELETE_OUTPUT_DIRECTORY) keeps it.
MARKER = ".thoughtful-output"
MARKER_TEXT = (
    "Small Lessons build output. The project's tasks (invoke clean, rebuild, preview,\n"
    "publish) may empty this folder because this file says they made it.\n"
)
# Folders of the project that no output folder may be, be inside or contain.
PROTECTED = ("content", "theme", "plugins")


class UnsafePath(ValueError):
    """The folder to empty is, or holds, something that is not the project's build output."""


def in_project(path: str | os.PathLike, root: Path) -> Path:
    """``path`` as the writer meant it: ``~`` expanded, relative paths inside ``root``."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else Path(root) / path


def is_marked(folder: Path) -> bool:
    """Whether ``folder`` carries the marker the project writes into its output folders."""
    marker = Path(folder) / MARKER
    return marker.is_file() and not marker.is_symlink()


def check_removable(output: Path, root: Path, protected: Iterable[str] = PROTECTED) -> Path:
    """Return ``output`` resolved, or raise ``UnsafePath`` saying why it must stay.

    ``output`` may be emptied when it does not exist, is empty, or carries the
    project's marker; ``root`` is the project folder, ``protected`` names
    folders inside it that no output may touch.
    """
    target = in_project(output, root).resolve()
    root = Path(root).resolve()
    home = Path.home().resolve()
    said = f"Refusing to empty {output}" + (f" ({target})" if str(target) != str(output) else "")
    if target == Path(target.anchor) or target.parent == Path(target.anchor):
        raise UnsafePath(f"{said}: it is the filesystem root or a folder directly in it")
    if home.is_relative_to(target):
        raise UnsafePath(f"{said}: it is your home folder or contains it")
    if root.is_relative_to(target):
        raise UnsafePath(f"{said}: it is or contains the project folder {root}")
    for name in protected:
        folder = (root / name).resolve()
        if folder.is_relative_to(target) or target.is_relative_to(folder):
            raise UnsafePath(f"{said}: it is, contains or is inside {name}/ ({folder})")
    if not target.exists():
        return target
    if not target.is_dir():
        raise UnsafePath(f"{said}: it is a file, not an output folder")
    repo = _repository(target)
    if repo is not None:
        raise UnsafePath(
            f"{said}: it holds a git repository ({repo}); output folders are rebuilt, "
            "repositories are not"
        )
    if not is_marked(target) and any(target.iterdir()):
        raise UnsafePath(
            f"{said}: it holds files the project did not put there (no {MARKER} file). "
            "Choose a new or empty folder; or, if it really is an old build of this site, "
            "delete it yourself once (later builds mark their folder)."
        )
    return target


def mark_output(output: Path, root: Path) -> Path:
    """Create ``output`` if needed and mark it as the project's; returns it resolved.

    Refuses (``UnsafePath``) a folder that ``check_removable`` refuses, so the
    marker only ever goes into a new, empty or already marked folder.
    """
    target = check_removable(output, root)
    target.mkdir(parents=True, exist_ok=True)
    if not is_marked(target):
        (target / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return target


def mark_if_ours(output: Path, root: Path) -> Path | None:
    """``mark_output`` for builds that delete nothing: None instead of an error when
    ``output`` holds files of unknown origin (the build writes into it unmarked)."""
    try:
        return mark_output(output, root)
    except UnsafePath:
        return None


def empty_output(output: Path, root: Path) -> Path:
    """Empty ``output`` for a fresh build, keeping it marked; returns it resolved.

    Used instead of Pelican's ``--delete-output-directory``, whose only guard is
    that the folder does not contain content/. Every file and link goes; real
    folders stay, empty, because the next build writes into most of them again
    (creating ~2,000 folders was a third of publishing an unchanged site here):
    ``prune_empty_folders`` removes those it left empty.
    """
    target = check_removable(output, root)
    if target.is_dir():
        for folder, folders, files in os.walk(target):
            here = Path(folder)
            for name in files + [d for d in folders if (here / d).is_symlink()]:
                if here == target and name == MARKER:
                    continue
                (here / name).unlink()  # a link to a folder is removed as a link
    return mark_output(target, root)


def prune_empty_folders(output: Path) -> list[Path]:
    """Remove the folders under ``output`` that hold nothing (deepest first); returns them.

    Only empty folders go: nothing inside them can be lost.
    """
    removed = []
    for folder, _, _ in os.walk(output, topdown=False):
        here = Path(folder)
        if here != output and not any(here.iterdir()):
            here.rmdir()
            removed.append(here)
    return removed


def remove_output(output: Path, root: Path, protected: Iterable[str] = PROTECTED) -> Path | None:
    """Delete the output folder after ``check_removable``; return what was removed.

    Returns None when there is nothing to remove. A symlinked output folder is
    unlinked, never followed, and only when its target passes the same check.
    Links inside the folder are removed as links (``shutil.rmtree`` does not
    follow them).
    """
    output = in_project(output, root)
    if not output.exists() and not output.is_symlink():
        return None
    target = check_removable(output, root, protected)
    if output.is_symlink():
        output.unlink()
        return output
    shutil.rmtree(target)
    return target


def _repository(folder: Path) -> Path | None:
    """The first git repository at or below ``folder``: a ``.git`` entry or a bare one.

    A bare repository has no ``.git``: it is a folder with ``HEAD`` and ``objects/``.
    Symlinks are not followed: a link to a repository elsewhere is removed as a
    link and never looked into.
    """
    for parent, dirs, files in os.walk(folder, followlinks=False):
        if ".git" in dirs or ".git" in files:
            return Path(parent) / ".git"
        if "HEAD" in files and "objects" in dirs:
            return Path(parent)
    return None
