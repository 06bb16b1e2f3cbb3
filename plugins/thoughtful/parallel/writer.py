"""A Pelican writer that renders the site's pages in several processes at once.

Pelican renders and writes every page one after another; on a warm rebuild that is
most of the time. Pelican asks for a writer once it has read everything; this one
forks worker processes when the first page is written (after the feeds). Every
process then runs the same page-writing code of the article, page and template-page
generators, but renders and writes only the pages
whose output path falls to it (a stable hash of the normalised path, so a file and
anything that would overwrite it land in one process and Pelican's overwrite checks
still hold). Workers are forked, so they already hold everything Pelican read; only
their log records, page counts and an error, if one stopped them, come back
(forward.py). The main process waits for them before Pelican's ``finalized`` signal,
so plugins that read the output then find every page written.
"""

from __future__ import annotations

import io
import logging
import os
import zlib
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator, TemplatePagesGenerator
from pelican.writers import FileOverwriteFailedError, Writer

from thoughtful.content import written_items

from . import forward
from .settings import KEY
from .team import Team

log = logging.getLogger(__name__)
# Pelican's own messages about skipped and overwritten files keep their logger.
pelican_log = logging.getLogger("pelican.writers")

# Generators whose generate_output only renders templates through the writer, so
# running it again in a worker has no other effect. Feeds are left to the main process.
REPLAYED = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)

# Links that change another file's state when first resolved: {attach} moves the file
# next to the post; {static} and {filename} mark its place as taken.
_STATEFUL_LINKS = ("{attach}", "|attach|", "{static}", "|static|", "{filename}", "|filename|")
# A page being written is named "<page>.<pid>.thoughtful-tmp" until it is complete.
TEMP_SUFFIX = ".thoughtful-tmp"


def owner(name: str, workers: int) -> int:
    """The process (0 = main) that renders output file ``name``."""
    return zlib.crc32(os.path.normpath(str(name)).encode("utf-8")) % workers


@dataclass
class Plan:
    """This build's parallel rendering: how many processes, which generators they share,
    how long a worker may take after the main process's share is done."""

    workers: int
    generators: list[Any] = field(default_factory=list)
    timeout: float = 300

    def __reduce__(self):
        # Pelican's content cache pickles each post's context, which holds the settings
        # and so this plan: keep it out (the generators are not picklable).
        return (Plan, (self.workers,))


def resolve_links_first(generators: list[Any], siteurl: str) -> None:
    """Resolve, in this process and in Pelican's order, every post that links to a file.

    An ``{attach}`` link moves the file it names, and the first link to a file decides
    where it goes; the static files are copied by the main process. So the main process
    resolves these links before any page is shared out, as a one-process build would.
    """
    for generator in generators:
        for item in written_items(generator):
            if not item.save_as:
                continue  # never written (a draft in a published build): links nothing
            text = getattr(item, "_content", None) or ""
            if any(marker in text for marker in _STATEFUL_LINKS):
                item.get_content(siteurl)


class AtomicFile(io.TextIOWrapper):
    """A text file written under a temporary name beside ``path`` and renamed over it
    when closed without an error: a reader (or a failed build) never sees half a page."""

    def __init__(self, path: str, encoding: str) -> None:
        self.final = path
        self.temp = f"{path}.{os.getpid()}{TEMP_SUFFIX}"
        # os.open applies the umask as open() does, so pages get the usual modes.
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        super().__init__(io.BufferedWriter(io.FileIO(fd, "w")), encoding=encoding)

    def __exit__(self, kind, error, trace):
        self.close()
        if kind is None:
            os.replace(self.temp, self.final)
        else:
            os.unlink(self.temp)
        return False


def remove_temp_files(output_path: str, pids: list[int]) -> None:
    """Delete the unfinished pages of the worker processes ``pids`` (named by this writer)."""
    endings = tuple(f".{pid}{TEMP_SUFFIX}" for pid in pids)
    if not endings:
        return
    for folder, _, files in os.walk(output_path):
        for name in files:
            if name.endswith(endings):
                os.unlink(os.path.join(folder, name))


class ParallelWriter(Writer):
    """Pelican's Writer, rendering only this process's share of the pages while sharing."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.plan: Plan = self.settings[KEY]
        self.mine: set[int] = {0}
        self.sharing = False  # True while a generator in plan.generators writes
        self.skipping = False  # True while Pelican writes a page another process owns
        self.was_muted = False  # content_written's state before this writer touched it
        self.worker = False
        self.rendered = 0  # pages this process rendered
        self.main_pid = os.getpid()
        self.team = Team("page-rendering", self.plan.timeout)
        self.started = False  # workers are forked at the first page, after the feeds

    # --- what is rendered where ------------------------------------------------------
    def write_file(self, name: Any, template: Any, context: dict, *args: Any, **kwargs: Any):
        """Pelican's write_file; while sharing, each page (also each page of a paginated
        list) is rendered only by the process it falls to."""
        if not self.sharing:
            return super().write_file(name, template, context, *args, **kwargs)
        if not self.started:
            # Now, not when Pelican asked for the writer: Pelican has written the feeds,
            # which resolve each post's links first, as they do in a one-process build.
            self.started = True
            resolve_links_first(self.plan.generators, self.settings.get("SITEURL", ""))
            self._start_workers()
        if self.worker and os.getppid() != self.main_pid:
            os._exit(1)  # the build was stopped: do not go on writing its output
        self.was_muted = signals.content_written.is_muted
        try:
            return super().write_file(name, _OwnPagesOnly(template, self), context,
                                      *args, **kwargs)
        finally:
            self._skip_page(False)

    def _skip_page(self, skip: bool) -> None:
        # Pelican renders, opens the file, writes, then sends content_written; for a
        # page another process owns, all three are skipped here and done there.
        self.skipping = skip
        signals.content_written.is_muted = skip or self.was_muted

    def _open_w(self, filename: str, encoding: str, override: bool = False):
        """Pelican's ``Writer._open_w`` (its overwrite rules, message for message), but
        the page is written under a temporary name and renamed when complete.
        tests/test_parallel_internals.py holds the two to the same behaviour."""
        if self.skipping:
            return io.StringIO()  # nothing written, no overwrite bookkeeping: the owner does it
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time '
                    "(was previously overwritten)")
            pelican_log.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)")
            pelican_log.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return AtomicFile(filename, encoding)

    def write_feed(self, *args: Any, **kwargs: Any):
        """Feeds are written by the main process only."""
        if self.worker:
            return None
        return super().write_feed(*args, **kwargs)

    # --- the worker processes --------------------------------------------------------
    def _start_workers(self) -> None:
        for number in range(1, self.plan.workers):
            if not self.team.start(number, lambda _logs, n=number: self._work(n)):
                # Workers already started count on all plan.workers shares being done;
                # this process takes the shares of those that could not start.
                self.mine |= set(range(number, self.plan.workers))
                log.warning("Rendering the pages of workers %d to %d in the main process",
                            number, self.plan.workers - 1)
                return

    def _work(self, number: int) -> int:
        """In a worker: render this worker's pages; return how many."""
        self.worker, self.sharing, self.mine = True, True, {number}
        self.team.workers = []
        for generator in self.plan.generators:
            # The class's method: the instance's is the main process's wrapper.
            type(generator).generate_output(generator, self)
        return self.rendered

    def join(self, raise_errors: bool = True) -> None:
        """Wait for every worker (at most the plan's timeout); log what they logged;
        raise the first error, after removing the unfinished pages of failed workers."""
        pids = [w.pid for w in self.team.workers]
        outcomes = self.team.collect()
        for outcome in outcomes:
            forward.replay(outcome.records)
        failed = [pid for pid, o in zip(pids, outcomes, strict=True) if o.error is not None]
        remove_temp_files(self.output_path, failed)
        errors = [o.error for o in outcomes if o.error is not None]
        if errors and raise_errors:
            for error in errors[1:]:  # the first is raised; the others must not go unseen
                log.error("Another worker failed too: %s%s", error, error.__cause__ or "")
            raise errors[0]
        counts = [self.rendered, *(o.result or 0 for o in outcomes)]
        log.info("Pages rendered in %d processes: %s", len(counts),
                 ", ".join(str(c) for c in counts))


class _OwnPagesOnly:
    """The page template, rendered only for pages this process owns."""

    def __init__(self, template: Any, writer: ParallelWriter) -> None:
        self.template, self.writer = template, writer

    def render(self, context: dict[str, Any]) -> str:
        name = context["output_file"]  # this page's path, also for page 2, 3, ... of a list
        if owner(name, self.writer.plan.workers) in self.writer.mine:
            self.writer._skip_page(False)
            self.writer.rendered += 1
            return self.template.render(context)
        self.writer._skip_page(True)
        return ""

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.template, attribute)


def share_output(generator: Any, plan: Plan) -> None:
    """Make ``generator`` render its share of the pages when Pelican runs it in this process."""
    original = generator.generate_output

    def generate_output(writer: Any) -> None:
        if not isinstance(writer, ParallelWriter):  # another plugin's writer won
            return original(writer)
        writer.sharing = True
        try:
            original(writer)
        except BaseException:
            writer.join(raise_errors=False)  # no orphaned workers; this error wins
            raise
        finally:
            writer.sharing = False
        if generator is plan.generators[-1]:
            writer.join()

    generator.generate_output = generate_output
