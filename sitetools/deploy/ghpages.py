"""Deploy to GitHub Pages: ghp-import commits the site to a branch and pushes it.

ghp-import writes the branch with git fast-import, never touching the working
tree, so the writer's files and the checked-out branch stay as they are.
When fast-import fails, ghp-import prints "Failed to process commit." and still
pushes (the old branch), exiting 0: so after the push the deploy fetches the
branch again and compares it, file by file, with the site it meant to publish.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from .changes import Change, copy_site, diff, local_files
from .safety import DeployError


def git_blob_id(data: bytes) -> str:
    """The id git gives a file's content, to compare a folder with a branch without git add."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


def published_files(repo: Path, remote: str, branch: str) -> dict[str, str]:
    """``{path: blob id}`` on the branch as last fetched or pushed; empty at first."""
    for ref in (f"refs/remotes/{remote}/{branch}", f"refs/heads/{branch}"):
        listing = _git(repo, "ls-tree", "-r", "-z", ref)
        if listing.returncode == 0:
            entries = [e for e in listing.stdout.split("\0") if e]
            return {e.split("\t", 1)[1]: e.split("\t", 1)[0].split()[2] for e in entries}
    return {}


def wanted_files(output: Path, options: dict) -> dict[str, str]:
    """What the branch should hold: the site, plus .nojekyll and CNAME when set."""
    files = local_files(output, git_blob_id)
    if options["nojekyll"]:
        files[".nojekyll"] = git_blob_id(b"")
    if options["cname"]:
        files["CNAME"] = git_blob_id(options["cname"].encode())
    return files


def deploy_ghpages(
    output: Path, options: dict, *, project: Path, dry_run: bool = False
) -> list[Change]:
    """Commit ``output`` to ``options["branch"]`` and push it to ``options["remote"]``."""
    output = Path(output).resolve()
    repo = Path(options["repo"] or project).resolve()
    remote, branch = options["remote"], options["branch"]
    if _git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise DeployError(f'DEPLOY["ghpages"]["repo"]: {repo} is not a git repository')
    if not dry_run:
        # Start from what the remote has, so the push is a fast-forward. A missing
        # branch (first deploy) is fine.
        _fetch(repo, remote, branch)
    wanted = wanted_files(output, options)
    changes = diff(wanted, published_files(repo, remote, branch))
    if dry_run:
        return changes
    command = [
        sys.executable,
        "-m",
        "ghp_import",
        "--push",
        "--remote",
        remote,
        "--branch",
        branch,
        "--message",
        options["message"],
    ]
    if options["nojekyll"]:
        command.append("--no-jekyll")
    if options["cname"]:
        command += ["--cname", options["cname"]]
    with tempfile.TemporaryDirectory() as staging:
        # ghp-import commits a whole folder: hand it a copy without the marker and stamp.
        copy_site(output, Path(staging) / "site")
        done = subprocess.run(
            [*command, str(Path(staging) / "site")], cwd=repo, capture_output=True, text=True,
            check=False,
        )
    said = (done.stderr + done.stdout).strip()
    if done.returncode != 0 or "Failed to process commit" in said:
        raise DeployError(f"ghp-import failed; check {remote}/{branch}: {said}")
    _fetch(repo, remote, branch)
    if published_files(repo, remote, branch) != wanted:
        raise DeployError(
            f"ghp-import reported success, but {remote}/{branch} does not hold the built site"
            + (f": {said}" if said else "")
        )
    return changes


def _fetch(repo: Path, remote: str, branch: str) -> None:
    _git(repo, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
