"""A built output folder as the checks see it: files, and URLs mapped to those files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from thoughtful.paths import OutsideError, inside

from .parse import Page, parse_page

# Schemes that never point into the site.
EXTERNAL_SCHEMES = {"mailto", "tel", "data", "javascript", "sms", "geo"}


@dataclass
class Target:
    """Where a URL leads: outside the site, or a file in the folder (None: no such file)."""

    external: bool
    path: Path | None = None
    fragment: str = ""


@dataclass
class OutputSite:
    """A built site in ``folder``; ``site_url`` (e.g. https://example.org) maps absolute links."""

    folder: Path
    site_url: str = ""
    _pages: dict[Path, Page] = field(default_factory=dict, repr=False)
    # Pages share most links (navigation, tags, stylesheets): look each one up once.
    _files: dict[str, Path | None] = field(default_factory=dict, repr=False)
    _urls: dict[Path, str] = field(default_factory=dict, repr=False)
    _joined: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder).resolve()
        self.site_url = self.site_url.rstrip("/")

    @cached_property
    def html_files(self) -> list[Path]:
        """Every .html file, sorted so reports are stable."""
        return sorted(self.folder.rglob("*.html"))

    def rel(self, path: Path) -> str:
        """The path as the report shows it: relative to the folder, with slashes."""
        return path.relative_to(self.folder).as_posix()

    def page(self, path: Path) -> Page:
        """The parsed page, parsed once per check run."""
        if path not in self._pages:
            self._pages[path] = parse_page(path.read_text(encoding="utf-8", errors="replace"))
        return self._pages[path]

    def url_of(self, path: Path) -> str:
        """The site-root-relative URL a file is served at (``/a/b/index.html``)."""
        if path not in self._urls:
            self._urls[path] = "/" + self.rel(path)
        return self._urls[path]

    def resolve(self, url: str, from_file: Path) -> Target:
        """Map ``url`` as written in ``from_file`` to a file in the folder, or say it is outside.

        Absolute links to SITEURL count as internal, so a production build can be
        checked without a server.
        """
        parts = urlsplit(url)
        if parts.scheme in EXTERNAL_SCHEMES:
            return Target(external=True)
        if parts.scheme or parts.netloc:
            absolute = url if parts.scheme else "https:" + url
            inside = absolute == self.site_url or absolute.startswith(self.site_url + "/")
            if not (self.site_url and inside):
                return Target(external=True)
            parts = urlsplit(absolute[len(self.site_url) :] or "/")
        page_url = self.url_of(from_file)
        key = (page_url.rpartition("/")[0], parts.path)  # a relative link depends on the folder
        if key not in self._joined:
            joined = urljoin(page_url, unquote(parts.path)) if parts.path else None
            self._joined[key] = joined
        path = self._joined[key] or page_url
        return Target(external=False, path=self.file_at(path), fragment=unquote(parts.fragment))

    def file_at(self, url_path: str) -> Path | None:
        """The file served at a site-root URL path (folders serve index.html), if it exists."""
        if url_path not in self._files:
            self._files[url_path] = self._look_up(url_path)
        return self._files[url_path]

    def _look_up(self, url_path: str) -> Path | None:
        relative = PurePosixPath(url_path).relative_to("/") if url_path != "/" else None
        candidate = self.folder / relative if relative else self.folder
        try:
            candidate = inside(candidate, self.folder)
        except (OutsideError, OSError):
            return None  # a link that climbs out of the site cannot be served
        if candidate.is_dir() or url_path.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None
