"""Pelican's model of the site, kept in memory and refreshed after each save.

A refresh does what ``Pelican.run`` does before writing (new context, new
generators, ``generate_context``, ``all_generators_finalized``, intersite links)
with two differences that only make it faster: the readers' cache stays in
memory between refreshes (only the saved files are parsed again), and
``generate_output`` runs with a ``RouteWriter`` that records, for every file a
build would write, the template and context Pelican would render it with,
instead of rendering it. A page is rendered when the browser asks for it, by the
same ``template.render(localcontext)`` call Pelican's writer makes.
"""

from __future__ import annotations

import copy
import gc
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from pelican import Pelican, signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, StaticGenerator
from pelican.settings import read_settings
from pelican.writers import Writer

log = logging.getLogger(__name__)


_ABSENT = object()


@dataclass
class Route:
    """How to produce one output file: Pelican's template and local context, or a source file.

    The local context is kept as what it adds to (or changes in) the generator's
    context: Pelican's writer copies the whole context (~250 keys) for every page, and
    1,800 (18,000) such copies were 20 (200) MB held by the plan and freed by each refresh.
    """

    template: Any = None
    local: dict[str, Any] | None = None  # the keys of the page's local context that differ
    context: dict[str, Any] | None = None  # the dict the writer sets localsiteurl on
    source: str | None = None  # a static file served as it is
    feed: tuple | None = None  # write_feed's arguments

    @property
    def localcontext(self) -> dict[str, Any] | None:
        """The local context Pelican's writer made for this page."""
        if self.local is None:
            return None
        localcontext = self.context.copy()
        localcontext.update(self.local)
        return localcontext


class _Recorder:
    """Stands in for a template while planning: remembers the context it is given."""

    def __init__(self, writer: RouteWriter, template: Any, context: dict[str, Any]) -> None:
        self.writer, self.template, self.context = writer, template, context

    def render(self, localcontext: dict[str, Any]) -> str:
        context = self.context
        # localsiteurl is kept whatever it is: the writer sets it on the context per page.
        local = {key: value for key, value in localcontext.items()
                 if key == "localsiteurl" or context.get(key, _ABSENT) is not value}
        self.writer.pending = Route(self.template, local, context)
        return ""


class _Sink:
    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, text: str) -> int:
        return len(text)


class RouteWriter(Writer):
    """Pelican's Writer run for its decisions only: which file gets which page.

    Pelican's own ``write_file`` does the pagination and builds each local
    context; the template is a recorder and ``_open_w`` keeps Pelican's
    overwrite rules but opens nothing.
    """

    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        super().__init__(output_path, settings=settings)
        self.routes: dict[str, Route] = {}
        self.pending: Route | None = None
        self._prefix = os.path.abspath(output_path) + os.sep  # as sanitised_join makes them

    def write_file(self, name, template, context, *args, **kwargs):  # noqa: D102
        return super().write_file(name, _Recorder(self, template, context), context,
                                  *args, **kwargs)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):  # noqa: D102
        if path:
            self.pending = Route(feed=(list(elements), context, path, url, feed_type,
                                       feed_title))
            self._open_w(os.path.join(self.output_path, path), "utf-8", override_output)

    def _open_w(self, filename, encoding, override=False):
        if filename in self._overridden_files:
            if override:
                raise RuntimeError(f'Failed to overwrite "{filename}" a second time')
            self.pending = None
            return _Sink()  # Pelican skips this write: the earlier override wins
        if filename in self._written_files and not override:
            raise RuntimeError(f'Failed to overwrite "{filename}": already written')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        prefix = self._prefix
        name = (filename[len(prefix):] if filename.startswith(prefix)
                else os.path.relpath(filename, self.output_path)).replace(os.sep, "/")
        if self.pending is not None:
            self.routes[name] = self.pending
        self.pending = None
        return _Sink()


class ContentCache:
    """Articles and pages as read, reused until their file changes (Pelican's generator layer,
    in memory).

    Each refresh gets a shallow copy of the object as it was right after reading, bound
    to the new context: later steps of a build (intersite links in the summary, plugins'
    per-build attributes) change the copy, never the kept one.
    """

    def __init__(self) -> None:
        self.kept: dict[str, tuple[tuple[int, int], Any]] = {}

    def forget(self, paths: set[str]) -> None:
        for path in paths:
            for name in [n for n in self.kept if path.endswith(n)]:
                del self.kept[name]

    def install(self, generator: Any, context: dict[str, Any]) -> None:
        base = generator.path
        kept = self.kept

        def stamp(name: str) -> tuple[int, int]:
            try:
                info = os.stat(os.path.join(base, name))
            except OSError:
                return (-1, -1)
            return (info.st_mtime_ns, info.st_size)

        def get_cached_data(name: str, default: Any = None) -> Any:
            entry = kept.get(name)
            if entry is None or entry[0] != stamp(name):
                return default
            item = copy.copy(entry[1])
            item.metadata = dict(item.metadata)
            item._context = context
            return item

        def cache_data(name: str, item: Any) -> None:
            pristine = copy.copy(item)
            pristine.metadata = dict(item.metadata)
            # Pelican formats url and save_as from the settings and the metadata on every
            # access (most of a refresh's time); neither changes until the file does.
            for key in ("url", "save_as"):
                if not hasattr(pristine, f"override_{key}"):
                    setattr(pristine, f"override_{key}", getattr(item, key))
            # Nor do these, which Pelican works out again for every post in every refresh
            # (a regular expression over the text; a relpath): answered from memory.
            links = frozenset(item.get_static_links())
            pristine.get_static_links = lambda: set(links)
            relative, compute = item.get_relative_source_path(), item.get_relative_source_path
            pristine.get_relative_source_path = \
                lambda source_path=None: compute(source_path) if source_path else relative
            kept[name] = (stamp(name), pristine)

        generator.get_cached_data = get_cached_data
        generator.cache_data = cache_data
        generator.save_cache = lambda: None


def _signals(generator: Any) -> dict[str, Any]:
    """The reading signals Pelican sends for this generator's files (generators.py)."""
    kind = "article" if isinstance(generator, ArticlesGenerator) else "page"
    return {
        "preread_signal": getattr(signals, f"{kind}_generator_preread"),
        "preread_sender": generator,
        "context_signal": getattr(signals, f"{kind}_generator_context"),
        "context_sender": generator,
    }


def _shape(item: Any) -> dict[str, str]:
    """What places an item in the site's lists: every metadata field but its words."""
    return {key: repr(value) for key, value in item.metadata.items()
            if key not in ("title", "summary")} | {"save_as": item.save_as, "url": item.url}


@dataclass
class Refresh:
    """What one refresh found: the routes, the problems logged, how long it took."""

    routes: dict[str, Route] = field(default_factory=dict)
    problems: list[logging.LogRecord] = field(default_factory=list)
    seconds: float = 0.0


class _Collect(logging.Handler):
    """Keeps the warnings and errors logged while the model is refreshed."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def load_settings(settings_file: Path, output: Path) -> dict[str, Any]:
    """The build's settings, as ``pelican -s settings_file -o output`` reads them."""
    settings = read_settings(str(settings_file), override={"OUTPUT_PATH": str(output)})
    # Parse every file once per process and keep the posts in memory (ContentCache);
    # Pelican's own caches stay off: the disk cache belongs to the builds (they may be
    # writing it at the same moment), and the reader cache would hold every text twice.
    settings["LOAD_CONTENT_CACHE"] = False
    settings["CACHE_CONTENT"] = False
    settings["CONTENT_CACHING_LAYER"] = "reader"
    # One page is rendered at a time here; thoughtful.parallel's plan would also keep the
    # previous refresh's generators alive through the settings each context copies.
    settings["THOUGHTFUL_PARALLEL_WORKERS"] = 1
    return settings


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in memory from one refresh to the next.

    Each refresh makes new generators, so new Jinja environments with empty caches;
    without this every template would be parsed and compiled again after each save.
    Jinja keys each entry by the template's file and checks it against a checksum of
    the source, so a saved template is compiled anew and never served stale.
    """

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


class SiteModel:
    """The site as Pelican sees it, refreshed in place; one thread at a time uses it."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.lock = threading.RLock()
        self.pelican = Pelican(settings)
        self.settings = self.pelican.settings
        self._readers: dict[type, Any] = {}
        self._contents: dict[type, ContentCache] = {}
        self._plan_dir = tempfile.TemporaryDirectory(prefix="preview-plan-")
        self._compiled = CompiledTemplates()
        self.generators: list[Any] = []
        self.routes: dict[str, Route] = {}
        self.context: dict[str, Any] = {}
        self.problems: list[logging.LogRecord] = []

    def refresh(self, changed: set[str] = frozenset(), *, collect: bool = True) -> Refresh:
        """Read the changed files again (every file the first time) and plan every page.

        ``collect=False`` leaves the old model for ``collect()`` to free: a caller that
        has a page to send first calls it after sending.
        """
        import time

        start = time.perf_counter()
        with self.lock:
            for readers in self._readers.values():
                for path in changed:
                    readers._cache.pop(path, None)
            for contents in self._contents.values():
                contents.forget(changed)
            Content.get_content.cache.clear()
            Content.get_summary.cache.clear()
            records = _Collect()
            root = logging.getLogger()
            root.addHandler(records)
            first = not self.generators
            self.generators, self.routes = [], {}  # the old model goes now, not at the end
            # The collector would walk the growing new model again and again while it is
            # made; the old one is collected once, after (collect). Not on the first read:
            # parsing every file makes cyclic garbage that must go as it is made.
            collecting = gc.isenabled()
            if not first:
                gc.disable()
            try:
                self._generate()
            finally:
                if collecting:
                    gc.enable()
                root.removeHandler(records)
            self.problems = records.records
            if collect or first:
                self.collect(freeze=first)
        return Refresh(self.routes, self.problems, time.perf_counter() - start)

    @staticmethod
    def collect(freeze: bool = False) -> None:
        """Free the old model now, so memory stays at one model.

        It is a web of cycles (items <-> context <-> generators) that only the cyclic
        collector frees. ``freeze``: what the first read made is kept for the process's
        life; frozen, the collector no longer walks it.
        """
        gc.collect()
        if freeze:
            gc.freeze()

    def _generate(self) -> None:
        pelican, settings = self.pelican, self.settings
        # Per-build state of the plugins (comment sections, share records) starts afresh,
        # as in a new build: the plugins set it up on `initialized`.
        signals.initialized.send(pelican)
        from thoughtful.share import KEY as SHARE_KEY

        share = settings.get(SHARE_KEY)
        if share is not None:
            # Share records are made for the pages rendered, and no card is drawn here:
            # the settle build draws them (the preview serves them from output/).
            share.on_demand = True
        context = settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = settings["SITEURL"]
        generators = []
        for cls in pelican._get_generator_classes():
            generator = cls(context=context, settings=settings, path=pelican.path,
                            theme=pelican.theme, output_path=pelican.output_path)
            kept = self._readers.get(cls)
            if kept is not None:
                generator.readers = kept
            else:
                self._readers[cls] = generator.readers
            generator.readers.save_cache = lambda: None
            env = getattr(generator, "env", None)
            if env is not None:
                env.bytecode_cache = self._compiled
            if hasattr(generator, "get_cached_data"):
                self._contents.setdefault(cls, ContentCache()).install(generator, context)
            generators.append(generator)
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        writer = RouteWriter(self._plan_dir.name, settings)
        quiet = logging.getLogger("pelican.writers")
        level = quiet.level
        quiet.setLevel(logging.WARNING)
        try:
            for generator in generators:
                if isinstance(generator, StaticGenerator):
                    continue
                if hasattr(generator, "generate_output"):
                    generator.generate_output(writer)
        finally:
            quiet.setLevel(level)
        routes = writer.routes
        self._add_static(generators, routes)
        from thoughtful.parallel.writer import resolve_links_first

        resolve_links_first(generators, settings["SITEURL"])
        self.generators, self.routes, self.context = generators, routes, context

    def _add_static(self, generators: list[Any], routes: dict[str, Route]) -> None:
        settings = self.settings
        theme_static = Path(settings["THEME"]) / "static"
        target = settings["THEME_STATIC_DIR"].strip("/")
        for path in settings["THEME_STATIC_PATHS"]:
            folder = Path(settings["THEME"]) / path
            if folder.is_dir():
                for source in folder.rglob("*"):
                    if source.is_file():
                        name = f"{target}/{source.relative_to(folder).as_posix()}"
                        routes.setdefault(name, Route(source=str(source)))
        del theme_static
        for generator in generators:
            if isinstance(generator, StaticGenerator):
                for item in generator.staticfiles:
                    routes.setdefault(item.save_as, Route(source=item.source_path))

    def is_file(self, name: str) -> bool:
        """True when ``name`` is a static or theme file, served from its source as it is."""
        route = self.routes.get(name)
        return route is not None and route.source is not None

    def source_of(self, name: str) -> str | None:
        """The source file of the article or page written at ``name``, if it is one."""
        route = self.routes.get(name)
        if route is None or route.local is None:
            return None
        item = route.local.get("article") or route.local.get("page")
        return getattr(item, "source_path", None)

    def url_of(self, source: str) -> str | None:
        """Where the article or page read from ``source`` is now written (its URL path)."""
        from thoughtful.content import written_items

        with self.lock:
            for generator in self.generators:
                for item in written_items(generator):
                    if item.source_path == source and item.save_as:
                        return "/" + item.url
        return None

    def render(self, name: str) -> bytes | str | None:
        """The bytes a build writes at ``name`` (rendered now), a source path, or None."""
        with self.lock:
            route = self.routes.get(name)
            if route is None:
                return None
            if route.source is not None:
                return route.source
            if route.feed is not None:
                return self._render_feed(route)
            localcontext = route.localcontext
            if localcontext["localsiteurl"]:
                route.context["localsiteurl"] = localcontext["localsiteurl"]
            # Looked up again (a cache hit) so that an edited template is compiled anew.
            template = route.template.environment.get_template(route.template.name)
            return template.render(localcontext).encode("utf-8")

    def reload_templates(self, names: set[str]) -> None:
        """Templates were saved: compile those again when next used; the model stays.

        ``names`` are template names as Jinja knows them (``article.html``,
        ``partials/x.html``). Only those leave Jinja's cache: a template that extends
        or includes another looks it up by name each time it renders.
        """
        with self.lock:
            for generator in self.generators:
                getattr(generator, "_templates", {}).clear()
                env = getattr(generator, "env", None)
                cache = getattr(env, "cache", None)
                if cache is None:
                    continue
                for key in list(cache.keys()):
                    if key[1] in names:
                        del cache[key]

    def swap(self, path: str) -> bool:
        """Read one saved article or page again and put it in place of the old one.

        Done only when nothing but its title, summary or text changed (its address,
        date, status, category, tags and other metadata are the same), so no list of
        the site changes shape. The old object is updated in place: every list and
        page context that holds it sees the new text. Returns False (nothing changed)
        when the file cannot be swapped: a new, moved or broken file needs a refresh.
        """
        with self.lock:
            found = self._item_for(path)
            if found is None:
                return False
            generator, old = found
            collect = _Collect()
            root = logging.getLogger()
            root.addHandler(collect)
            try:
                new = generator.readers.read_file(
                    base_path=generator.path, path=os.path.relpath(path, generator.path),
                    content_class=type(old), context=self.context, **_signals(generator))
            except Exception:
                return False
            finally:
                root.removeHandler(collect)
            if collect.records or not new.is_valid() or _shape(new) != _shape(old):
                return False
            generator.cache_data(os.path.relpath(path, generator.path), new)
            Content.get_content.cache.clear()
            Content.get_summary.cache.clear()
            old.__dict__.update(new.__dict__)
            old.refresh_metadata_intersite_links()
            # What the plugins made from its words at the last refresh: made anew.
            from thoughtful.comments import refresh_section
            from thoughtful.share import KEY as SHARE_KEY

            refresh_section(generator, old)  # the section names the post's title
            share = self.settings.get(SHARE_KEY)
            if share is not None:
                share.forget(old.save_as)  # its title, description and card changed
            return True

    def comments_changed(self, paths: set[str]) -> bool:
        """Stored comments were saved: the posts that read their folders get their comment
        sections made anew from the files as they are now; the rest of the model stays.

        Returns False when that logged a warning or an error (a broken comment file): a
        refresh then gathers every problem, so the browser's panel names it.
        """
        from thoughtful.comments import refresh_folders

        with self.lock:
            collect = _Collect()
            root = logging.getLogger()
            root.addHandler(collect)
            try:
                refresh_folders(self.generators, paths)
            finally:
                root.removeHandler(collect)
            return not collect.records

    def _item_for(self, path: str) -> tuple[Any, Any] | None:
        from thoughtful.content import written_items

        for generator in self.generators:
            for item in written_items(generator):
                if os.path.abspath(item.source_path) == path:
                    return generator, item
        return None

    def _render_feed(self, route: Route) -> bytes:
        elements, context, path, url, feed_type, feed_title = route.feed
        with tempfile.TemporaryDirectory(prefix="preview-feed-") as folder:
            Writer(folder, settings=self.settings).write_feed(
                elements, context, path, url, feed_type, feed_title=feed_title)
            return Path(folder, path).read_bytes()
