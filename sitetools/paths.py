"""Deleting the output folder without ever deleting anything of the writer's.

Every check compares resolved paths (``resolve()`` + ``is_relative_to``), never
string prefixes: ``output`` must not be, or contain, the project, its
content/, theme/ or plugins/ folders, or any git repository, and symlinks are
followed before deciding.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

# Folders of the project that no output folder may be or contain.
PROTECTED = ("content", "theme", "plugins")


class UnsafePath(ValueError):
    """The folder to delete is, or holds, something that is not build output."""


def check_removable(output: Path, root: Path, protected: Iterable[str] = PROTECTED) -> Path:
    """Return ``output`` resolved, or raise ``UnsafePath`` saying why it must stay.

    ``root`` is the project folder; ``protected`` names folders inside it.
    """
    target = Path(output).resolve()
    root = Path(root).resolve()
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise UnsafePath(f"Refusing to delete {output}: it resolves to {target}")
    if root.is_relative_to(target):
        raise UnsafePath(
            f"Refusing to delete {output}: it resolves to {target}, "
            f"which is or contains the project folder {root}"
        )
    for name in protected:
        folder = (root / name).resolve()
        if folder.is_relative_to(target) or target.is_relative_to(folder):
            raise UnsafePath(
                f"Refusing to delete {output}: it resolves to {target}, "
                f"which is, contains or is inside {name}/ ({folder})"
            )
    repo = _git_folder(target)
    if repo is not None:
        raise UnsafePath(
            f"Refusing to delete {output}: it holds a git repository ({repo}); "
            "output folders are rebuilt, repositories are not"
        )
    return target


def remove_output(output: Path, root: Path, protected: Iterable[str] = PROTECTED) -> Path | None:
    """Delete the output folder after ``check_removable``; return what was removed.

    Returns None when there is nothing to remove. A symlinked output folder is
    unlinked, never followed: its target is not ours to empty. Links inside the
    folder are removed as links too (``shutil.rmtree`` does not follow them).
    """
    output = Path(output)
    if not output.exists() and not output.is_symlink():
        return None
    target = check_removable(output, root, protected)
    if output.is_symlink():
        output.unlink()
        return output
    if not target.is_dir():
        raise UnsafePath(f"Refusing to delete {output}: it is a file, not an output folder")
    shutil.rmtree(target)
    return target


def _git_folder(folder: Path) -> Path | None:
    """The first ``.git`` (folder or file) at or below ``folder``, if any.

    Symlinks are not followed: a link to a repository elsewhere is removed as
    a link and never looked into.
    """
    if not folder.is_dir():
        return None
    for parent, dirs, files in os.walk(folder, followlinks=False):
        if ".git" in dirs or ".git" in files:
            return Path(parent) / ".git"
    return None
