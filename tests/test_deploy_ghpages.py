"""Deploy to GitHub Pages: ghp-import pushes the site to a branch of a real bare git repository."""

import subprocess
from pathlib import Path

import pytest
from support.deploying import deploy_checked as deploy
from support.site import write_files

from sitetools.deploy import Change, DeployError

ROOT = Path(__file__).resolve().parent.parent
SITE = {
    "index.html": "<!doctype html><title>Home</title>",
    "2024/01/promises/index.html": "<!doctype html><title>Promises</title>",
    "theme/css/site.css": "body { color: black; }",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def branch_files(bare: Path, branch: str) -> dict[str, str]:
    names = git(bare, "ls-tree", "-r", "--name-only", branch).split("\n")
    return {name: git(bare, "show", f"{branch}:{name}") for name in names if name}


@pytest.fixture
def repos(tmp_path, monkeypatch):
    """A bare repository standing in for GitHub, and the writer's clone of it."""
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{kind}_NAME", "Maya Lindqvist")
        monkeypatch.setenv(f"GIT_{kind}_EMAIL", "maya@example.org")
    bare, work = tmp_path / "github.git", tmp_path / "blog"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(work)], check=True)
    write_files(work, {"content/posts/promises.md": "Title: Keep small promises\n"})
    git(work, "add", ".")
    git(work, "commit", "--quiet", "-m", "A post")
    git(work, "remote", "add", "origin", str(bare))
    return bare, work


def settings_for(work: Path, **options) -> dict:
    ghpages = {"repo": str(work), "branch": "gh-pages", "cname": "blog.example.org", **options}
    return {"DEPLOY_TARGET": "ghpages", "DEPLOY": {"ghpages": ghpages}}


@pytest.fixture
def output(tmp_path) -> Path:
    write_files(tmp_path / "output", SITE)
    return tmp_path / "output"


def test_deploys_push_the_site_with_cname_and_nojekyll_and_drop_deleted_posts(repos, output):
    bare, work = repos
    head_before, status_before = git(work, "rev-parse", "HEAD"), git(work, "status", "--porcelain")

    deploy(output, settings_for(work), project=ROOT)

    assert branch_files(bare, "gh-pages") == {**SITE, ".nojekyll": "", "CNAME": "blog.example.org"}
    # The writer's branch and working tree are untouched.
    assert git(work, "rev-parse", "HEAD") == head_before
    assert git(work, "status", "--porcelain") == status_before

    (output / "2024/01/promises/index.html").unlink()
    _, changes = deploy(output, settings_for(work), project=ROOT)

    assert changes == [Change("delete", "2024/01/promises/index.html")]
    assert "2024/01/promises/index.html" not in branch_files(bare, "gh-pages")
    assert git(bare, "rev-list", "--count", "gh-pages").strip() == "2"


def test_without_cname_and_nojekyll_neither_file_is_written(repos, output):
    bare, work = repos

    deploy(output, settings_for(work, cname=None, nojekyll=False, branch="site"), project=ROOT)

    assert branch_files(bare, "site") == SITE


def test_a_dry_run_lists_the_changes_and_pushes_nothing(repos, output):
    bare, work = repos
    _, first = deploy(output, settings_for(work), project=ROOT, dry_run=True)
    assert git(bare, "branch", "--list") == ""
    assert Change("add", "CNAME") in first and len(first) == len(SITE) + 2

    deploy(output, settings_for(work), project=ROOT)
    published = git(bare, "rev-parse", "gh-pages")
    (output / "theme/css/site.css").write_text("body { color: navy; }")

    _, changes = deploy(output, settings_for(work), project=ROOT, dry_run=True)

    assert changes == [Change("update", "theme/css/site.css")]
    assert git(bare, "rev-parse", "gh-pages") == published


def test_a_commit_ghp_import_fails_to_write_fails_the_deploy(repos, output):
    bare, work = repos
    deploy(output, settings_for(work), project=ROOT)
    live = git(bare, "rev-parse", "gh-pages")
    # git fast-import cannot take a path that starts with a double quote. (ghp-import
    # 2.1 then crashes on Python 3 before its push; the deploy says so either way.)
    (output / '"draft".html').write_text("<!doctype html><title>Draft</title>")

    with pytest.raises(DeployError, match="ghp-import failed"):
        deploy(output, settings_for(work), project=ROOT)

    assert git(bare, "rev-parse", "gh-pages") == live


def test_a_push_that_does_not_leave_the_site_on_the_branch_fails_the_deploy(repos, output):
    bare, work = repos
    deploy(output, settings_for(work), project=ROOT)
    live = git(bare, "rev-parse", "gh-pages")
    # The server takes the push, then the branch is put back (as when another deploy
    # lands right after, or a server hook refuses quietly): ghp-import still exits 0.
    hook = bare / "hooks" / "post-receive"
    hook.write_text('#!/bin/sh\nwhile read old new ref; do git update-ref "$ref" "$old"; done\n')
    hook.chmod(0o755)
    (output / "index.html").write_text("<!doctype html><title>Home, newer</title>")

    with pytest.raises(DeployError, match="does not hold the built site"):
        deploy(output, settings_for(work), project=ROOT)

    assert git(bare, "rev-parse", "gh-pages") == live
