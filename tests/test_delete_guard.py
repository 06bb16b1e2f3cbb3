"""The tasks empty only folders the project made, run as a writer runs them (`invoke ...`).

Every folder here holds someone's files and no marker: each task must refuse
it, name it, and leave every file as it was.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.site import write_files

from sitetools.deploy import write_stamp
from sitetools.paths import MARKER, mark_output

ROOT = Path(__file__).resolve().parent.parent
THEIRS = {
    "a folder of letters": {"letter-to-anna.odt": "Dear Anna", "budget.ods": "rent, food"},
    "a home folder": {".bashrc": "alias ll='ls -l'", "Documents/thesis.tex": "years of work"},
    "a system folder like /usr": {"bin/ls": "\x7fELF", "lib/libc.so.6": "\x7fELF",
                                  "share/doc/README": "docs"},
    "a folder of bare repositories": {"blog.git/HEAD": "ref: refs/heads/main\n",
                                      "blog.git/objects/pack/p.pack": "PACK",
                                      "blog.git/config": "[core]\n\tbare = true\n"},
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def invoke(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    """`invoke -r <project> ...`, from another folder, as a writer would type it."""
    env = dict(os.environ, HOME=str(home), SITEURL="https://blog.example.org")
    return subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def place(tmp_path):
    """A folder of someone's files for each kind, a symlink to each, and a fake $HOME."""
    folders = {}
    for number, (kind, files) in enumerate(THEIRS.items()):
        folders[kind] = tmp_path / f"theirs-{number}"
        write_files(folders[kind], files)
    home = folders["a home folder"]
    for kind, folder in list(folders.items()):
        link = tmp_path / f"link-{folder.name}"
        link.symlink_to(folder)
        folders[f"a symlink to {kind}"] = link
    return tmp_path, home, folders


@pytest.mark.parametrize("kind", [*THEIRS, *(f"a symlink to {k}" for k in THEIRS)])
def test_publish_dry_run_refuses_a_folder_it_did_not_make(place, kind):
    tmp, home, folders = place
    folder = folders[kind]
    before = snapshot(folder.resolve())

    done = invoke("publish", "--dry-run", "--path", str(folder), cwd=tmp, home=home)

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Refusing to empty {folder}" in done.stderr
    assert snapshot(folder.resolve()) == before
    assert folder.is_symlink() == kind.startswith("a symlink")


def test_publish_refuses_the_home_folder_spelled_with_a_tilde(place):
    tmp, home, _ = place
    before = snapshot(home)

    done = invoke("publish", "--dry-run", "--path", "~", cwd=tmp, home=home)

    assert done.returncode == 1
    assert "it is your home folder" in done.stderr
    assert snapshot(home) == before


def test_a_relative_path_is_a_folder_of_the_project_not_of_the_shell(place):
    tmp, home, folders = place
    # From inside the letters' folder, "." would be the letters with a cwd-based path.
    letters = folders["a folder of letters"]
    before = snapshot(letters)

    done = invoke("publish", "--dry-run", "--path", ".", cwd=letters, home=home)

    assert done.returncode == 1
    assert f"is or contains the project folder {ROOT}" in done.stderr
    assert snapshot(letters) == before


@pytest.mark.parametrize("dry_run", [False, True])
@pytest.mark.parametrize("kind", ["a folder of letters", "a symlink to a folder of letters",
                                  "an unrelated zip"])
def test_deploy_to_something_of_someone_else_is_refused(place, kind, dry_run):
    tmp, home, folders = place
    site = mark_output(tmp / "built", tmp)
    (site / "index.html").write_text("<!doctype html><title>Home</title>")
    write_stamp(site, "https://blog.example.org")  # built and checked, as publish leaves it
    if kind == "an unrelated zip":
        folders[kind] = tmp / "backup.zip"
        with zipfile.ZipFile(folders[kind], "w") as archive:
            archive.writestr("photos/wedding.jpg", b"irreplaceable")
    target = folders[kind]
    before = target.read_bytes() if target.is_file() else snapshot(target.resolve())
    conf = tmp / "deployconf.py"
    deploy = {"folder": {"path": str(target)}}
    conf.write_text(f"DEPLOY_TARGET = 'folder'\nDEPLOY = {deploy!r}\n")
    flags = ["--dry-run"] if dry_run else []

    done = invoke("deploy", "--settings", str(conf), "--path", str(site), *flags,
                  cwd=tmp, home=home)

    assert done.returncode == 1
    assert str(target.resolve()) in done.stderr
    after = target.read_bytes() if target.is_file() else snapshot(target.resolve())
    assert after == before


def test_the_marker_survives_pelicans_own_cleaning(build_site, tmp_path):
    """With DELETE_OUTPUT_DIRECTORY on, Pelican empties output/ but keeps the marker
    (OUTPUT_RETENTION in pelicanconf.py), so the next task still knows the folder."""
    output = mark_output(tmp_path / "output", tmp_path)
    (output / "stale.html").write_text("from an older build")

    site = build_site({"posts/a.md": "Title: A\nDate: 2024-01-04\n\nBody.\n"},
                      DELETE_OUTPUT_DIRECTORY=True)

    assert site.output == output
    assert not (output / "stale.html").exists()
    assert (output / MARKER).is_file()
