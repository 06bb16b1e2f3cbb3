"""Log records, page counts and an error, carried from a worker process to the main one.

A worker logs into a list instead of the terminal; at the end it sends the list, how
many pages it rendered and the exception that stopped it (if any) through a pipe.
The main process hands each record to its own loggers, so warnings show once, in the
build log, where tests and ``--fatal warnings`` see them; and it raises the worker's
exception with the worker's traceback attached as its cause.
"""

from __future__ import annotations

import logging
import os
import pickle
import traceback
from dataclasses import dataclass, field

from pelican.log import FilteredMessage


class WorkerTraceback(Exception):
    """Where, in a worker process, an error was raised (shown as the error's cause)."""

    def __str__(self) -> str:
        return "\n" + "".join(self.args)


@dataclass
class Outcome:
    """What one worker reports."""

    records: list[logging.LogRecord] = field(default_factory=list)
    error: BaseException | None = None
    trace: str = ""
    rendered: int = 0


class Collect(logging.Handler):
    """A handler that keeps records, made picklable (message formatted, traceback as text)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def capture_logs() -> Collect:
    """In a worker: send every log record to a ``Collect`` handler only."""
    handler = Collect()
    logging.getLogger().handlers = [handler]
    return handler


def _portable(error: BaseException) -> BaseException:
    """``error`` itself if it survives pickling both ways, else a RuntimeError with its text."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def send(fd: int, outcome: Outcome) -> None:
    """Write ``outcome`` to the pipe ``fd`` and close it."""
    if outcome.error is not None:
        outcome.trace = "".join(traceback.format_exception(outcome.error))
        outcome.error = _portable(outcome.error)
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(pickle.dumps(outcome))


def receive(fd: int) -> Outcome:
    """Read a worker's ``Outcome`` from the pipe ``fd`` (until the worker closes it)."""
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    try:
        outcome = pickle.loads(data)
    except Exception as err:  # a worker that died, or a report that cannot be read
        return Outcome(error=RuntimeError(f"a page-rendering worker process failed ({err!r})"))
    if outcome.error is not None and outcome.trace:
        outcome.error.__cause__ = WorkerTraceback(outcome.trace)
    return outcome


def replay(records: list[logging.LogRecord]) -> None:
    """Log a worker's records in this process, through the loggers they were made by."""
    for record in records:
        try:
            logging.getLogger(record.name).handle(record)
        except FilteredMessage:
            pass  # Pelican's filter dropped a repeat, as it would have here
