"""Publish: build strictly into a fresh folder, check it, and only then deploy it.

A failed build or a failed check raises PublishError before anything is
deployed, so a broken site never goes online.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shlex
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .check import Report, run_check
from .commands import pelican_command
from .deploy import Change, deploy, target_settings, write_stamp
from .paths import UnsafePath, empty_output, in_project, prune_empty_folders

# Hosts that read a _headers file get their security headers from it.
_HEADERS_TARGETS = {"folder"}
# Names reserved for examples and tests (RFC 2606, RFC 6761): a site built for one of
# them has every canonical link, feed entry and card pointing nowhere.
PLACEHOLDER_SUFFIXES = ("example", "test", "invalid", "localhost")


class PublishError(Exception):
    """The build or the check failed; nothing was deployed."""


@dataclass
class Published:
    """What publishing did: where the site was built, the check report, the deploy."""

    output: Path
    report: Report | None
    target: str | None
    changes: list[Change]
    site_url: str = ""


def load_settings(settings_file: Path) -> dict[str, Any]:
    """The settings publishconf.py defines, as Pelican reads them."""
    from pelican.settings import read_settings

    return read_settings(str(settings_file))


def placeholder_reason(site_url: str) -> str | None:
    """Why ``site_url`` cannot be a live site's address, or None when it can."""
    host = (urlsplit(site_url).hostname or "") if site_url else ""
    if not host:
        return "it is empty or has no host name"
    if any(host == name or host.endswith("." + name) for name in PLACEHOLDER_SUFFIXES):
        return f"{host} is a reserved example/test name"
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host).is_loopback:
            return f"{host} is this computer"
    return None


def check_address(site_url: str, *, allow_placeholder: bool = False) -> None:
    """Refuse (PublishError) to publish for a placeholder SITEURL, unless allowed."""
    reason = placeholder_reason(site_url)
    if reason and not allow_placeholder:
        raise PublishError(
            f"SITEURL is {site_url!r}: {reason}, so every canonical link, feed and share card "
            "would point there. Set SITEURL to the blog's address (e.g. `SITEURL=https://"
            "your.domain invoke publish`), or pass --allow-placeholder for a trial build."
        )


def build(project: Path, settings_file: Path, output: Path) -> None:
    """``pelican --fatal warnings`` into ``output``, emptied first; raises on failure.

    The folder is emptied by ``sitetools.paths.empty_output`` (the project's own
    marked folders only), never by Pelican's ``--delete-output-directory``.
    """
    try:
        output = empty_output(output, project)
    except UnsafePath as err:
        raise PublishError(str(err)) from None
    command = shlex.split(pelican_command(settings_file, output, strict=True))
    # The pelican next to this Python, so the task works without an activated venv.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(
        command, cwd=project, env=dict(os.environ, PATH=path), capture_output=True, text=True
    )
    # The folders of the last build that this one did not write into (a failed build too:
    # what it leaves is only what it wrote).
    prune_empty_folders(output)
    if done.returncode != 0:
        log = (done.stdout + done.stderr).strip()
        raise PublishError(f"the strict build failed; nothing was deployed.\n{log}")


def publish(
    project: Path,
    settings_file: Path,
    output: Path,
    *,
    target: str | None = None,
    dry_run: bool = False,
    skip: Iterable[str] = (),
    deploy_site: bool = True,
    allow_placeholder: bool = False,
) -> Published:
    """Build, check, deploy; each step runs only when the one before it succeeded.

    A relative ``output`` is a folder in ``project``, whatever the current folder.
    A placeholder SITEURL (``placeholder_reason``) is refused before anything is
    built, unless ``allow_placeholder``.
    """
    output = in_project(output, project)
    settings = load_settings(settings_file)
    site_url = settings.get("SITEURL", "")
    check_address(site_url, allow_placeholder=allow_placeholder)
    name = target_settings(settings, target)[0] if deploy_site else None
    build(project, settings_file, output)
    report = run_check(
        output,
        site_url=site_url,
        skip=skip,
        require_headers=name in _HEADERS_TARGETS,
    )
    if not report.ok:
        raise PublishError(f"{report.format()}\nthe site check failed; nothing was deployed.")
    # Only now may `invoke deploy` ship this folder (a failed build or check leaves no stamp).
    write_stamp(output, site_url)
    if not deploy_site:
        return Published(output, report, None, [], site_url)
    name, changes = deploy(output, settings, project=project, target=target, dry_run=dry_run)
    return Published(output, report, name, changes, site_url)
