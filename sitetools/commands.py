"""The exact commands the tasks run, built in one place so tests can check them.

Pelican runs as ``<this python> -m pelican``: the tasks work the same whether
or not the virtualenv is activated.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def pelican_command(
    settings: Path,
    output: Path,
    *,
    strict: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """The `pelican` command that builds the site.

    ``strict`` turns every warning into a failure (``--fatal warnings``), as
    publishing does; ``extra`` overrides settings (``-e NAME=<json>``), e.g. the preview's SITEURL.
    """
    parts = [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output)]
    if strict:
        parts += ["--fatal", "warnings"]
    if extra:
        parts += ["-e", *(f"{name}={json.dumps(value)}" for name, value in extra.items())]
    return shlex.join(parts)


def serve_command(settings: Path, output: Path, host: str, port: int) -> str:
    """The command that serves a built folder (sitetools/serve.py: the site's 404 page too).

    ``settings`` is unused: the folder is served as built.
    """
    del settings
    return shlex.join(
        [sys.executable, "-m", "sitetools.serve", str(output), "--host", host, "--port", str(port)]
    )


def local_url(host: str, port: int) -> str:
    """Where a local server is reached, e.g. ``http://127.0.0.1:8001``."""
    return f"http://{host}:{port}"
