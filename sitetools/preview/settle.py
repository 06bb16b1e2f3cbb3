"""The settle build: once saves stop, the same Pelican command as ``invoke build`` writes
output/, and the preview checks every page it served against it.

Pelican builds into a fresh folder under the project's cache; the result is then
moved into output/ file by file (unchanged files are left alone). Files that the
previous settle build wrote and this one did not (a renamed, unpublished or deleted
post, a page/2/ that is gone) are deleted: they are listed in a manifest kept in the
cache. Anything else in output/ is never deleted, only reported.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitetools.commands import pelican_command

# Wait this long after the last save before building: the writer often saves again,
# and the build should not compete with the page the browser is loading.
QUIET_SECONDS = 1.0


@dataclass
class Outcome:
    """What one settle build did."""

    ok: bool
    seconds: float = 0.0
    written: int = 0  # files replaced in output/ (the rest were already the same)
    deleted: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # in output/, written by no build of ours
    log: str = ""


def sync_into(built: Path, output: Path, manifest: Path) -> Outcome:
    """Make ``output`` hold what ``built`` holds; delete only files the manifest says we wrote.

    Moves each new or changed file from ``built`` into ``output`` (atomically, by
    rename), deletes files listed in ``manifest`` that ``built`` no longer has, and
    writes the new manifest. Files in ``output`` that no manifest lists are left
    alone and returned in ``Outcome.unknown``.
    """
    from thoughtful.paths import OutsideError, below, inside  # the plugin's guard

    from sitetools.paths import MARKER as OUTPUT_MARKER

    output.mkdir(parents=True, exist_ok=True)
    before = _read_manifest(manifest, output)
    now: set[str] = set()
    outside: set[str] = set()  # a folder in output/ links elsewhere: never written through
    written = 0
    for source in sorted(built.rglob("*")):
        if source.is_dir():
            continue
        name = source.relative_to(built).as_posix()
        now.add(name)
        try:
            target = inside(output / name, output)
        except OutsideError:
            outside.add(name)
            continue
        if target.is_file() and not target.is_symlink() and _same(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        written += 1
    deleted = []
    for name in sorted(before - now):
        target = output / name
        if target.is_file() or target.is_symlink():
            try:
                below(target.parent / target.name, output)  # never outside output/
            except OutsideError:
                outside.add(name)
                continue
            target.unlink()
            deleted.append(name)
            _prune(target.parent, output)
    _write_manifest(manifest, output, now)
    unknown = sorted(outside | {
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and p.relative_to(output).as_posix() not in now
        and p.name != OUTPUT_MARKER
    })
    return Outcome(ok=True, written=written, deleted=deleted, unknown=unknown)


def _same(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _prune(folder: Path, output: Path) -> None:
    """Remove folders left empty by a deletion, up to (not including) ``output``."""
    output = output.resolve()
    folder = folder.resolve()
    while folder != output and folder.is_relative_to(output) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _read_manifest(manifest: Path, output: Path) -> set[str]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if data.get("output") != str(output.resolve()):
        return set()
    return set(data.get("files", []))


def _write_manifest(manifest: Path, output: Path, files: set[str]) -> None:
    manifest.parent.mkdir(parents=True, exist_ok=True)
    temporary = manifest.with_suffix(".tmp")
    temporary.write_text(json.dumps({"output": str(output.resolve()), "files": sorted(files)},
                                    indent=0), encoding="utf-8")
    os.replace(temporary, manifest)


class Settler:
    """Runs the settle build in the background: debounced, restarted on each new save."""

    def __init__(self, root: Path, settings_file: Path, output: Path, cache: Path,
                 done: Callable[[Outcome, int], None]) -> None:
        self.root, self.output, self.cache = root, output, cache
        self.scratch = cache / "preview" / "builds"  # one fresh folder per build
        self.manifest = cache / "preview" / "output-manifest.json"
        self.settings_file = settings_file
        # At low priority: the preview's own updates come first on a busy machine.
        self.nice = ["nice", "-n", "10"] if shutil.which("nice") else []
        self.done = done
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._process: subprocess.Popen | None = None
        self._generation = 0

    def schedule(self, epoch: int, delay: float = QUIET_SECONDS) -> None:
        """Build for save number ``epoch`` after ``delay`` s of quiet; stops a build under way."""
        with self._lock:
            self._generation += 1
            generation = self._generation
            if self._timer is not None:
                self._timer.cancel()
            self._kill()
            self._timer = threading.Timer(delay, self._run, (generation, epoch))
            self._timer.daemon = True
            self._timer.start()

    def pause(self) -> None:
        """Freeze the build under way (SIGSTOP) while the preview updates its model.

        A save makes that build stale anyway (``schedule`` stops it once the update is
        shown); frozen at once, it no longer competes with the update for the CPU.
        Without the lock: ``_run`` holds it while it moves a finished build into output/,
        and then there is no build to freeze (at worst one just starting is missed).
        """
        process = self._process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGSTOP)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        """Cancel the pending build and stop the running one (Ctrl-C, restart)."""
        with self._lock:
            self._generation += 1
            if self._timer is not None:
                self._timer.cancel()
            self._kill(wait=True)

    def _kill(self, wait: bool = False) -> None:
        """Stop the build under way; its thread reaps it (unless ``wait``: at exit)."""
        process = self._process
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                os.killpg(process.pid, signal.SIGCONT)  # a paused build acts on it only then
            except ProcessLookupError:
                pass
            if wait:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        self._process = None

    def _run(self, generation: int, epoch: int) -> None:
        from thoughtful.paths import below

        start = time.perf_counter()
        folder = self.scratch / str(generation)
        with self._lock:
            if generation != self._generation:
                return
            if folder.exists():
                shutil.rmtree(below(folder, self.cache))
            command = self.nice + shlex.split(pelican_command(self.settings_file, folder))
            env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
            self._process = process = subprocess.Popen(
                command, cwd=self.root, env=env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        try:
            log, _ = process.communicate()
            with self._lock:
                if generation != self._generation:
                    return  # a newer save stopped this build; its own build follows
                self._process = None
                if process.returncode != 0:
                    outcome = Outcome(ok=False, log=log.decode("utf-8", "replace"))
                else:
                    outcome = sync_into(folder, self.output, self.manifest)
                    outcome.log = log.decode("utf-8", "replace")
                outcome.seconds = time.perf_counter() - start
        finally:
            shutil.rmtree(below(folder, self.cache), ignore_errors=True)
        self.done(outcome, epoch)
