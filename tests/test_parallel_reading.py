"""Posts read in several processes (thoughtful.parallel.reader): the same site, byte for
byte, and the same warnings in the same order as when one process reads them."""

import logging
import os
import signal
import time

import pytest
from pelican import Pelican, signals
from pelican.settings import read_settings
from support.site import ROOT
from test_parallel import build_with, essays, output_files
from thoughtful.parallel.reader import Reading


def awkward_essays() -> dict[str, str | bytes]:
    """essays() plus what reading order decides or reports: an image without alt text
    (Pelican warns), two posts with one URL (the site half keeps the first and names
    the other), a post without a title and one with a partial date (skipped, named)."""
    files = essays(30)
    files["posts/no-alt.md"] = ("Title: No alt\nDate: 2024-06-01\n\n"
                                '<img src="{attach}/images/dot.png" alt="">\n')
    files["posts/twin-a.md"] = "Title: Twin A\nDate: 2024-06-02\nSlug: twin\n\nOne.\n"
    files["posts/twin-b.md"] = "Title: Twin B\nDate: 2024-06-02\nSlug: twin\n\nTwo.\n"
    files["posts/untitled.md"] = "Date: 2024-06-03\n\nNo title here.\n"
    files["posts/vague.md"] = "Title: Vague\nDate: Tuesday\n\nWhen?\n"
    return files


def read_counts(site) -> list[int]:
    line = next(m for m in site.messages(logging.INFO) if m.startswith("Files read in"))
    return [int(n) for n in line.split(":", 1)[1].split(",")]


def reports(site) -> list[str]:
    """Warnings and errors, as a writer reads them in the build log, in order."""
    return [m.replace(str(site.root), "<site>") for m in site.messages(logging.WARNING)]


@pytest.mark.parametrize("base", ["pelicanconf.py", "publishconf.py"])
def test_three_processes_read_the_same_site_as_one_byte_for_byte(tmp_path, base):
    urls = {"SITEURL": "https://blog.test", "FEED_DOMAIN": "https://blog.test"} \
        if base == "publishconf.py" else {}
    one = build_with(tmp_path, "one", 1, files=awkward_essays(), base=base, **urls)
    three = build_with(tmp_path, "three", 3, files=awkward_essays(), base=base, **urls)

    alone, shared = output_files(one), output_files(three)
    assert sorted(shared) == sorted(alone)
    assert [name for name in alone if alone[name] != shared[name]] == []
    counts = read_counts(three)
    assert len(counts) == 3 and min(counts) > 0 and sum(counts) > 35
    assert not any(m.startswith("Files read in") for m in one.messages(logging.INFO))
    # Each problem reported once, in the order one process reports them.
    assert reports(three) == reports(one)
    assert any("twin" in m for m in reports(one))
    assert any("untitled.md" in m for m in reports(one))
    assert any("vague.md" in m for m in reports(one))


def test_files_read_in_workers_go_into_the_content_cache(tmp_path):
    settings = {"LOAD_CONTENT_CACHE": True, "CACHE_CONTENT": True}
    first = build_with(tmp_path, "site", 2, **settings)
    assert read_counts(first)
    page = first.output / "2024" / "02" / "essay-01" / "index.html"
    before = page.read_bytes()
    page.unlink()

    # Built again from the same files (not written again: their dates would change).
    heard = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: heard.append(record.getMessage())
    logging.getLogger().addHandler(handler)
    try:
        Pelican(read_settings(str(ROOT / "pelicanconf.py"), override={
            **{k: first.settings[k] for k in ("PATH", "OUTPUT_PATH", "CACHE_PATH",
                                              "THOUGHTFUL_CACHE_PATH")},
            **settings, "THOUGHTFUL_PARALLEL_WORKERS": 2,
            "THOUGHTFUL_PARALLEL_MIN_ITEMS": 0})).run()
    finally:
        logging.getLogger().removeHandler(handler)

    assert not any(m.startswith("Files read in") for m in heard)
    assert page.read_bytes() == before


def test_another_plugins_reader_signal_keeps_reading_in_one_process(tmp_path):
    seen = []

    def remember(content):  # keeps state a worker's copy would lose
        seen.append(content.source_path)

    signals.content_object_init.connect(remember)
    try:
        site = build_with(tmp_path, "site", 3)
    finally:
        signals.content_object_init.disconnect(remember)
    assert not any(m.startswith("Files read in") for m in site.messages(logging.INFO))
    assert len(seen) == len({*seen}) > 40


def failing_share(how):
    """Reading._read, but the worker with the last share dies or hangs first.

    (By share, not by file name: Pelican lists files in the folder's own order, so a
    given post may fall to the main process, which reads without _read.)"""
    original = Reading._read

    def _read(self, share, collect):
        if share == self.shares[-1]:
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            while True:
                time.sleep(1)
        return original(self, share, collect)

    return _read


@pytest.mark.parametrize("how", ["killed", "hung"])
def test_a_reading_worker_that_dies_or_hangs_costs_time_not_correctness(
        tmp_path, monkeypatch, how):
    one = build_with(tmp_path, "one", 1)
    monkeypatch.setattr(Reading, "_read", failing_share(how))

    # Long enough for the page-rendering workers on a busy machine, short for a test.
    three = build_with(tmp_path, "three", 3, THOUGHTFUL_PARALLEL_TIMEOUT=10)

    assert output_files(three) == output_files(one)
    said = [m for m in three.warnings if m.startswith("Reading in parallel:")]
    expected = "killed by SIGKILL" if how == "killed" else "did not finish within 10 s"
    assert len(said) == 1 and expected in said[0], three.warnings


def test_without_fork_everything_is_read_and_rendered_in_one_process(tmp_path, monkeypatch):
    # The share half's card pool forks on its own; this is about thoughtful.parallel.
    halves = {"PLUGINS": ["thoughtful.site", "thoughtful.comments", "thoughtful.parallel"]}
    one = build_with(tmp_path, "one", 1, **halves)
    monkeypatch.delattr(os, "fork")  # Windows, WebAssembly

    alone = build_with(tmp_path, "nofork", 3, **halves)

    assert output_files(alone) == output_files(one)
    assert not any(m.startswith(("Files read in", "Pages rendered in"))
                   for m in alone.messages(logging.INFO))
