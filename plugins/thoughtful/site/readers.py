"""Readers that name the file and the field when a post cannot be read.

Pelican's readers turn a partial date into a full one silently, and report an
unreadable file only as "Could not process <file>". These subclasses check
each field as it is read and log an error of the form

    content/posts/x.md: date: '2024' is not a full date (use YYYY-MM-DD ...)

then raise, so Pelican skips that one file (and ``--fatal`` fails the build).
Raising, rather than marking the post skipped, keeps a bad file out of
Pelican's reader cache: the error is reported again on every build.
"""

import logging
from typing import Any

from pelican.readers import HTMLReader, MarkdownReader, RstReader

from .dates import DATE_FIELDS, HINT, date_problem
from .report import shown_path
from .settings import KEY, setting

log = logging.getLogger(__name__)


class BadField(ValueError):
    """A metadata field has a value the site cannot use."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


class StrictFields:
    """Mixin for a Pelican reader: full dates, non-empty titles, named errors."""

    settings: dict[str, Any]

    def process_metadata(self, name: str, value: Any) -> Any:
        """Check a date field before Pelican fills in what is missing."""
        checked = name in DATE_FIELDS and isinstance(value, str) and self._check_dates
        if checked and (problem := date_problem(value)):
            raise BadField(name, problem)
        try:
            return super().process_metadata(name, value)
        except ValueError as err:
            if name not in DATE_FIELDS or isinstance(err, BadField):
                raise
            # A full-looking date that still does not parse, e.g. "2024-05-02 25:00".
            raise BadField(name, f"{value!r} is not a valid date ({HINT})") from None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Read the file; on a bad field or bad encoding, log it by name and re-raise."""
        try:
            content, metadata = super().read(source_path)
        except BadField as err:
            self._report(source_path, str(err))
            raise
        except UnicodeDecodeError as err:
            line = err.object[: err.start].count(b"\n") + 1
            self._report(
                source_path,
                f"is not valid UTF-8 (byte 0x{err.object[err.start]:02x} on line {line}); "
                "save it with UTF-8 encoding",
            )
            raise
        title = metadata.get("title")
        if isinstance(title, str) and not title.strip():
            self._report(source_path, "title: is empty")
            raise BadField("title", "is empty")
        return content, metadata

    @property
    def _check_dates(self) -> bool:
        return setting(self.settings, "THOUGHTFUL_SITE_CHECK_DATES")

    def _report(self, source_path: str, problem: str) -> None:
        log.error("%s: %s", shown_path(source_path, self.settings), problem)


class StrictMarkdownReader(StrictFields, MarkdownReader):
    """Pelican's Markdown reader with the site's field checks."""


class StrictRstReader(StrictFields, RstReader):
    """Pelican's reStructuredText reader with the site's field checks."""


class StrictHTMLReader(StrictFields, HTMLReader):
    """Pelican's HTML reader with the site's field checks."""


STRICT_READERS = {
    MarkdownReader: StrictMarkdownReader,
    RstReader: StrictRstReader,
    HTMLReader: StrictHTMLReader,
}


def use_strict_readers(readers) -> None:
    """``readers_init`` handler: swap Pelican's readers for the strict ones.

    Only for builds that enabled this half; a reader another plugin put in
    place is left alone.
    """
    if KEY not in readers.settings:
        return
    for ext, cls in list(readers.reader_classes.items()):
        if cls in STRICT_READERS:
            readers.reader_classes[ext] = STRICT_READERS[cls]
