"""Log records, a result and an error, carried from a worker process to the main one.

A worker logs into a list instead of the terminal; at the end it sends the list, its
result and the exception that stopped it (if any) through a pipe. The main process
hands each record to its own loggers, so warnings show once, in the build log, where
tests and ``--fatal warnings`` see them; and it raises the worker's exception with the
worker's traceback attached as its cause.

Objects both processes already hold (the settings, Pelican's shared context) are sent
by name, not by value: ``shared`` maps a name to the object, and the receiving side
puts its own object back in place (pickle's persistent ids).
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import traceback
from dataclasses import dataclass, field
from typing import Any

from pelican.log import FilteredMessage


class WorkerTraceback(Exception):
    """Where, in a worker process, an error was raised (shown as the error's cause)."""

    def __str__(self) -> str:
        return "\n" + "".join(self.args)


class WorkerFailed(RuntimeError):
    """A worker process died, hung or sent nothing that can be read."""


@dataclass
class Outcome:
    """What one worker reports."""

    records: list[logging.LogRecord] = field(default_factory=list)
    error: BaseException | None = None
    trace: str = ""
    result: Any = None


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


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, shared: dict[str, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.names = {id(value): name for name, value in shared.items()}

    def persistent_id(self, obj: Any) -> str | None:
        return self.names.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: dict[str, Any]) -> None:
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, name: str) -> Any:
        return self.shared[name]


def encode(outcome: Outcome, shared: dict[str, Any] | None = None) -> memoryview:
    """``outcome`` as bytes; an error is sent with its traceback as text."""
    if outcome.error is not None:
        outcome.trace = "".join(traceback.format_exception(outcome.error))
        outcome.error = _portable(outcome.error)
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, shared or {}).dump(outcome)
    except Exception as err:  # a result that cannot be pickled fails the build by name
        failed = Outcome(records=outcome.records, error=WorkerFailed(
            f"a worker's result could not be sent ({type(err).__name__}: {err})"),
            trace=outcome.trace)
        buffer = io.BytesIO()
        _Pickler(buffer, {}).dump(failed)
    return buffer.getbuffer()  # not a copy: a big report is held once


def decode(data: bytes, shared: dict[str, Any] | None = None) -> Outcome:
    """The ``Outcome`` a worker sent as ``data``; raises if it cannot be read."""
    outcome = _Unpickler(io.BytesIO(data), shared or {}).load()
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


def write_all(fd: int, data: bytes | memoryview) -> None:
    """Write ``data`` to the pipe ``fd`` and close it."""
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)
