"""Deploy to S3 or S3-compatible storage with boto3, in an order that never breaks a page.

Assets go up first, then feeds and other documents, then HTML, so a new page
never points at an asset that is not there yet; stale keys are deleted last.
Credentials come from boto3's usual chain: environment, ~/.aws, instance role.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path, PurePosixPath

from .changes import ADD, DELETE, UPDATE, Change, diff, local_files

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
    prefix = options["prefix"].strip("/")
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


def deploy_s3(output: Path, options: dict, *, dry_run: bool = False, client=None) -> list[Change]:
    """Make the bucket (under ``prefix``) hold exactly the built site; returns the changes.

    ``client`` is a boto3 S3 client to use instead of one made from the settings.
    """
    output = Path(output).resolve()
    client = client or _client(options)
    bucket, prefix = options["bucket"], _prefix(options)
    changes = diff(local_files(output), remote_files(client, bucket, prefix))
    if dry_run:
        return changes
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
    # Keys come from listing under our prefix, so nothing outside it is ever deleted.
    stale = [{"Key": prefix + c.path} for c in changes if c.action == DELETE]
    for start in range(0, len(stale), 1000):
        client.delete_objects(
            Bucket=bucket, Delete={"Objects": stale[start : start + 1000], "Quiet": True}
        )
    return changes
