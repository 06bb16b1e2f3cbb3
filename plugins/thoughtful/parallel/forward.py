"""Log records and an error, carried from a worker process back to the main one.

A worker logs into a list instead of the terminal; at the end it sends the list and
the exception that stopped it (if any) through a pipe. The main process hands each
record to its own loggers, so warnings show once, in the build log, where tests
and ``--fatal warnings`` see them.
"""

from __future__ import annotations

import logging
import os
import pickle
from dataclasses import dataclass, field

from pelican.log import FilteredMessage


@dataclass
class Outcome:
    """What one worker reports: its log records and the error that stopped it."""

    records: list[logging.LogRecord] = field(default_factory=list)
    error: BaseException | None = None
    written: int = 0


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


def send(fd: int, outcome: Outcome) -> None:
    """Write ``outcome`` to the pipe ``fd`` and close it."""
    try:
        data = pickle.dumps(outcome)
    except Exception as err:  # an exception that cannot be pickled: keep its text
        outcome.error = RuntimeError(f"{type(outcome.error).__name__}: {outcome.error} ({err})")
        data = pickle.dumps(outcome)
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def receive(fd: int) -> Outcome:
    """Read a worker's ``Outcome`` from the pipe ``fd`` (until the worker closes it)."""
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    if not data:
        return Outcome(error=RuntimeError("a page-rendering worker process died"))
    return pickle.loads(data)


def replay(records: list[logging.LogRecord]) -> None:
    """Log a worker's records in this process, through the loggers they were made by."""
    for record in records:
        try:
            logging.getLogger(record.name).handle(record)
        except FilteredMessage:
            pass  # Pelican's filter dropped a repeat, as it would have here
