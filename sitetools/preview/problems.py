"""Problems the preview shows in the browser: the build log's words, with file, line, field."""

from __future__ import annotations

import logging
import re
import traceback
from dataclasses import asdict, dataclass
from typing import Any

# "content/posts/a.md: date: '2024' is not a full date ..." (thoughtful.site's messages),
# "Skipping /x/content/posts/b.md: could not find information about 'title'" (Pelican's).
_FILE_FIELD = re.compile(
    r"^(?:Skipping |Could not process )?(?P<file>[^\s:]+\.\w+)(?::(?P<line>\d+))?"
    r"(?:: (?:(?P<field>[A-Za-z][\w ]*?): )?|$)"
)
_LINE = re.compile(r"\bline (\d+)\b")
_ABOUT = re.compile(r"information about '(\w+)'")


@dataclass
class Problem:
    """One problem: what the build log says, and where."""

    message: str
    level: str = "ERROR"
    file: str = ""
    line: int | None = None
    field: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def from_record(record: logging.LogRecord) -> Problem:
    """A logged warning or error, with the file and field its message starts with."""
    message = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        message = f"{message}: {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
    problem = Problem(message=message, level=record.levelname)
    match = _FILE_FIELD.match(message)
    if match:
        problem.file = match["file"]
        problem.line = int(match["line"]) if match["line"] else None
        problem.field = match["field"] or ""
    line = _LINE.search(message)
    if problem.line is None and line:
        problem.line = int(line[1])
    about = _ABOUT.search(message)
    if not problem.field and about:
        problem.field = about[1]
    return problem


def from_exception(error: BaseException) -> Problem:
    """An exception (a template error, a crash) with the template file and line if known."""
    message = f"{type(error).__name__}: {error}"
    filename = getattr(error, "filename", None) or ""
    line = getattr(error, "lineno", None)
    if not filename:
        # Jinja puts the template's file and line into the traceback it raises.
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
                filename, line = frame.filename, frame.lineno
                break
    return Problem(message=message, file=str(filename), line=line, field="template"
                   if str(filename).endswith((".html", ".xml", ".txt", ".j2")) else "")
