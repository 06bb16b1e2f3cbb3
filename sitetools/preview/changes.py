"""What a batch of file events means for the preview: which files, and what to do."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# The folders (under the project root) whose files make the site.
WATCHED = ("content", "theme", "plugins")

# Files editors write next to the real one while saving, and bytecode.
_NOISE_SUFFIXES = (".pyc", ".pyo", ".swp", ".swx", ".swo", ".tmp", ".crswap", "~",
                   "___jb_tmp___", "___jb_old___", ".kate-swp")
_NOISE_NAMES = ("4913", ".DS_Store")  # vim's "can I write here" probe


def ignored(path: str) -> bool:
    """True for files no update should react to: editor temp, swap and lock files, bytecode.

    Vim (``.x.swp``, ``x~``, ``4913``), Emacs (``.#x``, ``#x#``), JetBrains
    (``x___jb_tmp___``), VS Code and others (``x.tmp``). An atomic save (write a temp
    file, rename it over the real one) still reaches us as an event on the real file.
    """
    name = os.path.basename(path)
    parts = Path(path).parts
    return (
        "__pycache__" in parts
        or ".git" in parts
        or name.startswith(".#")
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith(_NOISE_SUFFIXES)
        or name in _NOISE_NAMES
    )


@dataclass
class Change:
    """One batch of saves, sorted by what each needs."""

    restart: list[Path] = field(default_factory=list)  # settings or plugin code
    model: list[Path] = field(default_factory=list)  # content and templates
    styles: list[Path] = field(default_factory=list)  # theme stylesheets: hot-swapped
    assets: list[Path] = field(default_factory=list)  # other theme files: a reload

    @property
    def empty(self) -> bool:
        return not (self.restart or self.model or self.styles or self.assets)

    def describe(self, root: Path) -> str:
        """``content/posts/a.md, theme/static/css/site.css`` (at most three, then a count)."""
        paths = [*self.restart, *self.model, *self.styles, *self.assets]
        shown = [_relative(p, root) for p in paths[:3]]
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        return ", ".join(shown) + more


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def classify(paths: set[str], root: Path, settings_file: Path) -> Change:
    """Sort changed paths: restart (settings, plugins), model (content, templates), styles."""
    change = Change()
    plugins, theme = root / "plugins", root / "theme"
    for raw in sorted(paths):
        if ignored(raw):
            continue
        path = Path(raw)
        if path.is_dir() and not path.is_relative_to(root / "content"):
            continue  # a new folder changes nothing; the files saved into it will
        # A folder under content/ counts: renamed or moved, its files send no events.
        if path == settings_file or path.is_relative_to(plugins):
            if path.suffix in (".py", "") or path == settings_file:
                change.restart.append(path)
            else:
                change.model.append(path)  # a plugin's template: re-rendered like the theme's
        elif path.is_relative_to(theme) and "templates" not in path.relative_to(theme).parts:
            (change.styles if path.suffix == ".css" else change.assets).append(path)
        else:
            change.model.append(path)
    return change
