"""Pages rendered in several processes (thoughtful.parallel): the same site, byte for byte,
and what a worker process logs or raises reaches the main build."""

import io
import logging
import shutil
from contextlib import contextmanager

import pytest
from pelican import Pelican, signals
from pelican.log import FatalLogger
from pelican.settings import read_settings
from PIL import Image
from support.site import ROOT, build, write_files
from thoughtful.parallel.forward import WorkerTraceback
from thoughtful.parallel.writer import owner

TAGS = ["habits", "writing", "focus", "work", "reading", "teams"]
CATEGORIES = ["Thoughtful Thursday", "Craft", "Notes"]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def essays(count: int = 40) -> dict[str, str | bytes]:
    """A small blog with what Pelican writes in special ways: paginated lists, tags,
    categories, a page, comments, a hidden post, drafts, translations and
    ``{attach}`` images (which Pelican moves next to the post that links them first)."""
    files: dict[str, str | bytes] = {
        f"posts/essay-{i:02d}.md": (
            f"Title: Essay {i}: on {TAGS[i % 6]} & “quotes”\nDate: 2024-{1 + i % 12:02d}-"
            f"{1 + i % 27:02d} 08:{i:02d}\nCategory: {CATEGORIES[i % 3]}\n"
            f"Tags: {TAGS[i % 6]}, {TAGS[(i + 2) % 6]}\nSlug: essay-{i:02d}\n\n"
            f"A lead paragraph for essay {i}.\n\n- **Lesson one.** Keep going.\n"
        )
        for i in range(count)
    }
    files["posts/essay-07-sv.md"] = ("Title: Uppsats 7\nDate: 2024-08-08 08:00\nSlug: essay-07\n"
                                     "Lang: sv\n\nEn översättning.\n")
    files["posts/hidden.md"] = "Title: Hidden\nDate: 2024-02-02\nStatus: hidden\n\nUnlisted.\n"
    files["posts/draft.md"] = "Title: Draft\nDate: 2024-02-03\nStatus: draft\n\nNot yet.\n"
    # Its page falls to a worker, and its summary keeps list pages off its content.
    slug = next(f"with-image-{k}" for k in range(50)
                if owner(f"2024/03/with-image-{k}/index.html", 3) != 0)
    files["posts/with-image.md"] = (f"Title: With an image\nDate: 2024-03-03 09:00\n"
                                    f"Slug: {slug}\nSummary: A dot.\n\n"
                                    "![A dot]({attach}/images/dot.png)\n")
    files["images/dot.png"] = png()
    # Two posts link one file: the first link (in a published build, from the feeds,
    # newest first) decides where it goes. A draft's link must not move its file.
    files["posts/shared.md"] = ("Title: Shared\nDate: 2024-05-05\nSlug: shared\n\n"
                                "![A square]({attach}/images/square.png)\n")
    files["posts/shared-sv.md"] = ("Title: Delad\nDate: 2024-05-01\nSlug: shared\nLang: sv\n"
                                   "\n![En ruta]({attach}/images/square.png)\n")
    files["posts/draft-image.md"] = ("Title: Soon\nDate: 2024-02-05\nStatus: draft\n\n"
                                     "![A cover]({attach}/images/cover.png)\n")
    files["images/square.png"] = files["images/cover.png"] = png()
    files["pages/about.md"] = "Title: About\n\nWho writes here.\n"
    files["comments/essay-03/a-ana.md"] = "Author: Ana\nDate: 2024-05-02 18:00\n\nFirst!\n"
    return files


def build_with(tmp_path, name: str, workers: int, files=None, **settings):
    return build(tmp_path / name, files or essays(), THOUGHTFUL_PARALLEL_WORKERS=workers,
                 THOUGHTFUL_PARALLEL_MIN_ITEMS=0, **settings)


def output_files(site) -> dict[str, bytes]:
    return {p.relative_to(site.output).as_posix(): p.read_bytes()
            for p in site.output.rglob("*") if p.is_file()}


@contextmanager
def pages_written_here():
    """Count Pelican's content_written signals in this (the main) process."""
    written: list[str] = []

    def count(path, context=None):
        written.append(path)

    signals.content_written.connect(count, weak=False)
    try:
        yield written
    finally:
        signals.content_written.disconnect(count)


def rendered_counts(site) -> list[int]:
    """Pages each process rendered, main first, from the build log."""
    line = next(m for m in site.messages(logging.INFO) if m.startswith("Pages rendered in"))
    return [int(n) for n in line.split(":", 1)[1].split(",")]


@pytest.mark.parametrize("base", ["pelicanconf.py", "publishconf.py"])
def test_three_processes_write_the_same_site_as_one_byte_for_byte(tmp_path, base):
    urls = {"SITEURL": "https://blog.test", "FEED_DOMAIN": "https://blog.test"} \
        if base == "publishconf.py" else {}
    with pages_written_here() as alone_pages:
        one = build_with(tmp_path, "one", 1, base=base, **urls)
    with pages_written_here() as main_pages:
        three = build_with(tmp_path, "three", 3, base=base, **urls)

    alone, shared = output_files(one), output_files(three)
    assert sorted(shared) == sorted(alone)
    assert [name for name in alone if alone[name] != shared[name]] == []
    assert sum(name.endswith(".html") for name in alone) > 60
    assert any(n.startswith("2024/03/with-image-") and n.endswith("/dot.png") for n in alone)
    # Each process rendered its own share: together every page once, none twice.
    counts = rendered_counts(three)
    assert len(counts) == 3 and min(counts) > 0
    assert sum(counts) == len(alone_pages)
    assert counts[0] == len(main_pages)
    assert not any(m.startswith("Pages rendered in") for m in one.messages(logging.INFO))


def test_two_spellings_of_one_path_are_written_by_one_process_as_alone(tmp_path):
    files = essays(12)
    # Pelican's own rule for a clash (the site half's check is off here): "./" is the same file.
    files["posts/clash.md"] = ("Title: Clash\nDate: 2024-04-04\nSave_as: ./archives/index.html\n"
                               "\nI take the archives' place.\n")
    settings = {"THOUGHTFUL_SITE_CHECK_COLLISIONS": False}
    one = build_with(tmp_path, "one", 1, files=files, **settings)
    three = build_with(tmp_path, "three", 3, files=files, **settings)
    assert output_files(three)["archives/index.html"] == output_files(one)["archives/index.html"]


def test_a_small_site_is_rendered_in_one_process(tmp_path):
    site = build(tmp_path, essays(5), THOUGHTFUL_PARALLEL_WORKERS=3)  # default minimum: 200
    assert site.exists("index.html")
    assert not any(m.startswith("Pages rendered in") for m in site.messages(logging.INFO))


def test_warnings_about_pages_a_worker_rendered_reach_the_build_log(tmp_path):
    long_tags = [f"a-long-tag-about-habits-and-attention-and-craft-and-rest-number-{k}"
                 for k in range(8)]
    files = essays(8)
    for k, tag in enumerate(long_tags):
        files[f"posts/essay-{k:02d}.md"] = files[f"posts/essay-{k:02d}.md"].replace(
            "Tags: ", f"Tags: {tag}, ")
    site = build_with(tmp_path, "site", 3, files=files)

    pages = [f"tag/{tag}/index.html" for tag in long_tags]
    assert {owner(page, 3) for page in pages} - {0}, "some tag page must fall to a worker"
    for page in pages:
        assert site.exists(page)
        assert any(page in m and "title" in m for m in site.warnings), page


def test_strict_mode_fails_on_a_warning_raised_in_a_worker(tmp_path, monkeypatch):
    long = "tag-with-a-long-long-name-that-overflows-the-title-of-the-card"
    tag = next(f"{long}-{k}" for k in range(50) if owner(f"tag/{long}-{k}/index.html", 2) == 1)
    files = essays(6)
    files["posts/essay-01.md"] = files["posts/essay-01.md"].replace("Tags: ", f"Tags: {tag}, ")
    monkeypatch.setattr(FatalLogger, "fatal_lvl", logging.WARNING)  # pelican --fatal warnings

    with pytest.raises(RuntimeError, match="Warning or error encountered"):
        build_with(tmp_path, "site", 2, files=files)


def test_a_template_error_in_a_worker_fails_the_build_with_that_error(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "broken.html").write_text("{{ nothing.at_all }}\n", encoding="utf-8")
    slug = next(f"broken-{k}" for k in range(50)
                if owner(f"2024/03/broken-{k}/index.html", 2) == 1)
    files = essays(6)
    files["posts/broken.md"] = (f"Title: Broken\nDate: 2024-03-01 08:00\nSlug: {slug}\n"
                                "Template: broken\n\nText.\n")

    with pytest.raises(Exception, match="nothing") as raised:
        build_with(tmp_path, "site", 2, files=files, THEME=str(theme))
    # The worker's traceback comes along, down to the template line.
    assert isinstance(raised.value.__cause__, WorkerTraceback)
    assert "broken.html" in str(raised.value.__cause__)


class Stubborn(Exception):
    """An exception that pickles but cannot be unpickled (its __init__ wants two values)."""

    def __init__(self, what, why):
        super().__init__(f"{what}: {why}")


def explode(value):
    raise Stubborn(value, "a filter that always fails")


def test_an_error_a_worker_cannot_send_as_it_is_still_fails_the_build_by_name(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "odd.html").write_text("{{ 'odd page' | explode }}\n", "utf-8")
    slug = next(f"odd-{k}" for k in range(50) if owner(f"2024/03/odd-{k}/index.html", 2) == 1)
    files = essays(6)
    files["posts/odd.md"] = (f"Title: Odd\nDate: 2024-03-01 08:00\nSlug: {slug}\n"
                             "Template: odd\n\nText.\n")

    with pytest.raises(RuntimeError, match="Stubborn: odd page: a filter that always fails"):
        build_with(tmp_path, "site", 2, files=files, THEME=str(theme),
                   JINJA_FILTERS={"explode": explode})


def test_pelican_can_build_again_in_the_same_process_as_pelican_r_does(tmp_path):
    content = tmp_path / "content"
    write_files(content, essays(12))
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache" / "pelican"),
        "THOUGHTFUL_CACHE_PATH": str(tmp_path / "cache"),
        "THOUGHTFUL_PARALLEL_WORKERS": 2, "THOUGHTFUL_PARALLEL_MIN_ITEMS": 0})
    pelican = Pelican(settings)
    pelican.run()
    edited = content / "posts" / "essay-03.md"
    edited.write_text(edited.read_text("utf-8").replace("Essay 3:", "Essay three:"), "utf-8")

    pelican.run()  # reads the edited post again and saves the content cache again

    assert "Essay three:" in (tmp_path / "output" / "2024" / "04" / "essay-03" /
                              "index.html").read_text("utf-8")
