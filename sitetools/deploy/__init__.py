"""Deploy a built, checked site to the target chosen in publishconf.py.

Targets: ``rsync`` (SSH, atomic release switch), ``ghpages`` (ghp-import),
``s3`` (boto3, assets then HTML then deletes), ``folder`` (a folder or .zip).
Each returns the list of changes; with ``dry_run`` it changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from thoughtful.paths import cache_root

from .changes import Change, format_changes
from .safety import DeployError
from .settings import target_settings
from .stamp import require_stamp, write_stamp

__all__ = ["Change", "DeployError", "deploy", "format_changes", "require_stamp",
           "target_settings", "write_stamp"]


def deploy(
    output: Path,
    settings: dict[str, Any],
    *,
    project: Path,
    target: str | None = None,
    dry_run: bool = False,
    adopt: bool = False,
) -> tuple[str, list[Change]]:
    """Deploy ``output`` with the DEPLOY settings; returns the target's name and the changes.

    ``project`` is the repository root: local targets may never contain it. Only a
    folder stamped by `invoke publish` after its check, and unchanged since, is
    deployed (``require_stamp``), dry runs included. ``adopt`` lets a first S3
    deploy go into a prefix that holds keys of unknown origin (see s3.py).
    """
    output = Path(output)
    if not (output / "index.html").is_file():
        raise DeployError(f"{output} has no index.html: build the site first")
    require_stamp(output)
    name, options = target_settings(settings, target)
    if name == "rsync":
        from .rsync import deploy_rsync

        return name, deploy_rsync(output, options, dry_run=dry_run)
    if name == "ghpages":
        from .ghpages import deploy_ghpages

        return name, deploy_ghpages(output, options, project=project, dry_run=dry_run)
    if name == "s3":
        from .s3 import deploy_s3

        return name, deploy_s3(output, options, dry_run=dry_run, adopt=adopt)
    from .folder import deploy_folder

    cache = cache_root(settings)
    return name, deploy_folder(output, options, project=project, cache=cache, dry_run=dry_run)
