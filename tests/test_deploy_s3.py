"""Deploy to S3-compatible storage through boto3, against moto's S3 server on 127.0.0.1."""

import json
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from support.deploying import deploy_checked as deploy
from support.servers import free_port
from support.site import write_files

from sitetools.deploy import Change, DeployError, target_settings, write_stamp
from sitetools.deploy.s3 import DEFAULT, IMMUTABLE, MANIFEST, SHORT, deploy_s3

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


def settings_for(endpoint: str, bucket: str, prefix: str = "/") -> dict:
    s3 = {"bucket": bucket, "prefix": prefix, "endpoint_url": endpoint}
    return {"DEPLOY_TARGET": "s3", "DEPLOY": {"s3": s3}}


def keys(client, bucket: str, manifests: bool = False) -> dict[str, bytes]:
    """Every key and its bytes; the deploy's own manifest only when asked for."""
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
            for o in listed if manifests or not o["Key"].endswith(MANIFEST)}


def foreign(client, bucket: str) -> dict[str, bytes]:
    """Keys that are not the site's: another site, a backup, a neighbour's folder."""
    theirs = {"private/backup.tar": b"keep me", "other-site/index.html": b"not ours",
              "blog-old/index.html": b"a neighbour, not ours"}
    for key, body in theirs.items():
        client.put_object(Bucket=bucket, Key=key, Body=body)
    return theirs


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
        f"PutObject {MANIFEST}",  # first: the keys it is about to own
        "PutObject theme/css/site.77e0b5aa.css",
        "PutObject feeds/all.atom.xml",
        "PutObject index.html",
        "DeleteObjects",
        f"PutObject {MANIFEST}",  # last: exactly the site
    ]
    assert set(keys(client, bucket)) == set(SITE) - {
        "2024/01/promises/index.html",
        "theme/css/site.3f2a9c1d.css",
    } | {"theme/css/site.77e0b5aa.css"}


def test_a_prefix_keeps_the_rest_of_the_bucket_untouched(s3, endpoint, output):
    client, bucket = s3
    theirs = foreign(client, bucket)
    (output / "stale.html").write_text("<!doctype html><title>Soon gone</title>")
    deploy(output, settings_for(endpoint, bucket, prefix="/blog/"), project=ROOT)
    (output / "stale.html").unlink()

    _, changes = deploy(output, settings_for(endpoint, bucket, prefix="/blog/"), project=ROOT)

    assert changes == [Change("delete", "stale.html")]
    stored = keys(client, bucket)
    assert {k: stored[k] for k in theirs} == theirs
    assert {k for k in stored if k.startswith("blog/")} == {f"blog/{k}" for k in SITE}


def test_the_whole_bucket_with_keys_of_others_is_refused_and_untouched(s3, endpoint, output):
    client, bucket = s3
    theirs = foreign(client, bucket)

    with pytest.raises(DeployError, match="no deploy of this site put there") as refused:
        deploy(output, settings_for(endpoint, bucket, prefix="/"), project=ROOT)

    assert "--adopt" in str(refused.value) and f"s3://{bucket}/" in str(refused.value)
    assert keys(client, bucket, manifests=True) == theirs


def test_adopting_after_a_dry_run_keeps_every_foreign_key_for_good(s3, endpoint, output):
    client, bucket = s3
    theirs = foreign(client, bucket)
    settings = settings_for(endpoint, bucket, prefix="/")
    _, planned = deploy(output, settings, project=ROOT, dry_run=True)
    assert {c.action for c in planned} == {"add"}  # nothing of theirs would go
    assert keys(client, bucket, manifests=True) == theirs

    deploy(output, settings, project=ROOT, adopt=True)
    (output / "images/photo.jpg").unlink()
    _, changes = deploy(output, settings, project=ROOT)

    assert changes == [Change("delete", "images/photo.jpg")]
    stored = keys(client, bucket)
    assert {k: stored[k] for k in theirs} == theirs
    assert set(stored) == set(theirs) | set(SITE) - {"images/photo.jpg"}


def test_the_prefix_must_be_stated(s3, endpoint, output):
    client, bucket = s3

    with pytest.raises(DeployError, match='spell the whole bucket "/"'):
        deploy(output, settings_for(endpoint, bucket, prefix=""), project=ROOT)
    assert keys(client, bucket, manifests=True) == {}


def test_a_key_s3_refuses_to_delete_fails_the_deploy_and_stays_listed(s3, endpoint, output):
    client, bucket = s3
    settings = settings_for(endpoint, bucket, prefix="blog")
    deploy(output, settings, project=ROOT)
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
                       "Resource": f"arn:aws:s3:::{bucket}/blog/images/photo.jpg"}],
    }))
    (output / "images/photo.jpg").unlink()
    (output / "theme/css/print.css").unlink()

    with pytest.raises(DeployError, match="blog/images/photo.jpg: AccessDenied"):
        deploy(output, settings, project=ROOT)

    stored = keys(client, bucket)
    assert "blog/theme/css/print.css" not in stored and "blog/images/photo.jpg" in stored
    manifest = json.loads(keys(client, bucket, manifests=True)[f"blog/{MANIFEST}"])
    assert "images/photo.jpg" in manifest["files"]  # the next deploy tries again


def test_the_deploy_task_refuses_then_adopts_as_the_writer_asks(s3, endpoint, output, tmp_path):
    client, bucket = s3
    theirs = foreign(client, bucket)
    conf = tmp_path / "deployconf.py"
    deploy_settings = settings_for(endpoint, bucket)["DEPLOY"]
    conf.write_text(f"DEPLOY_TARGET = 's3'\nDEPLOY = {deploy_settings!r}\n")
    write_stamp(output, "https://blog.example.org")  # as `invoke publish` leaves it

    def task(*flags):
        return subprocess.run(
            [sys.executable, "-m", "invoke", "deploy", "--settings", str(conf),
             "--path", str(output), *flags],
            cwd=ROOT, capture_output=True, text=True, timeout=120)

    refused = task()
    assert refused.returncode == 1 and "--adopt" in refused.stderr
    assert keys(client, bucket, manifests=True) == theirs

    adopted = task("--adopt")
    assert adopted.returncode == 0, adopted.stderr
    assert keys(client, bucket) == {**theirs, **as_bytes(SITE)}


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
