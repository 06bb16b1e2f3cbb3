"""Run a local Isso comment server (PyPI ``isso``) for previews and tests.

``write_config`` writes an isso.cfg with a SQLite file in a data folder, CORS
limited to the site's origin(s); ``start`` runs ``isso -c <cfg> run`` and waits
until it answers. Production set-up is in the README ("Comments").
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path


class IssoNotReady(RuntimeError):
    """The Isso server did not answer in time (its log is in the message)."""


def isso_config(
    data: Path,
    *,
    port: int,
    site_origins: Sequence[str],
    host: str = "127.0.0.1",
    moderation: bool = False,
    require_author: bool = True,
    require_email: bool = False,
) -> configparser.ConfigParser:
    """The settings of a local Isso: database in ``data``, CORS for ``site_origins`` only."""
    cfg = configparser.ConfigParser()
    cfg["general"] = {
        "dbpath": str(data / "comments.db"),
        "host": "\n".join(site_origins),
        "notify": "stdout",
        "reply-notifications": "false",
        "gravatar": "false",  # no request to Gravatar from readers' browsers
        "latest-enabled": "false",
    }
    cfg["moderation"] = {"enabled": str(moderation).lower(), "purge-after": "30d"}
    cfg["server"] = {"listen": f"http://{host}:{port}/"}
    cfg["guard"] = {
        "enabled": "true",
        "ratelimit": "10",
        "direct-reply": "3",
        "reply-to-self": "false",
        "require-author": str(require_author).lower(),
        "require-email": str(require_email).lower(),
    }
    cfg["admin"] = {"enabled": "false"}
    return cfg


def write_config(data: Path, **options) -> Path:
    """Write ``data/isso.cfg`` (creating ``data``); returns its path."""
    data.mkdir(parents=True, exist_ok=True)
    path = data / "isso.cfg"
    with path.open("w", encoding="utf-8") as handle:
        isso_config(data, **options).write(handle)
    return path


def isso_executable() -> str:
    """The ``isso`` command of this virtualenv (next to the running Python), or on PATH."""
    beside = Path(sys.executable).with_name("isso")
    return str(beside) if beside.exists() else (shutil.which("isso") or "isso")


def isso_command(config: Path) -> list[str]:
    """The command that runs Isso with ``config``."""
    return [isso_executable(), "-c", str(config), "run"]


def start(config: Path, url: str, *, log: Path, timeout: float = 20.0) -> subprocess.Popen:
    """Start Isso in the background and wait until ``url`` answers; stop it on failure."""
    handle = log.open("ab")
    process = subprocess.Popen(isso_command(config), stdout=handle, stderr=subprocess.STDOUT)
    handle.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/config", timeout=1):
                return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    stop(process)
    raise IssoNotReady(f"Isso did not start at {url}; its log:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen) -> None:
    """Stop a server started by ``start``."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
