"""Publish = strict build into a fresh folder, then the site check, then the deploy.

Each test makes a small project in tmp (content + a settings file that extends
the real publishconf.py) and publishes it to a real bare git repository.
"""

import subprocess
from pathlib import Path

import pytest
from support.site import publish_project

from sitetools.publish import PublishError, publish

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://blog.example.org"
# The theme's own audits have their own tests; publishing here is about the order of steps.
SKIP = ["a11y", "share"]
POST = """Title: Keep small promises
Date: 2024-01-04 10:00
Category: Notes

Small promises, kept, [add up](#top).
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with content, settings extending publishconf.py, and a git remote."""
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{kind}_NAME", "Maya Lindqvist")
        monkeypatch.setenv(f"GIT_{kind}_EMAIL", "maya@example.org")
    bare = tmp_path / "github.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(tmp_path)], check=True)
    git(tmp_path, "remote", "add", "origin", str(bare))
    publish_project(tmp_path, {"posts/promises.md": POST}, f"""SITEURL = FEED_DOMAIN = {SITE_URL!r}
DEPLOY_TARGET = "ghpages"
DEPLOY = {{"ghpages": {{"repo": {str(tmp_path)!r}, "branch": "gh-pages"}},
          "folder": {{"path": {str(tmp_path / "drop")!r}}}}}
""")
    return tmp_path, bare


def run(project_dir: Path, skip=(*SKIP, "html"), **options):
    """Publish the project; vnu (seconds of JVM start) runs only where a test asks for it."""
    return publish(
        project_dir,
        project_dir / "siteconf.py",
        project_dir / "output-publish",
        skip=skip,
        **options,
    )


def published(bare: Path) -> list[str]:
    return git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split()


def test_a_good_site_is_built_checked_and_pushed(project):
    folder, bare = project

    done = run(folder, skip=SKIP)

    assert done.report.ok and done.report.ran == ["links", "feeds", "html"]
    assert done.target == "ghpages"
    files = published(bare)
    assert {"index.html", "2024/01/keep-small-promises/index.html", "feeds/all.atom.xml"} <= set(
        files
    )
    assert len(files) == len(done.changes)


def test_a_failed_strict_build_deploys_nothing(project):
    folder, bare = project
    (folder / "content/posts/promises.md").write_text(
        POST + "\nSee [the other post]({filename}missing.md).\n"
    )

    with pytest.raises(PublishError, match="strict build failed; nothing was deployed") as failure:
        run(folder)

    assert "missing.md" in str(failure.value)  # Pelican's own words about the broken link
    assert git(bare, "branch", "--list") == ""


def test_a_failed_check_deploys_nothing_and_keeps_the_live_site(project):
    folder, bare = project
    run(folder)
    live = git(bare, "rev-parse", "gh-pages")
    (folder / "content/posts/promises.md").write_text(
        POST + f"\n[Gone]({SITE_URL}/2023/12/gone/)\n"
    )

    with pytest.raises(PublishError, match="site check failed; nothing was deployed") as failure:
        run(folder)

    assert f"broken link: {SITE_URL}/2023/12/gone/" in str(failure.value)
    assert git(bare, "rev-parse", "gh-pages") == live


def test_the_folder_target_ships_the_generated_headers_file(project):
    folder, _ = project

    done = run(folder, target="folder")

    assert "headers" in done.report.ran  # required for hosts that read _headers
    headers = (folder / "drop" / "_headers").read_text()
    assert "Content-Security-Policy:" in headers
    assert (folder / "drop" / "2024/01/keep-small-promises/index.html").is_file()


def test_a_dry_run_builds_and_checks_but_deploys_nothing(project):
    folder, bare = project

    done = run(folder, dry_run=True)

    assert done.report.ok
    assert any(c.path == "index.html" and c.action == "add" for c in done.changes)
    assert (folder / "output-publish" / "index.html").is_file()
    assert git(bare, "branch", "--list") == ""


def test_a_publish_folder_that_holds_the_project_is_refused_before_building(project):
    folder, bare = project

    with pytest.raises(PublishError, match="contains the project folder"):
        publish(folder, folder / "siteconf.py", folder.parent, skip=SKIP)
    assert (folder / "content/posts/promises.md").read_text() == POST
