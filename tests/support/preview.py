"""A small project to preview and the real preview server, started and stopped by a test.

``preview_project(folder)`` copies this project's settings, theme and plugins and
writes a few posts of its own (never the writer's content/). ``Preview`` runs
``python -m sitetools.livereload`` (what `invoke livereload` runs) on a free port
and collects its terminal lines, so a test can wait for "settled" or "restarting".
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]

POST = "Title: {title}\nDate: {date}\nCategory: Notes\nTags: {tags}\n\n{body}\n"
FILES = {
    # A fixed slug: editing the title keeps the address (and the comments folder).
    "posts/morning.md": POST.format(title="Morning pages", date="2024-05-02 08:00",
                                    tags="habits, writing", body="First words.")
    .replace("Category:", "Slug: morning-pages\nCategory:"),
    "posts/evening.md": POST.format(title="Evening walks", date="2024-05-09 18:00",
                                    tags="rest", body="A walk at dusk."),
    "posts/draft.md": "Title: Half an idea\nDate: 2024-05-10 09:00\nCategory: Notes\n"
                      "Status: draft\n\nNot yet.\n",
    "pages/about.md": "Title: About\n\nWho writes here.\n",
    "comments/morning-pages/2024-05-03-ana.md": "Author: Ana Souza\nDate: 2024-05-03 10:00\n\n"
                                                "Lovely morning habit.\n",
}
MORNING = "2024/05/morning-pages/"


def preview_project(folder: Path) -> Path:
    """A project folder with this project's settings, theme and plugins and a tiny site."""
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", folder / "pelicanconf.py")
    for rel, text in FILES.items():
        path = folder / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def wait_for(condition: Callable[[], object], what: str, limit: float = 90.0) -> object:
    """Poll ``condition`` until it returns something truthy (a wait, not a timing test)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


class Preview:
    """``python -m sitetools.livereload`` running on a free port against ``project``."""

    def __init__(self, project: Path, *extra: str) -> None:
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitetools.livereload", "--root", str(project),
             "--port", str(self.port), *extra],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_line(self, pattern: str, after: int = 0, limit: float = 120.0) -> str:
        """The first terminal line at index >= ``after`` matching ``pattern`` (a regex)."""
        found = re.compile(pattern)

        def seen() -> str | None:
            if self.process.poll() is not None and not self._reader.is_alive():
                raise AssertionError("the preview stopped:\n" + "\n".join(self.lines[-30:]))
            return next((line for line in self.lines[after:] if found.search(line)), None)

        return wait_for(seen, f"{pattern!r} in the terminal", limit)

    def ready(self) -> Preview:
        """Wait until it serves and its first settle build wrote output/."""
        self.wait_line(r"serving http://")
        self.wait_line(r"output/ settled")
        return self

    def settled(self, after: int) -> str:
        """Wait for a settle build that finished after terminal line ``after``."""
        return self.wait_line(r"output/ settled", after)

    def stop(self, sig: int = signal.SIGINT) -> int:
        """Stop it as Ctrl-C does; returns the exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode
