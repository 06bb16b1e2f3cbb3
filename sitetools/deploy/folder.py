"""Deploy to a local folder or a .zip file, for drag-and-drop hosts.

The new site is written beside the folder and swapped in with two renames (the
old one aside, the new one in place), so a host watching it never sees half a
site, only, for a moment, no folder. A folder or zip that was not made by this
deploy is never replaced: each deploy writes a manifest (in the project's
cache) of what it put there, and the next one goes ahead only when the target
is new, empty, or still holds just what the manifest lists.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
import zipfile
from pathlib import Path

from thoughtful.paths import inside

from ..paths import in_project
from .changes import Change, copy_site, diff, local_files, site_files
from .safety import DeployError, separate

logger = logging.getLogger(__name__)


def _crc32(data: bytes) -> str:
    return format(zipfile.crc32(data) & 0xFFFFFFFF, "08x")


def _manifest(target: Path, cache: Path) -> Path:
    # Kept in the project's cache, not in the folder (the host would serve it) nor
    # beside it (it would clutter the place the writer chose).
    key = hashlib.sha1(str(target).encode(), usedforsecurity=False).hexdigest()[:16]
    return cache / "deploy" / f"folder-{key}.json"


def _read_manifest(manifest: Path) -> dict:
    try:
        return json.loads(manifest.read_text())
    except (OSError, ValueError):
        return {}


def deploy_folder(
    output: Path, options: dict, *, project: Path, cache: Path, dry_run: bool = False
) -> list[Change]:
    """Copy the built site to ``options["path"]`` (a folder or a .zip); returns the changes.

    A relative path is a path in ``project``; the manifests live in ``cache``/deploy/.
    """
    output = Path(output).resolve()
    target = in_project(options["path"], project).resolve()
    separate(output, target, project)
    if not (output / "_headers").is_file():
        logger.warning(
            "%s has no _headers file: the host will serve it without security headers", output
        )
    manifest = _manifest(target, cache)
    if target.suffix == ".zip":
        return _to_zip(output, target, manifest, dry_run)
    return _to_folder(output, target, manifest, dry_run)


def _to_folder(output: Path, target: Path, manifest: Path, dry_run: bool) -> list[Change]:
    if target.exists() and not target.is_dir():
        raise DeployError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        listed = set(_read_manifest(manifest).get("files", []))
        present = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
        if not listed:
            raise DeployError(
                f"{target} holds files this deploy did not put there; "
                "choose an empty or new folder"
            )
        if present - listed:
            strangers = ", ".join(sorted(present - listed)[:3])
            raise DeployError(
                f"{target} holds files this deploy did not put there ({strangers}); "
                "move them out of the folder, or choose an empty or new folder"
            )
    changes = diff(local_files(output), local_files(target) if target.is_dir() else {})
    if dry_run:
        return changes
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    # Names of this deploy's own: a folder of the same name that is already there (an
    # interrupted deploy's, or anyone's) is never deleted, only left aside.
    stamp = uuid.uuid4().hex[:12]
    incoming = inside(parent / f".{target.name}.incoming-{stamp}", parent)
    previous = inside(parent / f".{target.name}.previous-{stamp}", parent)
    copy_site(output, incoming)
    if target.exists():
        os.rename(target, previous)
    os.rename(incoming, target)
    if previous.exists():
        shutil.rmtree(previous)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"target": str(target), "files": sorted(local_files(output))}))
    return changes


def _to_zip(output: Path, target: Path, manifest: Path, dry_run: bool) -> list[Change]:
    if target.exists() and not zipfile.is_zipfile(target):
        raise DeployError(f"{target} exists and is not a zip file; refusing to overwrite it")
    if target.exists() and _read_manifest(manifest).get("sha256") != _sha256(target):
        raise DeployError(
            f"{target} is a zip this deploy did not write (or was changed since); "
            "refusing to overwrite it: choose a new file name, or move it away"
        )
    remote: dict[str, str] = {}
    if target.exists():
        with zipfile.ZipFile(target) as archive:
            remote = {
                i.filename: format(i.CRC, "08x") for i in archive.infolist() if not i.is_dir()
            }
    changes = diff(local_files(output, _crc32), remote)
    if dry_run:
        return changes
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = inside(target.with_name(f".{target.name}.incoming"), target.parent)
    with zipfile.ZipFile(incoming, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in site_files(output):
            archive.write(output / name, name)
    os.replace(incoming, target)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"target": str(target), "sha256": _sha256(target)}))
    return changes


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
