"""The stamp `invoke publish` leaves on a folder it built and checked, and the deploy's test of it.

Only a checked build is deployed: the stamp holds a fingerprint of every file
(its path and a hash of its bytes), so a folder that was never checked, a half
build left by a failed publish (which has no stamp: the build empties the
folder first), or a checked folder changed since, is refused.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from .safety import DeployError

STAMP = ".thoughtful-checked"


def fingerprint(folder: Path) -> str:
    """A hash of every file's path and bytes in ``folder`` (the stamp itself left out)."""
    total = hashlib.blake2b(digest_size=20)
    for path in sorted(Path(folder).rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name == STAMP or not path.is_file():
            continue
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "blake2b").hexdigest()
        total.update(f"{name}\0{digest}\n".encode())
    return total.hexdigest()


def write_stamp(folder: Path, site_url: str) -> Path:
    """Stamp ``folder`` as checked (call only after the check passed); returns the stamp."""
    stamp = Path(folder) / STAMP
    stamp.write_text(json.dumps({
        "fingerprint": fingerprint(folder),
        "site_url": site_url,
        "checked": datetime.now(UTC).isoformat(timespec="seconds"),
    }, indent=1))
    return stamp


def require_stamp(folder: Path) -> dict:
    """The stamp of a checked, unchanged ``folder``; raises DeployError otherwise."""
    stamp = Path(folder) / STAMP
    try:
        data = json.loads(stamp.read_text())
    except FileNotFoundError:
        raise DeployError(
            f"{folder} was not checked (no {STAMP} file): run `invoke publish`, which builds, "
            "checks and stamps it. A failed publish leaves no stamp, so it is never deployed."
        ) from None
    except (OSError, ValueError) as err:
        raise DeployError(f"{stamp} cannot be read ({err}): run `invoke publish` again") from None
    if data.get("fingerprint") != fingerprint(folder):
        raise DeployError(
            f"{folder} changed after `invoke publish` checked it ({data.get('checked')}): "
            "run `invoke publish` again to build and check what you deploy"
        )
    return data
