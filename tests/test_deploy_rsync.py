"""Deploy with rsync over SSH to a real sshd on 127.0.0.1, started by these tests.

The live site is ``<path>/current``, a symlink switched in one rename: these
tests read it the way a web server would, during and after deploys.
"""

import getpass
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.deploying import deploy_checked as deploy
from support.servers import free_port
from support.site import write_files

from sitetools.deploy import Change, DeployError, write_stamp
from sitetools.deploy.changes import NOT_DEPLOYED, site_files

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SSHD = Path("/usr/sbin/sshd")
SITE = {
    "index.html": "<!doctype html><title>Home</title>",
    "2024/01/promises/index.html": "<!doctype html><title>Promises</title>",
    "theme/css/site.css": "body { color: black; }",
}


def _wait_for_port(port: int, attempts: int = 100) -> None:
    for _ in range(attempts):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"sshd did not listen on port {port}")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """sshd on a free port with its own host key, accepting one user key generated here."""
    if not SSHD.exists():
        pytest.skip("openssh-server is not installed (bash scripts/setup.sh --test)")
    home = tmp_path_factory.mktemp("sshd")
    port = free_port()
    for key in ("host_key", "user_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(home / key)], check=True
        )
    (home / "authorized_keys").write_text((home / "user_key.pub").read_text())
    host_public = (home / "host_key.pub").read_text().split()[:2]
    (home / "known_hosts").write_text(f"[127.0.0.1]:{port} {' '.join(host_public)}\n")
    (home / "sshd_config").write_text(
        f"ListenAddress 127.0.0.1\nHostKey {home / 'host_key'}\n"
        f"AuthorizedKeysFile {home / 'authorized_keys'}\nPidFile {home / 'sshd.pid'}\n"
        "StrictModes no\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nUsePAM no\nLogLevel ERROR\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation needs it
    server = subprocess.Popen(
        [str(SSHD), "-D", "-e", "-f", str(home / "sshd_config"), "-p", str(port)]
    )
    try:
        _wait_for_port(port)
        yield {"home": home, "port": port}
    finally:
        server.terminate()
        server.wait(timeout=10)


def settings_for(sshd: dict, path: Path, **options) -> dict:
    rsync = {
        "host": "127.0.0.1",
        "user": getpass.getuser(),
        "port": sshd["port"],
        "path": str(path),
        "identity_file": str(sshd["home"] / "user_key"),
        "ssh_options": [
            f"UserKnownHostsFile={sshd['home'] / 'known_hosts'}",
            "StrictHostKeyChecking=yes",
            "IdentitiesOnly=yes",
        ],
        **options,
    }
    return {"DEPLOY_TARGET": "rsync", "DEPLOY": {"rsync": rsync}}


def tree(folder: Path) -> dict[str, str]:
    """{path: sha256} of every file, the way a visitor would see the folder."""
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in site_files(folder)
    }


@pytest.fixture
def output(tmp_path) -> Path:
    write_files(tmp_path / "output", SITE)
    return tmp_path / "output"


def test_first_deploy_then_a_deleted_post_switches_the_live_release(sshd, tmp_path, output):
    www = tmp_path / "server" / "www"

    deploy(output, settings_for(sshd, www), project=ROOT)
    first = (www / "current").resolve()
    assert (www / "current").is_symlink()
    assert tree(www / "current") == tree(output)
    assert not set(NOT_DEPLOYED) & {p.name for p in first.iterdir()}

    (output / "2024/01/promises/index.html").unlink()
    _, changes = deploy(output, settings_for(sshd, www), project=ROOT)

    assert changes == [Change("delete", "2024/01/promises/index.html")]
    assert tree(www / "current") == tree(output)
    assert first.is_dir() and (www / "current").resolve() != first  # the old release is kept
    # Unchanged files are hard links into the previous release, not new copies.
    assert (www / "current/index.html").stat().st_ino == (first / "index.html").stat().st_ino


def test_old_releases_beyond_keep_are_removed(sshd, tmp_path, output):
    www = tmp_path / "server" / "www"
    write_files(www, {"logs/access.log": "the server's own files", "releases/README": "mine"})
    for number in range(3):
        (output / "index.html").write_text(f"<!doctype html><title>Home {number}</title>")
        deploy(output, settings_for(sshd, www, keep=2), project=ROOT)

    releases = sorted(p.name for p in (www / "releases").iterdir() if p.name != "README")
    assert len(releases) == 2
    assert (www / "logs/access.log").read_text() == "the server's own files"
    assert (www / "releases/README").read_text() == "mine"  # only release-shaped names go
    assert (www / "current").resolve().name == releases[-1]


def test_a_dry_run_lists_the_changes_and_changes_nothing(sshd, tmp_path, output):
    www = tmp_path / "server" / "www"
    _, planned = deploy(output, settings_for(sshd, www), project=ROOT, dry_run=True)
    assert [c.action for c in planned] == ["add"] * 3
    assert not www.exists()

    deploy(output, settings_for(sshd, www), project=ROOT)
    live, releases = (www / "current").resolve(), sorted((www / "releases").iterdir())
    (output / "theme/css/site.css").write_text("body { color: navy; }")
    (output / "new.html").write_text("<!doctype html><title>New</title>")

    _, planned = deploy(output, settings_for(sshd, www), project=ROOT, dry_run=True)

    assert planned == [Change("add", "new.html"), Change("update", "theme/css/site.css")]
    assert (www / "current").resolve() == live
    assert sorted((www / "releases").iterdir()) == releases
    assert (
        tree(live)["theme/css/site.css"]
        == hashlib.sha256(SITE["theme/css/site.css"].encode()).hexdigest()
    )


def test_a_deploy_killed_mid_transfer_leaves_the_previous_site_live(sshd, tmp_path, output):
    www = tmp_path / "server" / "www"
    deploy(output, settings_for(sshd, www), project=ROOT)
    old = tree(www / "current")
    # A new site big enough to take seconds at 256 KiB/s: 40 files of 64 KiB.
    (output / "images").mkdir()
    for number in range(40):
        (output / f"images/photo-{number:02}.jpg").write_bytes(os.urandom(64 * 1024))
    (output / "index.html").write_text("<!doctype html><title>Home, new</title>")
    new = tree(output)
    conf = tmp_path / "deployconf.py"
    conf.write_text(
        f"DEPLOY_TARGET = 'rsync'\nDEPLOY = {settings_for(sshd, www, bwlimit=256)['DEPLOY']!r}\n"
    )

    write_stamp(output, "https://blog.example.org")  # as `invoke publish` leaves it
    running = subprocess.Popen(
        [sys.executable, "-m", "invoke", "deploy", "--settings", str(conf), "--path", str(output)],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen = []
    try:
        # Wait (bounded) until the upload has started, reading the live site meanwhile.
        for _ in range(400):
            seen.append(tree(www / "current"))
            incoming = list((www / "releases").glob(".incoming-*/images/*"))
            if len(incoming) >= 3:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the upload never started")
    finally:
        os.killpg(running.pid, signal.SIGKILL)  # the deploy, its ssh and its rsync
        running.wait()

    partial = list((www / "releases").glob(".incoming-*"))
    assert len(partial) == 1 and len(tree(partial[0])) < len(new)  # killed mid-transfer
    assert all(snapshot == old for snapshot in seen)
    assert tree(www / "current") == old  # the previous site, complete

    deploy(output, settings_for(sshd, www), project=ROOT)

    assert tree(www / "current") == new
    assert not list((www / "releases").glob(".incoming-*"))  # the leftover was cleaned up


def test_two_deploys_at_once_the_second_is_refused_and_the_first_completes(
    sshd, tmp_path, output
):
    www = tmp_path / "server" / "www"
    deploy(output, settings_for(sshd, www), project=ROOT)
    # A site big enough to take seconds at 256 KiB/s: 40 files of 64 KiB.
    (output / "images").mkdir()
    for number in range(40):
        (output / f"images/photo-{number:02}.jpg").write_bytes(os.urandom(64 * 1024))
    new = tree(output)
    write_stamp(output, "https://blog.example.org")  # as `invoke publish` leaves it
    conf = tmp_path / "deployconf.py"
    conf.write_text(
        f"DEPLOY_TARGET = 'rsync'\nDEPLOY = {settings_for(sshd, www, bwlimit=256)['DEPLOY']!r}\n"
    )
    other = tmp_path / "other-build"
    write_files(other, {**SITE, "index.html": "<!doctype html><title>Other</title>"})

    first = subprocess.Popen(
        [sys.executable, "-m", "invoke", "deploy", "--settings", str(conf), "--path", str(output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(400):
            if len(list((www / "releases").glob(".incoming-*/images/*"))) >= 3:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the first upload never started")

        with pytest.raises(DeployError, match="another deploy to 127.0.0.1:.* is running"):
            deploy(other, settings_for(sshd, www), project=ROOT)

        out, err = first.communicate(timeout=120)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert tree(www / "current") == new  # the first deploy went through whole

    deploy(other, settings_for(sshd, www), project=ROOT)  # the lock is free again
    assert tree(www / "current") == tree(other)
