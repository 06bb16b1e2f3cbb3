"""The Pelican internals thoughtful.parallel relies on, pinned: if an upgrade of Pelican
changes one of them, these fail by name instead of the site going subtly wrong.

The writer relies on: ``Writer.write_file`` rendering each page (each page of a
paginated list too) with ``context["output_file"]`` set, then opening it with the
private ``_open_w``, then sending ``content_written``, in that order; ``_open_w``'s
overwrite rules (which ParallelWriter repeats, writing to a temporary name); muting
``content_written`` with ``is_muted``; Pelican calling ``generate_output`` on each
generator instance (so a plugin can wrap it); and the article and page generators
writing their content in the order of thoughtful.content's lists.
"""

import logging
import os

import pytest
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError, Writer
from support.site import build
from test_parallel import essays
from thoughtful.content import written_items
from thoughtful.parallel.writer import ParallelWriter, Plan


class Page:
    """A template that records what it was asked to render."""

    def __init__(self, events):
        self.events = events

    def render(self, context):
        self.events.append(("render", context["output_file"]))
        return f"page {context['output_file']}"


def recording(cls):
    class Recording(cls):
        events: list

        def _open_w(self, filename, encoding, override=False):
            self.events.append(("open", os.path.relpath(filename, self.output_path)))
            return super()._open_w(filename, encoding, override)

    return Recording


def test_write_file_renders_then_opens_then_signals_each_page(tmp_path):
    settings = _settings(tmp_path)
    writer = recording(Writer)(str(tmp_path), settings=settings)
    writer.events = events = []

    def written(path, context=None):
        events.append(("signal", context["output_file"]))

    signals.content_written.connect(written)
    try:
        writer.write_file("about.html", Page(events), {})
        writer.write_file("index.html", Page(events), {}, template_name="index",
                          articles=list(range(12)), url="")
    finally:
        signals.content_written.disconnect(written)

    assert events == [
        ("render", "about.html"), ("open", "about.html"), ("signal", "about.html"),
        ("render", "index.html"), ("open", "index.html"), ("signal", "index.html"),
        ("render", "index2.html"), ("open", "index2.html"), ("signal", "index2.html"),
    ]


def test_content_written_is_muted_by_its_is_muted_flag():
    heard = []

    def hear(path, context=None):
        heard.append(path)

    signals.content_written.connect(hear)
    try:
        signals.content_written.is_muted = True
        signals.content_written.send("muted.html", context={})
        signals.content_written.is_muted = False
        signals.content_written.send("heard.html", context={})
    finally:
        signals.content_written.is_muted = False
        signals.content_written.disconnect(hear)
    assert heard == ["heard.html"]


# Each step: (file, override) -> what happens.
STEPS = [("a.html", False), ("a.html", False), ("b.html", True), ("b.html", False),
         ("b.html", True), ("c.html", False), ("c.html", True), ("c.html", True)]


def _open_outcomes(writer, folder, caplog):
    outcomes = []
    for number, (name, override) in enumerate(STEPS):
        caplog.clear()
        try:
            with writer._open_w(str(folder / name), "utf-8", override=override) as f:
                f.write(f"write {number}")
            outcome = "written"
        except FileOverwriteFailedError as err:
            outcome = str(err).replace(str(folder), "")
        messages = [r.getMessage().replace(str(folder), "") for r in caplog.records]
        outcomes.append((outcome, messages))
    files = {p.name: p.read_text("utf-8") for p in folder.iterdir()}
    return outcomes, files


def test_the_parallel_writers_open_w_keeps_pelicans_overwrite_rules(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="pelican.writers")
    settings = _settings(tmp_path)
    (tmp_path / "pelican").mkdir()
    (tmp_path / "ours").mkdir()
    pelican = Writer(str(tmp_path / "pelican"), settings=settings)
    ours = ParallelWriter(str(tmp_path / "ours"), settings={**settings, "THOUGHTFUL_PARALLEL":
                                                            Plan(workers=2)})

    expected = _open_outcomes(pelican, tmp_path / "pelican", caplog)
    assert _open_outcomes(ours, tmp_path / "ours", caplog) == expected
    # The rules themselves, so that "both changed alike" cannot pass unnoticed.
    outcomes, files = expected
    assert [o for o, _ in outcomes].count("written") == 5
    assert files == {"a.html": "write 0", "b.html": "write 2", "c.html": "write 6"}


def test_pelican_calls_generate_output_on_each_generator_instance(tmp_path):
    called = []

    def wrap(generators):
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                original = generator.generate_output

                def generate_output(writer, original=original):
                    called.append(type(writer).__name__)
                    original(writer)

                generator.generate_output = generate_output

    signals.all_generators_finalized.connect(wrap)
    try:
        build(tmp_path, essays(3), THOUGHTFUL_PARALLEL_WORKERS=1)
    finally:
        signals.all_generators_finalized.disconnect(wrap)
    assert called == ["Writer"]


@pytest.mark.parametrize("kind", [ArticlesGenerator, PagesGenerator])
def test_generators_write_content_in_the_order_of_thoughtful_content(tmp_path, kind):
    seen = {}

    def record(generators):
        generator = next(g for g in generators if isinstance(g, kind))

        class Listing(Writer):
            def write_file(self, name, template, context, *args, **kwargs):
                item = kwargs.get("article") or kwargs.get("page")
                if item is not None:
                    seen.setdefault("written", []).append(item)

            def write_feed(self, *args, **kwargs):
                pass

        type(generator).generate_output(generator, Listing(str(tmp_path / "none"),
                                                           settings=generator.settings))
        seen["expected"] = [i for i in written_items(generator)]

    files = essays(6)
    files["pages/hidden.md"] = "Title: Quiet\nStatus: hidden\n\nUnlisted page.\n"
    files["pages/draft.md"] = "Title: Soon\nStatus: draft\n\nA draft page.\n"
    files["pages/about-sv.md"] = "Title: Om\nSlug: about\nLang: sv\n\nVem skriver.\n"
    signals.all_generators_finalized.connect(record)
    try:
        build(tmp_path, files, THOUGHTFUL_PARALLEL_WORKERS=1)
    finally:
        signals.all_generators_finalized.disconnect(record)
    assert len(seen["expected"]) >= 4
    assert seen["written"] == seen["expected"]
    assert not (tmp_path / "none").exists()  # nothing written but through the writer


def _settings(tmp_path):
    return read_settings(override={"OUTPUT_PATH": str(tmp_path), "DEFAULT_PAGINATION": 10,
                                   "PAGINATED_TEMPLATES": {"index": None}})


def test_generators_read_through_their_readers_instance_by_keyword(tmp_path):
    """The reader hands over a worker's content object by replacing ``read_file`` on the
    generator's Readers instance, and wraps ``generate_context`` on the instance."""
    calls = []

    def spy(generator):
        if type(generator) not in (ArticlesGenerator, PagesGenerator):
            return
        readers, original = generator.readers, generator.generate_context

        def read_file(*args, **kwargs):
            calls.append((args, sorted(kwargs)))
            return type(readers).read_file(readers, *args, **kwargs)

        def generate_context():
            readers.read_file = read_file
            original()

        generator.generate_context = generate_context

    signals.generator_init.connect(spy)
    try:
        site = build(tmp_path, essays(3), THOUGHTFUL_PARALLEL_WORKERS=1)
    finally:
        signals.generator_init.disconnect(spy)
    assert site.exists("2024/02/essay-01/index.html")
    assert len(calls) >= 8
    assert all(args == () and {"base_path", "path", "content_class", "context"} <= {*kwargs}
               for args, kwargs in calls)


def test_only_the_failed_workers_own_temp_files_are_removed(tmp_path):
    from thoughtful.parallel.writer import TEMP_SUFFIX, remove_temp_files

    mine = tmp_path / "2024/05/post" / f"index.html.4242{TEMP_SUFFIX}"
    kept = {
        "notes.txt": "the writer's own file",
        f"2024/05/post/index.html.4343{TEMP_SUFFIX}": "another process's page, unfinished",
        "2024/05/post/index.html.4242.tmp": "not named by the parallel writer",
        "2024/05/post/index.html": "a finished page",
    }
    mine.parent.mkdir(parents=True)
    mine.write_text("half a page")
    for name, text in kept.items():
        (tmp_path / name).write_text(text)

    remove_temp_files(str(tmp_path), [4242])

    assert not mine.exists()
    assert {name: (tmp_path / name).read_text() for name in kept} == kept
