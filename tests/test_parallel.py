"""Pages rendered in several processes (thoughtful.parallel): the same site, byte for byte,
and what a worker process logs or raises reaches the main build."""

import logging
import shutil

import pytest
from pelican.log import FatalLogger
from support.site import ROOT, build
from thoughtful.parallel.writer import owner

TAGS = ["habits", "writing", "focus", "work", "reading", "teams"]
CATEGORIES = ["Thoughtful Thursday", "Craft", "Notes"]


def essays(count: int = 40) -> dict[str, str]:
    """A small blog: enough posts for paginated lists, tags, categories, a page, comments."""
    files = {
        f"posts/essay-{i:02d}.md": (
            f"Title: Essay {i}: on {TAGS[i % 6]} & “quotes”\nDate: 2024-{1 + i % 12:02d}-"
            f"{1 + i % 27:02d} 08:{i:02d}\nCategory: {CATEGORIES[i % 3]}\n"
            f"Tags: {TAGS[i % 6]}, {TAGS[(i + 2) % 6]}\nSlug: essay-{i:02d}\n\n"
            f"A lead paragraph for essay {i}.\n\n- **Lesson one.** Keep going.\n"
        )
        for i in range(count)
    }
    files["pages/about.md"] = "Title: About\n\nWho writes here.\n"
    files["comments/essay-03/a-ana.md"] = "Author: Ana\nDate: 2024-05-02 18:00\n\nFirst!\n"
    return files


def build_with(tmp_path, name: str, workers: int, files=None, **settings):
    return build(tmp_path / name, files or essays(), THOUGHTFUL_PARALLEL_WORKERS=workers,
                 THOUGHTFUL_PARALLEL_MIN_ITEMS=0, **settings)


def output_files(site) -> dict[str, bytes]:
    return {p.relative_to(site.output).as_posix(): p.read_bytes()
            for p in site.output.rglob("*") if p.is_file()}


def test_three_processes_write_the_same_site_as_one_byte_for_byte(tmp_path):
    one = build_with(tmp_path, "one", 1)
    three = build_with(tmp_path, "three", 3)

    alone, shared = output_files(one), output_files(three)
    assert sorted(shared) == sorted(alone)
    assert [name for name in alone if alone[name] != shared[name]] == []
    pages = [name for name in alone if name.endswith(".html")]
    assert len(pages) > 60
    # Every process owned some pages, so the workers really wrote part of this site.
    assert {owner(name, 3) for name in pages} == {0, 1, 2}
    assert "Pages rendered in 3 processes" in three.messages(logging.INFO)
    assert not any(m.startswith("Pages rendered in") for m in one.messages(logging.INFO))


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

    with pytest.raises(Exception, match="nothing"):
        build_with(tmp_path, "site", 2, files=files, THEME=str(theme))
