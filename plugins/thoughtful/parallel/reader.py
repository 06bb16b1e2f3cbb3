"""Read posts and pages on every core, with the effects of reading them in one process.

Pelican reads one file after another; on a cold build of a big archive (Markdown,
code highlighting) that is half the build. When a generator is about to read its
files, this forks workers that each read a contiguous share of the files Pelican
would read (those its content cache lacks) with Pelican's own readers, while the
main process reads the first share as usual. Each worker sends back the content
objects (picklable: Pelican's content cache pickles them) and, per file, what was
logged while reading it. The settings and the shared context are sent by name, so
the objects point at the main process's own (see forward.py).

Pelican then runs its generate_context as always: in its order, it asks its readers
for each file; a file a worker read is handed over with its log records replayed at
that moment, so warnings show once and in one-process order, and everything that
depends on the reading order (first ``{attach}`` link, duplicate slugs, translations,
the content cache) happens in the main process, as alone. A file a worker could not
read (an error, a skipped or invalid file, a worker that died or hung) is read again
in the main process, which then reports it exactly as a one-process build does.

Reading is shared only when every receiver of the signals sent while reading is known
to touch nothing but the content object (``SAFE_RECEIVERS``): another plugin's
receiver might keep state that a worker's copy would lose.
"""

from __future__ import annotations

import logging
import os
from functools import partial
from typing import Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from thoughtful import reading

from . import forward
from .settings import PLUGIN
from .team import Team

log = logging.getLogger(__name__)

# What each generator reads, as its generate_context reads it (Pelican 4.12).
KINDS = {
    ArticlesGenerator: ("ARTICLE_PATHS", "ARTICLE_EXCLUDES", Article,
                        signals.article_generator_preread, signals.article_generator_context),
    PagesGenerator: ("PAGE_PATHS", "PAGE_EXCLUDES", Page,
                     signals.page_generator_preread, signals.page_generator_context),
}
# Receivers of content_object_init that only set attributes on the object they get.
SAFE_RECEIVERS = {reading.annotate}


def _receivers(signal: Any, sender: Any) -> list[Any]:
    return list(signal.receivers_for(sender))


def shareable(generator: Any) -> bool:
    """Whether reading ``generator``'s files in workers has the effects of reading alone."""
    kind = KINDS[type(generator)]
    return (not _receivers(kind[3], generator) and not _receivers(kind[4], generator)
            and set(_receivers(signals.content_object_init, generator)) <= SAFE_RECEIVERS)


def _source(generator: Any, path: str) -> str:
    """The key of ``path`` in the readers' cache (as Readers.read_file makes it)."""
    return os.path.abspath(os.path.join(generator.path, path))


def to_read(generator: Any) -> list[str]:
    """The files ``generator`` will read from disk (not from a content cache), in its order.

    Pelican caches either whole content objects per generator or, by default, what its
    readers parsed (CONTENT_CACHING_LAYER "generator" or "reader").
    """
    paths, excludes = KINDS[type(generator)][:2]
    files = generator.get_files(generator.settings[paths], exclude=generator.settings[excludes])
    if generator.settings.get("CONTENT_CACHING_LAYER") == "generator":
        return [f for f in files if generator.get_cached_data(f, None) is None]
    readers = generator.readers
    return [f for f in files if readers.get_cached_data(_source(generator, f), None) is None]


def share_reading(generator: Any, plan_workers: Any, timeout: float) -> None:
    """Make ``generator`` read its files on every core when Pelican runs generate_context.

    ``plan_workers(settings, count)`` says how many processes should read ``count`` files.
    """
    original = generator.generate_context

    def generate_context() -> None:
        if PLUGIN not in (generator.settings.get("PLUGINS") or []):
            return original()
        files = to_read(generator)
        workers = min(plan_workers(generator.settings, len(files)), len(files))
        if workers < 2 or not shareable(generator):
            return original()
        with Reading(generator, files, workers, timeout):
            original()

    generator.generate_context = generate_context


class Reading:
    """One generator's files read by ``workers`` processes (a context manager around
    Pelican's generate_context)."""

    def __init__(self, generator: Any, files: list[str], workers: int, timeout: float):
        self.generator = generator
        self.readers = generator.readers
        size = -(-len(files) // workers)  # ceiling: the main process takes the first share
        self.shares = [files[i * size:(i + 1) * size] for i in range(workers)]
        self.team = Team("reading", timeout,
                         shared={"settings": generator.settings, "context": generator.context})
        self.waiting = {f for share in self.shares[1:] for f in share}
        self.ready: dict[str, tuple[Any, list[logging.LogRecord], Any]] = {}

    def __enter__(self) -> Reading:
        for number, share in enumerate(self.shares[1:], start=1):
            if not self.team.start(number, partial(self._read, share)):
                break  # the main process reads what the missing workers would have
        self.readers.read_file = self._read_file  # this instance only; undone on exit
        return self

    def __exit__(self, *exc: Any) -> None:
        del self.readers.read_file
        self.team.close()

    # --- in a worker ---------------------------------------------------------------
    def _read(self, share: list[str], collect: forward.Collect) -> list[tuple]:
        """Read ``share``: (file, content object or None, records logged while reading,
        what the readers' cache keeps for the file, if it keeps anything)."""
        _, _, content_class, preread, context = KINDS[type(self.generator)]
        read = []
        for path in share:
            try:
                item = self.readers.read_file(
                    base_path=self.generator.path, path=path, content_class=content_class,
                    context=self.generator.context, preread_signal=preread,
                    preread_sender=self.generator, context_signal=context,
                    context_sender=self.generator)
                if not isinstance(item, content_class) or not item.is_valid():
                    item = None  # skipped or invalid: the main process reads it and says so
            except Exception:
                item = None  # the main process reads it again and reports the error
            records = collect.records[:]
            collect.records.clear()
            if item is None:
                read.append((path, None, [], None))
                continue
            cached = self.readers.get_cached_data(_source(self.generator, path), None)
            read.append((path, item, records, cached))
        return read

    # --- in the main process ----------------------------------------------------------
    def _read_file(self, base_path: str, path: str, *args: Any, **kwargs: Any) -> Any:
        if path in self.waiting:
            self._receive()
        found = self.ready.pop(path, None)
        if found is None:
            return type(self.readers).read_file(self.readers, base_path, path, *args, **kwargs)
        item, records, cached = found
        forward.replay(records)
        if cached is not None:  # as Readers.read_file would have cached it here
            self.readers.cache_data(_source(self.generator, path), cached)
        return item

    def _receive(self) -> None:
        """Take every worker's files (the first time one is needed)."""
        self.waiting = set()
        counts = [len(self.shares[0])]
        for outcome in self.team.collect():
            counts.append(len(outcome.result or ()))
            if outcome.error is not None:
                log.warning("Reading in parallel: %s; the main process reads those files",
                            outcome.error)
                continue
            for path, item, records, cached in outcome.result:
                if item is not None:
                    self.ready[path] = (item, records, cached)
        log.info("Files read in %d processes: %s", len(counts), ", ".join(map(str, counts)))
