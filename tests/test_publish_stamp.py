"""Only a checked build is deployed: `invoke publish` stamps the folder after its check,
`invoke deploy` refuses a folder without the stamp or changed since.

The tasks run as a writer runs them; the project is a small one in tmp whose
settings extend the real publishconf.py and deploy to a folder (the "live site").
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.site import publish_project, write_files

from sitetools.deploy import DeployError, deploy, write_stamp
from sitetools.deploy.stamp import STAMP
from sitetools.publish import PublishError, publish

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
POST = "Title: Keep small promises\nDate: 2024-01-04 10:00\nCategory: Notes\n\nKept.\n"


def invoke(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), *args], cwd=cwd,
                          env=dict(os.environ), capture_output=True, text=True, timeout=300)


def deploy_task(project: Path) -> subprocess.CompletedProcess:
    """`invoke deploy` of the small project's output-publish/ with its settings."""
    return invoke("deploy", "--settings", str(project / "siteconf.py"),
                  "--path", str(project / "output-publish"), cwd=project)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    publish_project(tmp_path, {"posts/promises.md": POST}, f"""SITEURL = FEED_DOMAIN = "https://blog.example.org"
DEPLOY_TARGET = "folder"
DEPLOY = {{"folder": {{"path": {str(tmp_path / "live")!r}}}}}
""")
    return tmp_path


def run_publish(project: Path):
    return publish(project, project / "siteconf.py", project / "output-publish",
                   skip=["a11y", "share", "html"])


def test_a_failed_publish_is_never_deployed_and_the_live_site_stays(project):
    run_publish(project)
    live = snapshot(project / "live")
    assert "index.html" in live
    # A fatal warning under --fatal warnings, planted in a page: Pelican writes the
    # posts and the home page first and stops at the page, leaving a half build.
    write_files(project, {"content/pages/about.md":
                          "Title: About\n\nSee [a lost post]({filename}/posts/missing.md).\n"})
    with pytest.raises(PublishError, match="strict build failed"):
        run_publish(project)
    half = project / "output-publish"
    assert (half / "index.html").is_file() and not (half / "theme").exists()  # no CSS

    done = deploy_task(project)

    assert done.returncode == 1
    assert f"was not checked (no {STAMP} file)" in done.stderr
    assert snapshot(project / "live") == live


def test_a_checked_folder_changed_afterwards_is_refused(project):
    run_publish(project)
    published = project / "output-publish"
    (published / "index.html").write_text("<!doctype html><title>edited by hand</title>")

    done = deploy_task(project)

    assert done.returncode == 1
    assert "changed after `invoke publish` checked it" in done.stderr


def test_a_checked_unchanged_folder_deploys_and_the_stamp_stays_home(project):
    run_publish(project)
    (project / "content/posts/promises.md").write_text(POST + "\nA second thought.\n")
    run_publish(project)

    done = deploy_task(project)

    assert done.returncode == 0, done.stderr
    assert b"A second thought." in (project / "live/2024/01/keep-small-promises/index.html"
                                    ).read_bytes()
    assert not (project / "live" / STAMP).exists()


def test_a_folder_built_by_hand_is_refused_even_for_a_dry_run(tmp_path):
    write_files(tmp_path / "site", {"index.html": "<!doctype html><title>Home</title>"})
    settings = {"DEPLOY_TARGET": "folder", "DEPLOY": {"folder": {"path": str(tmp_path / "x")}}}

    with pytest.raises(DeployError, match="was not checked"):
        deploy(tmp_path / "site", settings, project=tmp_path, dry_run=True)
    write_stamp(tmp_path / "site", "https://blog.example.org")
    (tmp_path / "site/extra.html").write_text("added after the check")
    with pytest.raises(DeployError, match="changed after"):
        deploy(tmp_path / "site", settings, project=tmp_path, dry_run=True)
