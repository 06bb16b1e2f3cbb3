"""Map every WordPress image address to a file from the media library export.

WordPress.com serves one upload under many addresses: the full size, resized
copies (``name-300x200.jpg``), ``?w=1024`` queries, ``*.files.wordpress.com``,
``i0.wp.com`` proxies and the blog's own ``/wp-content/uploads/``. All of them
lead to ``YYYY/MM/name`` in the media export (a folder, or the .tar WordPress.com
sends), which is copied to ``content/images/YYYY/MM/name``.
"""

from __future__ import annotations

import io
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image

_DATED = re.compile(r"(?:^|/)(\d{4})/(\d{2})/([^/]+)$")
_RESIZED = re.compile(r"-(\d+)x(\d+)(?=\.[A-Za-z0-9]+$)")
_PROXY = re.compile(r"^i\d\.wp\.com$")


@dataclass(frozen=True)
class MediaFile:
    """A file the export refers to: where it goes under content/ and its shown size."""

    relative: str  # images/2019/05/name.jpg (relative to content/)
    width: str = ""
    height: str = ""


class MediaLibrary:
    """The media export (folder or .tar) as ``(year, month, name) -> file``."""

    def __init__(self, source: Path | None, blog_hosts: set[str]) -> None:
        self.source = Path(source) if source else None
        self.blog_hosts = {h.lower() for h in blog_hosts if h}
        self._files: dict[tuple[str, str, str], object] = {}
        self._tar: tarfile.TarFile | None = None
        self.used: dict[str, tuple[str, str, str]] = {}
        self._sizes: dict[str, tuple[int, int] | None] = {}
        if self.source is None:
            return
        if self.source.is_file() and tarfile.is_tarfile(self.source):
            self._tar = tarfile.open(self.source)
            for member in self._tar.getmembers():
                if member.isfile():
                    self._add(member.name, member)
        elif self.source.is_dir():
            for path in self.source.rglob("*"):
                if path.is_file() and not path.is_symlink():
                    self._add(path.relative_to(self.source).as_posix(), path)
        else:
            raise FileNotFoundError(f"{self.source}: not a folder or a .tar media export")

    def _add(self, name: str, handle: object) -> None:
        match = _DATED.search(name)
        if match and not match.group(3).startswith("."):  # no "..", no hidden files
            self._files.setdefault(match.groups(), handle)

    @property
    def available(self) -> int:
        """How many files the media export holds."""
        return len(self._files)

    def is_wordpress(self, url: str) -> bool:
        """True for an address that served this blog's uploads."""
        return self._key(url) is not None

    def _key(self, url: str) -> tuple[str, str, str] | None:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        path = unquote(parts.path)
        if _PROXY.match(host):  # i0.wp.com/<host>/<path>
            inner = path.lstrip("/")
            host, _, rest = inner.partition("/")
            path = "/" + rest
        wordpress = (host.endswith(".files.wordpress.com") or host.endswith(".wp.com")
                     or host in self.blog_hosts or "/wp-content/uploads/" in path
                     or (not host and "/wp-content/uploads/" in path))
        if not wordpress:
            return None
        match = _DATED.search(path)
        if not match or match.group(3).startswith("."):
            return None
        return match.groups()

    def find(self, url: str) -> MediaFile | None:
        """The local file for ``url`` (any size or address variant), or None if missing."""
        key = self._key(url)
        if key is None:
            return None
        year, month, name = key
        width = height = ""
        candidates = [name]
        resized = _RESIZED.search(name)
        if resized:
            width, height = resized.groups()
            candidates.insert(0, _RESIZED.sub("", name))
        query = dict(p.partition("=")[::2] for p in urlsplit(url).query.split("&") if p)
        if not width and query.get("w", "").isdigit():
            width = query["w"]
        for candidate in candidates:
            found = (year, month, candidate)
            if found in self._files:
                relative = f"images/{year}/{month}/{candidate}"
                self.used[relative] = found
                return MediaFile(relative, width, height)
        return None

    def read(self, relative: str) -> bytes:
        """The bytes of a file :meth:`find` returned."""
        handle = self._files[self.used[relative]]
        if isinstance(handle, Path):
            return handle.read_bytes()
        assert self._tar is not None
        extracted = self._tar.extractfile(handle)  # type: ignore[arg-type]
        return extracted.read() if extracted else b""

    def size(self, relative: str) -> tuple[int, int] | None:
        """The pixel size of a file :meth:`find` returned (None if Pillow cannot read it)."""
        if relative not in self._sizes:
            try:
                with Image.open(io.BytesIO(self.read(relative))) as picture:
                    self._sizes[relative] = picture.size
            except (OSError, ValueError, Image.DecompressionBombError):
                self._sizes[relative] = None
        return self._sizes[relative]

    def close(self) -> None:
        """Close the .tar, if the media export is one."""
        if self._tar is not None:
            self._tar.close()

    def unused(self) -> list[str]:
        """Files in the media export no imported post shows."""
        used = set(self.used.values())
        return sorted("/".join(k) for k in self._files if k not in used)


def dated_name(url: str) -> str:
    """``2019/05/name.jpg`` of a WordPress media URL, for report lines (no host)."""
    match = _DATED.search(unquote(urlsplit(url).path))
    return "/".join(match.groups()) if match else PurePosixPath(urlsplit(url).path).name
