"""Deploy to S3-compatible storage through boto3, against moto's S3 server on 127.0.0.1."""

from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from support.deploying import deploy_checked as deploy
from support.servers import free_port
from support.site import write_files

from sitetools.deploy import Change, target_settings
from sitetools.deploy.s3 import DEFAULT, IMMUTABLE, SHORT, deploy_s3

ROOT = Path(__file__).resolve().parent.parent
SITE = {
    "index.html": "<!doctype html><title>Home</title>",
    "2024/01/promises/index.html": "<!doctype html><title>Promises</title>",
    "feeds/all.atom.xml": "<feed xmlns='http://www.w3.org/2005/Atom'><title>S</title></feed>",
    "sitemap.xml": "<urlset/>",
    "theme/css/site.3f2a9c1d.css": "body { color: black; }",
    "theme/css/print.css": "nav { display: none; }",
    "cards/0f3c9a7be21d4c55.png": b"\x89PNG\r\n\x1a\n card",
    "images/photo.jpg": b"\xff\xd8\xff photo",
}


@pytest.fixture(scope="module")
def endpoint():
    """moto's S3 server on a free port of 127.0.0.1, for the tests of this file."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(endpoint, monkeypatch, tmp_path):
    """A fresh bucket; credentials from the environment, as a writer would set them."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    client = boto3.client("s3", endpoint_url=endpoint)
    bucket = f"blog-{tmp_path.name.lower().replace('_', '-')[-40:]}"
    client.create_bucket(Bucket=bucket)
    return client, bucket


@pytest.fixture
def output(tmp_path) -> Path:
    write_files(tmp_path / "output", SITE)
    return tmp_path / "output"


def settings_for(endpoint: str, bucket: str, prefix: str = "") -> dict:
    s3 = {"bucket": bucket, "prefix": prefix, "endpoint_url": endpoint}
    return {"DEPLOY_TARGET": "s3", "DEPLOY": {"s3": s3}}


def keys(client, bucket: str) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def as_bytes(files: dict) -> dict[str, bytes]:
    return {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}


def test_keys_content_types_and_cache_headers(s3, endpoint, output):
    client, bucket = s3

    deploy(output, settings_for(endpoint, bucket), project=ROOT)

    assert keys(client, bucket) == as_bytes(SITE)
    headers = {}
    for key in SITE:
        head = client.head_object(Bucket=bucket, Key=key)
        headers[key] = (head["ContentType"], head["CacheControl"])
    assert headers == {
        "index.html": ("text/html; charset=utf-8", SHORT),
        "2024/01/promises/index.html": ("text/html; charset=utf-8", SHORT),
        "feeds/all.atom.xml": ("application/atom+xml; charset=utf-8", SHORT),
        "sitemap.xml": ("application/xml; charset=utf-8", SHORT),
        "theme/css/site.3f2a9c1d.css": ("text/css; charset=utf-8", IMMUTABLE),
        "theme/css/print.css": ("text/css; charset=utf-8", DEFAULT),
        "cards/0f3c9a7be21d4c55.png": ("image/png", IMMUTABLE),
        "images/photo.jpg": ("image/jpeg", DEFAULT),
    }


def test_assets_go_up_first_html_next_and_stale_keys_are_deleted_last(s3, endpoint, output):
    client, bucket = s3
    options = target_settings(settings_for(endpoint, bucket), None)[1]
    deploy_s3(output, options, client=client)
    calls: list[str] = []

    def record(event_name, params, **_):
        calls.append(f"{event_name.rsplit('.', 1)[-1]} {params.get('Key', '')}".strip())

    client.meta.events.register("provide-client-params.s3.PutObject", record)
    client.meta.events.register("provide-client-params.s3.DeleteObjects", record)
    (output / "2024/01/promises/index.html").unlink()
    (output / "theme/css/site.3f2a9c1d.css").rename(output / "theme/css/site.77e0b5aa.css")
    (output / "index.html").write_text("<!doctype html><title>Home, newer</title>")
    (output / "feeds/all.atom.xml").write_text("<feed xmlns='http://www.w3.org/2005/Atom'/>")

    deploy_s3(output, options, client=client)

    assert calls == [
        "PutObject theme/css/site.77e0b5aa.css",
        "PutObject feeds/all.atom.xml",
        "PutObject index.html",
        "DeleteObjects",
    ]
    assert set(keys(client, bucket)) == set(SITE) - {
        "2024/01/promises/index.html",
        "theme/css/site.3f2a9c1d.css",
    } | {"theme/css/site.77e0b5aa.css"}


def test_a_prefix_keeps_the_rest_of_the_bucket_untouched(s3, endpoint, output):
    client, bucket = s3
    client.put_object(Bucket=bucket, Key="private/backup.tar", Body=b"keep me")
    client.put_object(Bucket=bucket, Key="blog-old/index.html", Body=b"a neighbour, not ours")
    client.put_object(Bucket=bucket, Key="blog/stale.html", Body=b"from an old deploy")

    _, changes = deploy(output, settings_for(endpoint, bucket, prefix="/blog/"), project=ROOT)

    assert Change("delete", "stale.html") in changes
    stored = keys(client, bucket)
    assert stored["private/backup.tar"] == b"keep me"
    assert stored["blog-old/index.html"] == b"a neighbour, not ours"
    assert {k for k in stored if k.startswith("blog/")} == {f"blog/{k}" for k in SITE}


def test_a_dry_run_lists_the_changes_and_changes_nothing(s3, endpoint, output):
    client, bucket = s3
    deploy(output, settings_for(endpoint, bucket), project=ROOT)
    before = keys(client, bucket)
    (output / "index.html").write_text("<!doctype html><title>Changed</title>")
    (output / "images/photo.jpg").unlink()
    (output / "new.html").write_text("<!doctype html><title>New</title>")

    _, changes = deploy(output, settings_for(endpoint, bucket), project=ROOT, dry_run=True)

    assert changes == [
        Change("delete", "images/photo.jpg"),
        Change("update", "index.html"),
        Change("add", "new.html"),
    ]
    assert keys(client, bucket) == before
