"""Preview while writing: `invoke livereload` (``python -m sitetools.livereload``).

Two modes:

- ``preview`` (the default): sitetools/preview/. One long-lived process keeps
  Pelican's model of the site in memory, re-reads only the saved files, renders each
  page when the browser asks for it and pushes the reload; a background build writes
  output/ exactly as `invoke build` does.
- ``rebuild``: the previous tool, kept for comparison (benchmarks/preview_benchmark.py):
  the PyPI ``livereload`` server runs a whole Pelican build in a fresh process on
  every change.

In both, the reload script exists only in what the server sends, never in output/.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from sitetools.commands import pelican_command
from sitetools.preview.changes import WATCHED, ignored

__all__ = ["ignored", "main", "rebuilder", "watch_and_serve"]


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
    root: Path, settings: Path, output: Path, *, host: str = "127.0.0.1", port: int = 8000,
    mode: str = "preview",
) -> None:
    """Serve the site at http://host:port/ and show each saved change; blocks until Ctrl-C.

    Watches content/, theme/, plugins/ under ``root`` and the settings file.
    """
    if mode == "preview":
        from sitetools.preview.server import run

        run(Path(root), Path(settings), Path(output), host=host, port=port)
        return
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
    """Command line: ``python -m sitetools.livereload [--root R] [--port P] [--mode M] ...``."""
    parser = argparse.ArgumentParser(description="Serve the site and show each saved change.")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--settings", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--mode", choices=("preview", "rebuild"), default="preview")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    watch_and_serve(
        root,
        (args.settings or root / "pelicanconf.py").resolve(),
        (args.output or root / "output").resolve(),
        host=args.host,
        port=args.port,
        mode=args.mode,
    )


if __name__ == "__main__":
    main()
