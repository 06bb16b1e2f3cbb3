"""Build a real Pelican site in-process and read what a reader and a crawler see."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    """A built site: its output folder and what Pelican logged while building."""

    root: Path
    output: Path
    content: Path
    settings: dict
    records: list[logging.LogRecord] = field(default_factory=list)

    def read(self, path: str) -> str:
        """Text of an output file, e.g. ``site.read("2024/05/hello/index.html")``."""
        return (self.output / path).read_text(encoding="utf-8")

    def soup(self, path: str) -> BeautifulSoup:
        """Parsed HTML of an output file."""
        return BeautifulSoup(self.read(path), "html.parser")

    def exists(self, path: str) -> bool:
        return (self.output / path).exists()

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """Log messages at ``level`` or above, formatted."""
        return [r.getMessage() for r in self.records if r.levelno >= level]

    @property
    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == logging.WARNING]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    """Write ``{relative path: text or bytes}`` under ``folder``."""
    for rel, body in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")


def publish_project(folder: Path, files: dict[str, str | bytes], settings: str = "") -> Path:
    """A small project in ``folder``: ``files`` under content/, and ``siteconf.py``
    extending the project's publishconf.py with ``settings`` (Python lines), its
    content and caches kept inside ``folder``. Returns the settings file."""
    conf = folder / "siteconf.py"
    write_files(folder, {f"content/{rel}": body for rel, body in files.items()})
    conf.write_text(f"""import sys
sys.path.insert(0, {str(ROOT)!r})
from publishconf import *  # noqa: F403

PATH = {str(folder / "content")!r}
CACHE_PATH = {str(folder / "cache" / "pelican")!r}
THOUGHTFUL_CACHE_PATH = {str(folder / "cache")!r}
{settings}""", encoding="utf-8")
    return conf


def build(
    tmp: Path, files: dict[str, str | bytes], base: str = "pelicanconf.py", **overrides
) -> Site:
    """Write ``files`` into ``tmp/content`` and build them with the project's settings.

    ``overrides`` replace settings of ``base`` (a settings file at the repo root).
    Output goes to ``tmp/output``; every cache lives under ``tmp/cache``.
    """
    content = tmp / "content"
    content.mkdir(parents=True, exist_ok=True)
    write_files(content, files)
    output = tmp / "output"
    settings = read_settings(
        str(ROOT / base),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(tmp / "cache" / "pelican"),
            "THOUGHTFUL_CACHE_PATH": str(tmp / "cache"),
            "LOAD_CONTENT_CACHE": False,
            **overrides,
        },
    )
    # Pelican drops a warning it has logged before in this process; tests build
    # many sites, and each must see its own warnings.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    handler = _Collect()
    logger = logging.getLogger()
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        Pelican(settings).run()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Site(
        root=tmp, output=output, content=content, settings=settings, records=handler.records
    )
