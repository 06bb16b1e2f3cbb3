"""Deploy settings: defaults per target in one dict, read from DEPLOY in publishconf.py.

A wrong or missing setting is an error that names it, e.g. ``DEPLOY["s3"]["bucket"]``.
Credentials are never settings: SSH keys come from ~/.ssh (or ``identity_file``),
S3 keys from the environment or ~/.aws.
"""

from __future__ import annotations

from typing import Any

from .safety import DeployError

REQUIRED = object()

DEFAULTS: dict[str, dict[str, Any]] = {
    "rsync": {
        "host": REQUIRED,
        "path": REQUIRED,  # remote folder; the web server's document root is <path>/current
        "user": None,
        "port": 22,
        "identity_file": None,
        "ssh_options": [],  # extra "-o" options, e.g. ["StrictHostKeyChecking=yes"]
        "keep": 5,  # releases kept for a quick roll back
        "bwlimit": None,  # KiB/s, to spare a slow uplink
    },
    "ghpages": {
        "repo": None,  # the git working copy to commit from; None: the project
        "remote": "origin",
        "branch": "gh-pages",
        "cname": None,  # e.g. "blog.example.org"; writes CNAME
        "nojekyll": True,  # writes .nojekyll so _files are served
        "message": "Publish the site",
    },
    "s3": {
        "bucket": REQUIRED,
        "prefix": REQUIRED,  # the site's folder in the bucket, e.g. "blog/"; "/" = whole bucket
        "endpoint_url": None,  # for S3-compatible storage (MinIO, R2, B2...)
        "region": None,
        "profile": None,  # a profile in ~/.aws/config
    },
    "folder": {
        "path": REQUIRED,  # a folder, or a file ending in .zip
    },
}
_SECRET_WORDS = ("secret", "password", "access_key", "token", "private_key")
_HINTS = {
    ("s3", "prefix"): ': the folder in the bucket the site owns, e.g. "blog/"; '
    'spell the whole bucket "/"',
}
_TYPES = {"port": int, "keep": int, "ssh_options": list, "nojekyll": bool}


def target_settings(
    settings: dict[str, Any], target: str | None = None
) -> tuple[str, dict[str, Any]]:
    """The chosen target (``target`` or DEPLOY_TARGET) and its settings with defaults filled in."""
    name = target or settings.get("DEPLOY_TARGET")
    if not name:
        raise DeployError("no deploy target: set DEPLOY_TARGET in publishconf.py or pass --target")
    if name not in DEFAULTS:
        raise DeployError(f"DEPLOY_TARGET {name!r} is not one of {', '.join(DEFAULTS)}")
    given = dict(settings.get("DEPLOY", {}).get(name, {}))
    where = f'DEPLOY["{name}"]'
    for key in given:
        if any(word in key.lower() for word in _SECRET_WORDS):
            raise DeployError(
                f'{where}["{key}"] looks like a credential: keep it out of the '
                "repository (environment, ~/.ssh or ~/.aws instead)"
            )
        if key not in DEFAULTS[name]:
            raise DeployError(
                f'{where}["{key}"] is not a setting; known: {", ".join(DEFAULTS[name])}'
            )
    merged = {**DEFAULTS[name], **given}
    for key, value in merged.items():
        if value is REQUIRED or value == "":
            if DEFAULTS[name][key] is REQUIRED:
                hint = _HINTS.get((name, key), "")
                raise DeployError(f'{where}["{key}"] is required{hint}')
        expected = _TYPES.get(key)
        if expected and not isinstance(value, expected):
            raise DeployError(f'{where}["{key}"] must be {expected.__name__}, not {value!r}')
    return name, merged
