"""Deploy to S3 or S3-compatible storage with boto3, in an order that never breaks a page.

Assets go up first, then feeds and other documents, then HTML, so a new page
never points at an asset that is not there yet; stale keys are deleted last.
Credentials come from boto3's usual chain: environment, ~/.aws, instance role.

Only what the deploy put there is ever deleted: a manifest object
(``<prefix>.thoughtful-deploy.json``) lists the keys it uploaded, and a later
deploy deletes only keys listed in it. Other keys under the prefix are left
alone. A prefix that holds keys but no manifest is refused unless the writer
adopts it (``invoke deploy --adopt``, after a dry run). The prefix is always
stated: the whole bucket is spelled ``"/"``.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import re
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from .changes import ADD, DELETE, UPDATE, Change, diff, local_files
from .safety import DeployError

logger = logging.getLogger(__name__)
MANIFEST = ".thoughtful-deploy.json"

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"
DEFAULT = "public, max-age=86400"
# A content hash in the name (site.3f2a9c1d.css, cards/<hash>.png): the URL changes
# whenever the bytes do, so browsers may keep it for a year.
_HASHED = re.compile(r"(^|[.-])(?=[0-9]*[a-f])[0-9a-f]{8,}(\.|$)")
_DOCUMENT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".webmanifest", ""}
_TYPES = {
    ".atom.xml": "application/atom+xml",
    ".rss.xml": "application/rss+xml",
    ".xml": "application/xml",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
}
_TEXT = (
    "text/",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
    "text/javascript",
)


def content_type(key: str) -> str:
    """The Content-Type for a key, with charset=utf-8 for text."""
    name = PurePosixPath(key).name
    kind = next((t for suffix, t in _TYPES.items() if name.endswith(suffix)), None)
    kind = kind or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(_TEXT) else kind


def cache_control(key: str) -> str:
    """Long and immutable for hashed assets, short for HTML and feeds, a day for the rest."""
    path = PurePosixPath(key)
    if path.suffix in _DOCUMENT_SUFFIXES:
        return SHORT
    if _HASHED.search(path.name):
        return IMMUTABLE
    return DEFAULT


def upload_stage(key: str) -> int:
    """0 for assets, 1 for feeds and other documents, 2 for HTML: the order of upload."""
    suffix = PurePosixPath(key).suffix
    return 2 if suffix == ".html" else 1 if suffix in _DOCUMENT_SUFFIXES else 0


def _prefix(options: dict) -> str:
    """``"blog/"`` for ``"blog"`` or ``"/blog/"``; ``""`` (the whole bucket) only for ``"/"``."""
    given = options["prefix"]
    if not isinstance(given, str) or not given:
        raise DeployError(
            'DEPLOY["s3"]["prefix"] must say where the site lives in the bucket, e.g. '
            '"blog/"; spell the whole bucket "/"'
        )
    prefix = given.strip("/")
    return f"{prefix}/" if prefix else ""


def _client(options: dict):
    import boto3

    session = boto3.Session(profile_name=options["profile"], region_name=options["region"])
    return session.client("s3", endpoint_url=options["endpoint_url"])


def remote_files(client, bucket: str, prefix: str) -> dict[str, str]:
    """``{path below prefix: ETag}`` for every key under ``prefix``."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            found[item["Key"][len(prefix) :]] = item["ETag"].strip('"')
    return found


def read_manifest(client, bucket: str, prefix: str) -> set[str] | None:
    """The paths (below ``prefix``) the last deploy uploaded, or None if there is no manifest."""
    try:
        body = client.get_object(Bucket=bucket, Key=prefix + MANIFEST)["Body"].read()
    except client.exceptions.NoSuchKey:
        return None
    try:
        return set(json.loads(body)["files"])
    except (ValueError, KeyError, TypeError) as err:
        raise DeployError(
            f"s3://{bucket}/{prefix}{MANIFEST} cannot be read ({err}); "
            "refusing to guess what this deploy owns"
        ) from None


def _write_manifest(client, bucket: str, prefix: str, files: set[str]) -> None:
    body = json.dumps({"files": sorted(files), "written": datetime.now(UTC).isoformat()})
    client.put_object(Bucket=bucket, Key=prefix + MANIFEST, Body=body.encode(),
                      ContentType="application/json", CacheControl="no-store")


def deploy_s3(
    output: Path, options: dict, *, dry_run: bool = False, adopt: bool = False, client=None
) -> list[Change]:
    """Make ``prefix`` in the bucket hold the built site; returns the changes.

    Deletes only keys the previous deploy's manifest lists. ``adopt`` lets a first
    deploy go into a prefix that already holds keys (none of them is deleted).
    ``client`` is a boto3 S3 client to use instead of one made from the settings.
    """
    output = Path(output).resolve()
    bucket, prefix = options["bucket"], _prefix(options)
    client = client or _client(options)
    remote = remote_files(client, bucket, prefix)
    remote.pop(MANIFEST, None)
    owned = read_manifest(client, bucket, prefix)
    if owned is None and remote and not adopt:
        where = f"s3://{bucket}/{prefix}"
        if dry_run:  # the look before adopting: say what is there, change nothing
            logger.warning("%s holds %d key(s) no deploy put there; they would all stay",
                           where, len(remote))
        else:
            raise DeployError(
                f"{where} holds {len(remote)} key(s) that no deploy of this site put there "
                f"(no {MANIFEST}), e.g. {', '.join(sorted(remote)[:3])}. Check DEPLOY['s3'] "
                "(bucket and prefix); to make this prefix the site's anyway, look at "
                "`invoke deploy --dry-run`, then run `invoke deploy --adopt` (nothing there "
                "is deleted; files with the site's names are replaced)."
            )
    local = local_files(output)
    # Delete only what we put there; every other key under the prefix stays.
    mine = owned or set()
    ours = {path: etag for path, etag in remote.items() if path in mine or path in local}
    changes = diff(local, ours)
    if dry_run:
        return changes
    # The manifest first lists what we are about to own, so an interrupted deploy
    # still knows its keys; it ends listing exactly the site.
    _write_manifest(client, bucket, prefix, (owned or set()) | set(local))
    uploads = sorted(
        (c for c in changes if c.action in {ADD, UPDATE}),
        key=lambda c: (upload_stage(c.path), c.path),
    )
    for change in uploads:
        client.put_object(
            Bucket=bucket,
            Key=prefix + change.path,
            Body=(output / change.path).read_bytes(),
            ContentType=content_type(change.path),
            CacheControl=cache_control(change.path),
        )
    stale = [prefix + c.path for c in changes if c.action == DELETE]
    failed = _delete(client, bucket, stale)
    _write_manifest(client, bucket, prefix, set(local) | {k[len(prefix):] for k in failed})
    if failed:
        listed = "; ".join(f"{key}: {why}" for key, why in sorted(failed.items())[:5])
        raise DeployError(
            f"the new site is live, but {len(failed)} old key(s) could not be deleted from "
            f"s3://{bucket} ({listed}); they stay listed for the next deploy"
        )
    return changes


def _delete(client, bucket: str, keys: list[str]) -> dict[str, str]:
    """Delete ``keys``; returns ``{key: error}`` for each key S3 refused."""
    failed = {}
    for start in range(0, len(keys), 1000):
        batch = [{"Key": key} for key in keys[start : start + 1000]]
        answer = client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        for error in answer.get("Errors", []):
            failed[error["Key"]] = f"{error.get('Code')} {error.get('Message', '')}".strip()
    return failed
