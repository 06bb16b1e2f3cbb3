"""Preview while writing: rebuild on every change and reload the browser.

Uses the PyPI ``livereload`` server. It adds its reload snippet to each HTML
response as it serves it; the files in output/ are never touched, so the
snippet exists only in this development preview, never in a built or
published site.

Each rebuild runs Pelican in a fresh process (the same command as
``invoke build``), so edits to plugins/ take effect without a restart.

    python -m sitetools.livereload --port 8000     # what `invoke livereload` runs
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from sitetools.commands import pelican_command

# The folders whose changes trigger a rebuild.
WATCHED = ("content", "theme", "plugins")
# Files that change without the writer changing anything.
_NOISE_SUFFIXES = (".pyc", ".pyo", ".swp", ".swx", ".tmp", "~")


def ignored(path: str) -> bool:
    """True for files a rebuild must not react to: bytecode, editor swap files."""
    name = os.path.basename(path)
    return (
        "__pycache__" in Path(path).parts
        or name.startswith(".#")
        or name.endswith(_NOISE_SUFFIXES)
    )


def rebuilder(settings: Path, output: Path, cwd: Path) -> Callable[[], int]:
    """A function that rebuilds the site once and returns Pelican's exit code.

    A failed build is printed and the server keeps running: the writer fixes
    the file and saves again.
    """
    command = shlex.split(pelican_command(settings, output))
    # Bytecode written into plugins/ during a build would itself look like a change.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def rebuild() -> int:
        result = subprocess.run(command, cwd=cwd, env=env, check=False)
        if result.returncode:
            print(f"build failed (exit {result.returncode}); fix the file and save again")
        return result.returncode

    return rebuild


def watch_and_serve(
    root: Path, settings: Path, output: Path, *, host: str = "127.0.0.1", port: int = 8000
) -> None:
    """Build once, then serve ``output`` at http://host:port/ and rebuild on changes.

    Watches content/, theme/ and plugins/ under ``root``. Blocks until stopped
    (Ctrl-C or a signal).
    """
    from livereload import Server

    rebuild = rebuilder(settings, output, root)
    rebuild()
    server = Server()
    for name in WATCHED:
        folder = Path(root) / name
        if folder.is_dir():
            server.watch(str(folder), rebuild, ignore=ignored)
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m sitetools.livereload [--root R] [--settings S] ...``."""
    parser = argparse.ArgumentParser(description="Serve the site and rebuild it on changes.")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--settings", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    watch_and_serve(
        root,
        args.settings or root / "pelicanconf.py",
        args.output or root / "output",
        host=args.host,
        port=args.port,
    )


if __name__ == "__main__":
    main()
