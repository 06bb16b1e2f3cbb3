"""Write the planned files into content/: all or nothing, never over the writer's edits.

Every file is first written into a staging folder, then moved into place, so a
failure half-way leaves no half-written file. A file that exists is replaced only
when it is byte-for-byte what an earlier import wrote (its hash is in the
manifest) or with ``--force``; anything else is the writer's and is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from thoughtful.paths import OutsideError, below, inside

from .report import KEPT, UNCHANGED, WRITTEN

MANIFEST = "manifest.json"


def digest(data: bytes) -> str:
    """The hash the manifest records for a file's bytes."""
    return hashlib.sha256(data).hexdigest()


class Writer:
    """Decides and performs the writes for one import into ``content``."""

    def __init__(self, content: Path, state: Path, force: bool = False) -> None:
        self.content = Path(content)
        self.state = Path(state)
        self.force = force
        self._folders: dict[str, Path] = {}
        manifest = self.state / MANIFEST
        self.manifest: dict[str, str] = (
            json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {})

    def target(self, relative: str) -> Path:
        """The path of ``relative`` in content/, refused if a name tries to leave it.

        The folder is checked (symlinks resolved) once per folder: an import writes
        thousands of comment files into a few hundred folders. The file name itself
        can only be a plain name; replacing a symlink there replaces the link.
        """
        folder, _, name = relative.rpartition("/")
        if name in ("", ".", "..") or "\\" in name or "\0" in name:
            raise OutsideError(f"refusing to write {relative!r}: not a plain file name")
        if folder not in self._folders:
            self._folders[folder] = below(self.content / folder, self.content) if folder \
                else Path(self.content).resolve()
        return self._folders[folder] / name

    def decide(self, files: dict[str, bytes]) -> dict[str, str]:
        """``{relative path: written | unchanged | kept}`` for each planned file."""
        actions = {}
        for relative, data in files.items():
            path = self.target(relative)
            if not path.exists():
                actions[relative] = WRITTEN
                continue
            current = path.read_bytes() if path.is_file() else b""
            if current == data:
                actions[relative] = UNCHANGED
            elif self.force or self.manifest.get(relative) == digest(current):
                actions[relative] = WRITTEN
            else:
                actions[relative] = KEPT
        return actions

    def commit(self, files: dict[str, bytes], actions: dict[str, str]) -> None:
        """Write every file marked written (staged first), then record the manifest."""
        staging = inside(self.state / "staging", self.state)
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        try:
            staged = []
            for number, (relative, data) in enumerate(sorted(files.items())):
                if actions[relative] != WRITTEN:
                    continue
                temp = staging / f"{number}.tmp"
                temp.write_bytes(data)
                staged.append((temp, self.target(relative)))
            for temp, path in staged:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, path)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for relative, data in files.items():
            if actions[relative] in (WRITTEN, UNCHANGED):
                self.manifest[relative] = digest(data)
        self.state.mkdir(parents=True, exist_ok=True)
        (self.state / MANIFEST).write_text(
            json.dumps(dict(sorted(self.manifest.items())), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8")
