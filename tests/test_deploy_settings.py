"""Deploy settings: defaults filled in, and every mistake named by its setting."""

import subprocess
import sys
from pathlib import Path

import pytest
from support.site import write_files

from sitetools.deploy import DeployError, target_settings, write_stamp

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_fill_in_what_the_writer_did_not_set():
    name, options = target_settings(
        {"DEPLOY_TARGET": "rsync", "DEPLOY": {"rsync": {"host": "example.org", "path": "www"}}}
    )

    assert name == "rsync"
    assert options["port"] == 22 and options["keep"] == 5 and options["host"] == "example.org"


@pytest.mark.parametrize(
    ("deploy", "message"),
    [
        ({"s3": {}}, r'DEPLOY\["s3"\]\["bucket"\] is required'),
        ({"s3": {"bucket": "b"}}, r'\["prefix"\] is required: .* spell the whole bucket "/"'),
        ({"s3": {"bucket": "b", "prefix": ""}}, r'\["prefix"\] is required'),
        ({"s3": {"bucket": "b", "bukcet": "b"}}, r'DEPLOY\["s3"\]\["bukcet"\] is not a setting'),
        ({"s3": {"bucket": "b", "aws_secret_access_key": "x"}}, "looks like a credential"),
        ({"s3": {"bucket": "b", "prefix": "p", "password": "x"}}, "looks like a credential"),
    ],
)
def test_mistakes_name_the_setting(deploy, message):
    with pytest.raises(DeployError, match=message):
        target_settings({"DEPLOY_TARGET": "s3", "DEPLOY": deploy})


def test_a_wrong_type_or_target_is_named():
    with pytest.raises(DeployError, match=r'DEPLOY\["rsync"\]\["port"\] must be int'):
        target_settings({"DEPLOY": {"rsync": {"host": "h", "path": "p", "port": "22"}}}, "rsync")
    with pytest.raises(DeployError, match="'ftp' is not one of rsync, ghpages, s3, folder"):
        target_settings({"DEPLOY_TARGET": "ftp"})


def test_invoke_deploy_dry_run_lists_changes_and_writes_nothing(tmp_path):
    write_files(tmp_path / "site", {"index.html": "<!doctype html><title>Home</title>"})
    write_stamp(tmp_path / "site", "https://blog.example.org")  # as `invoke publish` leaves it
    drop = tmp_path / "drop"
    conf = tmp_path / "deployconf.py"
    conf.write_text(f"DEPLOY_TARGET = 'folder'\nDEPLOY = {{'folder': {{'path': {str(drop)!r}}}}}\n")
    command = [
        sys.executable,
        "-m",
        "invoke",
        "deploy",
        "--dry-run",
        "--settings",
        str(conf),
        "--path",
        str(tmp_path / "site"),
    ]

    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert "  add    index.html" in done.stdout
    assert "dry run: deploy would change 1 file(s): 1 add, 0 update, 0 delete" in done.stdout
    assert not drop.exists()
