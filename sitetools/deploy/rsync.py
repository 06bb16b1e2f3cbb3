"""Deploy over SSH with rsync, switching the live site in one step.

Layout on the server (the web server's document root is ``<path>/current``)::

    <path>/releases/20260105T101500123456Z/   one complete site per deploy
    <path>/releases/.incoming-<name>/         the upload in progress
    <path>/current -> releases/<name>         switched with ln -s + mv -T (a rename)

The upload goes into a new folder, hard-linking unchanged files from the live
release (--link-dest), so an interrupted deploy leaves ``current`` untouched.

One deploy at a time: each holds ``<path>/.deploy.lock`` with ``flock`` for as
long as its SSH connection lives, so a second deploy is refused instead of
removing the first one's upload, and a killed deploy frees the lock by itself.
Remote scripts run under ``sh``, whatever the account's login shell is. The
server needs GNU coreutils (``mv -T``, ``head -n -N``) and util-linux's flock.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from .changes import ADD, DELETE, NOT_DEPLOYED, UPDATE, Change, site_files
from .safety import DeployError

RELEASE_NAME = re.compile(r"^[0-9]{8}T[0-9]{12}Z$")
# rsync --itemize-changes: ">f+++++++++ path" new, ">f.st...... path" changed, "*deleting path".
_ITEM = re.compile(r"^(?P<code>\S+)\s+(?P<path>.+)$")


def ssh_command(options: dict) -> list[str]:
    """``ssh`` with the port, key and options from the settings; never asks for a password."""
    command = ["ssh", "-p", str(options["port"]), "-o", "BatchMode=yes"]
    if options["identity_file"]:
        command += ["-i", str(Path(options["identity_file"]).expanduser())]
    for option in options["ssh_options"]:
        command += ["-o", option]
    return command


def _destination(options: dict) -> str:
    return f"{options['user']}@{options['host']}" if options["user"] else options["host"]


def _base(options: dict) -> str:
    # "~/site" and "site" both mean a folder in the remote home; the commands quote
    # the path, so the tilde is taken off here rather than left for a shell to expand.
    base = str(options["path"]).rstrip("/").removeprefix("~/")
    if not base or "\n" in base or base in {"~", ".", "/"}:
        raise DeployError(f'DEPLOY["rsync"]["path"] must name a folder of its own, not {base!r}')
    return base


def _sh(script: str) -> str:
    # ssh hands the command to the login shell (maybe fish or csh): let it start sh only.
    return f"sh -c {shlex.quote(script)}"


def _remote(options: dict, script: str) -> str:
    """Run a POSIX sh script on the server; returns its output or raises with its error."""
    done = subprocess.run(
        [*ssh_command(options), _destination(options), _sh(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DeployError(f"on {options['host']}: {done.stderr.strip() or 'ssh failed'}")
    return done.stdout


def _rsync(output: Path, options: dict, dest: str, extra: list[str]) -> subprocess.CompletedProcess:
    # --checksum: a fresh build has new mtimes everywhere; compare content so unchanged
    # files are hard-linked from the live release instead of uploaded again.
    command = [
        "rsync",
        "-a",
        "--checksum",
        "--delete",
        "-e",
        shlex.join(ssh_command(options)),
        *(f"--exclude=/{name}" for name in NOT_DEPLOYED),
        *extra,
        f"{output}/",
        f"{_destination(options)}:{dest}/",
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def parse_itemized(lines: str) -> list[Change]:
    """Changes from ``rsync --itemize-changes`` output (files only, not folders)."""
    changes = []
    for line in lines.splitlines():
        match = _ITEM.match(line.strip())
        if not match:
            continue
        code, path = match["code"], match["path"]
        if code == "*deleting":
            if not path.endswith("/"):
                changes.append(Change(DELETE, path))
        elif code[1:2] == "f":
            changes.append(Change(ADD if "+++" in code else UPDATE, path))
    return sorted(changes, key=lambda c: (c.path, c.action))


def plan_rsync(output: Path, options: dict, previous: str) -> list[Change]:
    """What a deploy would change against the live release (rsync --dry-run)."""
    if not previous:
        return sorted(Change(ADD, path) for path in site_files(output))
    done = _rsync(output, options, f"{_base(options)}/current", ["--dry-run", "--itemize-changes"])
    if done.returncode != 0:
        raise DeployError(f"rsync --dry-run failed: {done.stderr.strip()}")
    return parse_itemized(done.stdout)


@contextlib.contextmanager
def server_lock(options: dict) -> Iterator[None]:
    """Hold ``<path>/.deploy.lock`` on the server (flock) while the block runs.

    The lock belongs to a remote ``cat`` that lives as long as this SSH connection:
    when the deploy ends, or is killed, the connection closes and the lock is free.
    """
    base = shlex.quote(_base(options))
    script = (f"mkdir -p {base} && exec flock -n {base}/.deploy.lock "
              "sh -c 'echo locked && exec cat >/dev/null'")
    holder = subprocess.Popen(
        [*ssh_command(options), _destination(options), _sh(script)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    if holder.stdout.readline().strip() != "locked":
        holder.stdin.close()
        error = holder.stderr.read().strip()
        holder.wait()
        if holder.returncode == 1 and not error:  # flock -n: held by someone else
            raise DeployError(
                f"another deploy to {options['host']}:{_base(options)} is running; "
                "try again when it is done (the live site is unchanged)"
            )
        raise DeployError(f"on {options['host']}: cannot take the deploy lock: "
                          f"{error or 'ssh failed'}")
    try:
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def deploy_rsync(output: Path, options: dict, *, dry_run: bool = False) -> list[Change]:
    """Upload ``output`` as a new release and make it live; returns the changed files."""
    output = Path(output).resolve()
    base = shlex.quote(_base(options))
    if dry_run:
        previous = _live_release(_remote(options, f"readlink {base}/current || true"))
        return plan_rsync(output, options, previous)
    with server_lock(options):
        return _upload_and_switch(output, options, base)


def _upload_and_switch(output: Path, options: dict, base: str) -> list[Change]:
    # Under the lock, so no other deploy is uploading. One connection prepares: make the
    # folders, remove the leftovers of an interrupted deploy (by name pattern, inside
    # releases/ only), and say which release is live.
    prepare = f"mkdir -p {base}/releases && rm -rf -- {base}/releases/.incoming-* && "
    previous = _live_release(_remote(options, prepare + f"(readlink {base}/current || true)"))
    changes = plan_rsync(output, options, previous)
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    incoming = f".incoming-{name}"
    extra = [f"--link-dest=../{previous}"] if previous else []
    if options["bwlimit"]:
        extra.append(f"--bwlimit={int(options['bwlimit'])}")
    done = _rsync(output, options, f"{_base(options)}/releases/{incoming}", extra)
    if done.returncode != 0:
        raise DeployError(f"rsync failed, the live site is unchanged: {done.stderr.strip()}")
    # mv -T renames the new link over the old one: visitors see the old site or the new one.
    switch = (
        f"cd {base} && mv -T releases/{incoming} releases/{name} && "
        f"ln -sfn releases/{name} .current-{name} && mv -T .current-{name} current"
    )
    # Then releases beyond `keep` go: only names shaped like a release, never the live one.
    keep = max(1, options["keep"])
    prune = (
        f"cd releases && ls -1 | grep -E '{RELEASE_NAME.pattern}' | sort | head -n -{keep} "
        f"| grep -vx {name} | xargs -r rm -rf --"
    )
    _remote(options, f"{switch} && {prune}")
    return changes


def _live_release(readlink: str) -> str:
    name = readlink.strip().removeprefix("releases/")
    return name if RELEASE_NAME.match(name) else ""
