"""The exact commands the tasks run, built in one place so tests can check them."""

from __future__ import annotations

import shlex
from pathlib import Path


def pelican_command(
    settings: Path, output: Path, *, strict: bool = False, fresh: bool = False
) -> str:
    """The `pelican` command that builds the site.

    ``strict`` turns every warning into a failure (``--fatal warnings``), as
    publishing does; ``fresh`` empties the output folder first (``-d``).
    """
    parts = ["pelican", "-s", str(settings), "-o", str(output)]
    if fresh:
        parts.append("--delete-output-directory")
    if strict:
        parts += ["--fatal", "warnings"]
    return shlex.join(parts)


def serve_command(settings: Path, output: Path, host: str, port: int) -> str:
    """The `pelican --listen` command that serves a built folder."""
    return shlex.join(
        ["pelican", "-s", str(settings), "-o", str(output), "--listen", "-b", host, "-p", str(port)]
    )
