"""A page-rendering worker that dies or hangs fails the build, by name and with its
stack, within the timeout; no half-written page is left in the output."""

import logging
import os
import signal
import time
from functools import partial

import pytest
from test_parallel import build_with, essays
from thoughtful.parallel.forward import WorkerFailed, WorkerTraceback
from thoughtful.parallel.writer import TEMP_SUFFIX, AtomicFile, owner

HALF_PAGE = "<!DOCTYPE html><html><body><p>Half a pa"


def die(output, value, name):
    """A Jinja filter (with ``output`` bound): start writing page ``name`` as the writer
    does, then die mid-write, as a worker the OOM killer picks would."""
    path = os.path.join(output, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    page = AtomicFile(path, "utf-8")
    page.write(HALF_PAGE)
    page.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def hang(value):
    """A Jinja filter that never returns (a stuck disk, a lock held across fork)."""
    while True:
        time.sleep(1)


def slug_for(prefix: str, process: int, workers: int) -> str:
    return next(f"{prefix}-{k}" for k in range(200)
                if owner(f"2024/03/{prefix}-{k}/index.html", workers) == process)


def theme_with(tmp_path, templates: dict[str, str]):
    import shutil

    from support.site import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    for name, text in templates.items():
        (theme / "templates" / name).write_text(text, encoding="utf-8")
    return theme


@pytest.fixture
def build_log():
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.ERROR)
    logging.getLogger().addHandler(handler)
    yield records
    logging.getLogger().removeHandler(handler)


def test_a_killed_worker_and_a_hung_one_fail_the_build_within_the_timeout(tmp_path, build_log):
    dying, stuck = slug_for("dying", 1, 3), slug_for("stuck", 2, 3)
    victim = tmp_path / "site" / "output" / "2024" / "03" / dying / "index.html"
    theme = theme_with(tmp_path, {
        "dying.html": "{{ article.title | die(output_file) }}\n",
        "stuck.html": "{{ article.title | hang }}\n",
    })
    files = essays(6)
    files["posts/dying.md"] = (f"Title: Dying\nDate: 2024-03-01 08:00\nSlug: {dying}\n"
                               "Template: dying\n\nText.\n")
    files["posts/stuck.md"] = (f"Title: Stuck\nDate: 2024-03-02 08:00\nSlug: {stuck}\n"
                               "Template: stuck\n\nText.\n")

    started = time.monotonic()
    with pytest.raises(WorkerFailed) as raised:
        build_with(tmp_path, "site", 3, files=files, THEME=str(theme),
                   THOUGHTFUL_PARALLEL_TIMEOUT=3,
                   JINJA_FILTERS={"die": partial(die, str(victim.parents[3])), "hang": hang})
    took = time.monotonic() - started

    # The killed worker is named with how it ended ...
    assert "page-rendering worker 1" in str(raised.value)
    assert "killed by SIGKILL" in str(raised.value)
    # ... the hung one is stopped at the deadline and its stack shows where it hung.
    stopped = [r.getMessage() for r in build_log if "did not finish within 3 s" in r.getMessage()]
    assert len(stopped) == 1 and "page-rendering worker 2" in stopped[0]
    assert 'in hang' in stopped[0]
    assert took < 60
    for message in (str(raised.value), stopped[0]):
        pid = int(message.split("(pid ", 1)[1].split(")", 1)[0])
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # gone and reaped: nothing is left running
    # The page the killed worker was writing is not there, half or whole, nor its temp file.
    output = tmp_path / "site" / "output"
    assert not victim.exists()
    assert not [p for p in output.rglob(f"*{TEMP_SUFFIX}")]
    assert not any(HALF_PAGE in p.read_text("utf-8") for p in output.rglob("*.html"))


def test_a_hung_worker_is_reported_with_its_stack_as_the_cause(tmp_path):
    stuck = slug_for("stuck", 1, 2)
    theme = theme_with(tmp_path, {"stuck.html": "{{ article.title | hang }}\n"})
    files = essays(6)
    files["posts/stuck.md"] = (f"Title: Stuck\nDate: 2024-03-02 08:00\nSlug: {stuck}\n"
                               "Template: stuck\n\nText.\n")

    with pytest.raises(WorkerFailed, match=r"did not finish within 2 s") as raised:
        build_with(tmp_path, "site", 2, files=files, THEME=str(theme),
                   THOUGHTFUL_PARALLEL_TIMEOUT=2, JINJA_FILTERS={"hang": hang})
    assert isinstance(raised.value.__cause__, WorkerTraceback)
    assert "test_parallel_failures.py" in str(raised.value.__cause__)


def test_a_page_is_replaced_only_when_it_is_complete(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("the previous build's page", encoding="utf-8")

    with pytest.raises(OSError), AtomicFile(str(page), "utf-8") as new:
        new.write("half of the new pa")
        raise OSError("disk full")
    assert page.read_text("utf-8") == "the previous build's page"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]

    with AtomicFile(str(page), "utf-8") as new:
        new.write("the new page")
    assert page.read_text("utf-8") == "the new page"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    assert page.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
