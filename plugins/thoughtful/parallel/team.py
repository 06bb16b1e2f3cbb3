"""Forked worker processes that each do one job and report once, never waited on forever.

The page writer and the reader both fork workers from the main process, so the
workers already hold everything Pelican has read. Each worker runs one job and sends
one ``forward.Outcome`` through a pipe. The main process collects them with a
deadline (``select`` on the pipes, never a blocking read): a worker that crashed
(killed by the OOM killer, a segfault) fails the build with how it ended; a worker
still busy at the deadline gets its Python stack dumped (``faulthandler``), is
killed, and fails the build with that stack as the error's cause.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from . import forward

log = logging.getLogger(__name__)

# Workers each hold a copy of the site in memory; past a few, disks, not cores, limit.
MAX_DEFAULT_WORKERS = 4
# After SIGUSR1, how long a hung worker gets to write its stack before it is killed.
_STACK_GRACE = 2.0


def usable_cpus() -> int:
    """CPUs this process may run on (a container's or ``taskset``'s limit, where known)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_workers() -> int:
    """Processes to use when the settings leave it open: one per usable CPU, capped."""
    return max(1, min(usable_cpus(), MAX_DEFAULT_WORKERS))


def can_fork() -> bool:
    """Whether this platform can fork (not Windows, not WebAssembly)."""
    return hasattr(os, "fork")


@dataclass
class Worker:
    """One forked process, as the main process sees it."""

    number: int
    pid: int
    pipe: int  # read end
    stack: IO[bytes]  # where the worker's faulthandler dumps its stack on SIGUSR1
    chunks: list[bytes] = field(default_factory=list)  # what it sent so far
    status: int | None = None  # waitpid status, once reaped


class Team:
    """Workers forked from this process; ``collect`` gathers their outcomes.

    ``shared`` names objects both sides hold (see forward.py): they are not copied back.
    ``what`` names the job in error messages ("page-rendering", "reading").
    """

    def __init__(self, what: str, timeout: float, shared: dict[str, Any] | None = None):
        self.what = what
        self.timeout = timeout
        self.shared = shared or {}
        self.workers: list[Worker] = []

    def start(self, number: int, job: Callable[[forward.Collect], Any]) -> bool:
        """Fork worker ``number`` to run ``job`` (False when the fork failed).

        In the worker, ``job`` gets the log collector; what it returns is sent back as
        the outcome's result, what it raises as the outcome's error.
        """
        read, write = os.pipe()
        stack = tempfile.TemporaryFile()
        sys.stdout.flush()  # else whatever is buffered is printed again by the worker
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as err:
            os.close(read)
            os.close(write)
            stack.close()
            log.warning("Could not start %s worker %d (%s)", self.what, number, err)
            return False
        if pid == 0:
            os.close(read)
            self._run(job, write, stack)  # never returns
        os.close(write)
        self.workers.append(Worker(number, pid, read, stack))
        return True

    def _run(self, job: Callable[[forward.Collect], Any], pipe: int, stack: IO[bytes]) -> None:
        status = 0
        outcome = forward.Outcome()
        try:
            for other in self.workers:
                os.close(other.pipe)  # the main process's ends of earlier workers' pipes
            self.workers = []
            faulthandler.register(signal.SIGUSR1, file=stack, all_threads=True)
            # Pelican's progress display wraps stdout in a proxy whose lock its thread may
            # have held when this process was forked; that thread is not here to free it.
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            collect = forward.capture_logs()
            outcome.records = collect.records
            outcome.result = job(collect)
        except BaseException as err:  # reported to the main process, which raises it
            outcome.error, status = err, 1
        finally:
            try:
                forward.write_all(pipe, forward.encode(outcome, self.shared))
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(status)

    def collect(self) -> list[forward.Outcome]:
        """Every worker's outcome, in start order; waits at most ``timeout`` seconds.

        A worker that died or did not finish in time gets an outcome whose error says
        so (with its stack when it hung); none is left running or unreaped.
        """
        deadline = time.monotonic() + self.timeout
        open_ = {w.pipe: w for w in self.workers}
        try:
            while open_:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                ready, _, _ = select.select(list(open_), [], [], left)
                for fd in ready:
                    chunk = os.read(fd, 1 << 20)
                    if chunk:
                        open_[fd].chunks.append(chunk)
                    else:
                        self._reap(open_.pop(fd))
            hung = list(open_.values())
            for worker in hung:
                self._stop(worker)
            return [self._outcome(w, w in hung) for w in self.workers]
        finally:
            self.close()

    def close(self) -> None:
        """Kill and reap any worker still running; close every pipe (idempotent)."""
        for worker in self.workers:
            if worker.status is None:
                _kill(worker.pid, signal.SIGKILL)
                self._reap(worker)
            try:
                os.close(worker.pipe)
            except OSError:
                pass  # closed already
            worker.stack.close()
        self.workers = []

    def _reap(self, worker: Worker) -> None:
        if worker.status is None:
            worker.status = os.waitpid(worker.pid, 0)[1]

    def _stop(self, worker: Worker) -> None:
        """A worker past the deadline: ask for its stack, then kill it."""
        if _kill(worker.pid, signal.SIGUSR1):
            end = time.monotonic() + _STACK_GRACE
            while time.monotonic() < end and not os.fstat(worker.stack.fileno()).st_size:
                time.sleep(0.05)
            time.sleep(0.1)  # let it finish the dump it started
        _kill(worker.pid, signal.SIGKILL)
        self._reap(worker)

    def _outcome(self, worker: Worker, hung: bool) -> forward.Outcome:
        name = f"{self.what} worker {worker.number} (pid {worker.pid})"
        if hung:
            worker.stack.seek(0)
            stack = worker.stack.read().decode("utf-8", "replace")
            error = forward.WorkerFailed(
                f"{name} did not finish within {self.timeout:g} s "
                "(THOUGHTFUL_PARALLEL_TIMEOUT) and was stopped; its stack is below")
            error.__cause__ = forward.WorkerTraceback(stack or "(no stack was written)")
            return forward.Outcome(error=error)
        data = b"".join(worker.chunks)
        worker.chunks.clear()  # the report is held once, not twice, while it is read
        try:
            return forward.decode(data, self.shared)
        except Exception as err:
            return forward.Outcome(error=forward.WorkerFailed(
                f"{name} {_how_it_ended(worker.status)} before it reported ({err!r})"))


def _kill(pid: int, signum: int) -> bool:
    try:
        os.kill(pid, signum)
        return True
    except ProcessLookupError:
        return False


def _how_it_ended(status: int | None) -> str:
    if status is not None and os.WIFSIGNALED(status):
        return f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    if status is not None and os.WIFEXITED(status):
        return f"exited with status {os.WEXITSTATUS(status)}"
    return "ended"
