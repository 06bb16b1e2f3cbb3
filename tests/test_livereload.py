"""The live preview (`invoke livereload`): each kind of save shows up in the open page, never
stale, errors shown in the browser, and output/ ends up exactly what `invoke build` writes.

Starts the real preview (a subprocess on a free port) on a tiny project in tmp and
drives Debian's headless Chromium. No timing thresholds: the benchmark measures speed.
"""

from __future__ import annotations

import shlex
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.preview import MORNING, POST, Preview, preview_project, wait_for

from sitetools.commands import pelican_command
from sitetools.paths import is_marked, mark_output
from sitetools.preview.server import SNIPPET

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def project(tmp_path) -> Path:
    return preview_project(tmp_path / "blog")


@pytest.fixture
def preview(project):
    running = Preview(project).ready()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def chrome():
    from support.browser import browser

    with browser() as instance:
        page = instance.new_page()
        yield page


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def text_of(page) -> str:
    """The page's visible text, or "" while it is reloading."""
    try:
        return page.evaluate("document.body ? document.body.innerText : ''")
    except Exception:  # the page navigated while we asked
        return ""


def shows(page, text: str, present: bool = True) -> None:
    wait_for(lambda: (text in text_of(page)) == present,
             f"{text!r} to {'appear' if present else 'go'}")


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def full_build(project: Path, into: Path) -> Path:
    """What `invoke build` writes from the same files, into an empty folder (marked as
    the project's, as `invoke build` marks it)."""
    mark_output(into, project)
    command = pelican_command(project / "pelicanconf.py", into)
    subprocess.run(shlex.split(command), cwd=project, check=True, capture_output=True)
    return into


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_settled_equals_full_build(preview: Preview, mark: int, tmp: Path) -> None:
    """output/ is byte for byte a fresh build, and every page the preview serves is too."""
    preview.settled(mark)
    output = tree(preview.project / "output")
    fresh = tree(full_build(preview.project, tmp))
    assert sorted(output) == sorted(fresh)
    assert [name for name in fresh if output[name] != fresh[name]] == []
    for name, body in fresh.items():
        if name.endswith(".html"):
            url = name.removesuffix("index.html")
            status, served = fetch(f"{preview.url}/{url}")
            assert status == 200, name
            assert served.replace(_snippet(served), b"") == body, name
    assert not any(b"__preview" in body for body in output.values())


def _snippet(served: bytes) -> bytes:
    start = served.rfind(b'<script src="/__preview/')
    return served[start:served.index(b"</script>", start) + len(b"</script>")]


def test_each_kind_of_save_shows_up_and_output_settles_to_a_full_build(preview, chrome,
                                                                      tmp_path):
    content, theme = preview.project / "content", preview.project / "theme"
    morning = content / "posts/morning.md"
    chrome.goto(f"{preview.url}/{MORNING}")
    shows(chrome, "First words.")
    checks = 0

    def settles() -> None:
        nonlocal checks
        checks += 1
        assert_settled_equals_full_build(preview, mark, tmp_path / f"fresh-{checks}")

    # The body and the title of the open post.
    mark = len(preview.lines)
    edit(morning, "First words.", "Second thoughts.")
    shows(chrome, "Second thoughts.")
    edit(morning, "Title: Morning pages", "Title: Morning pages, revised")
    shows(chrome, "Morning pages, revised")
    settles()

    # A stored comment of the open post.
    mark = len(preview.lines)
    edit(content / "comments/morning-pages/2024-05-03-ana.md", "Lovely", "Wonderful")
    shows(chrome, "Wonderful morning habit.")
    settles()

    # A theme template.
    mark = len(preview.lines)
    edit(theme / "templates/article.html", "{% block content %}",
         "{% block content %}<p>Template marker</p>")
    shows(chrome, "Template marker")
    settles()

    # A stylesheet: swapped in place, the page is not reloaded.
    chrome.evaluate("window.notReloaded = true")
    css = theme / "static/css/site.css"
    mark = len(preview.lines)
    css.write_text(css.read_text() + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n")
    wait_for(lambda: "7px" in chrome.evaluate("getComputedStyle(document.body).outlineWidth"),
             "the new stylesheet")
    assert chrome.evaluate("window.notReloaded") is True
    settles()

    # A new post: the home page lists it.
    chrome.goto(f"{preview.url}/")
    mark = len(preview.lines)
    (content / "posts/noon.md").write_text(
        POST.format(title="Noon light", date="2024-05-20 12:00", tags="rest", body="Noon."))
    shows(chrome, "Noon light")
    settles()

    # A deleted post: gone from the home page, its address answers 404, its files go.
    mark = len(preview.lines)
    (content / "posts/evening.md").unlink()
    shows(chrome, "Evening walks", present=False)
    assert fetch(f"{preview.url}/2024/05/evening-walks/")[0] == 404
    settles()
    assert not (preview.project / "output/2024/05/evening-walks").exists()


def test_no_page_is_stale_after_navigating(preview, chrome):
    chrome.goto(f"{preview.url}/{MORNING}")
    edit(preview.project / "content/posts/morning.md", "Title: Morning pages",
         "Title: Dawn pages")
    shows(chrome, "Dawn pages")
    for address in ("", "category/notes/", "tag/habits/", "archives/", "author/maya-lindqvist/"):
        chrome.goto(f"{preview.url}/{address}")
        body = text_of(chrome)
        assert "Dawn pages" in body, address
        assert "Morning pages" not in body, address


def test_a_renamed_post_leaves_no_old_page_in_output(preview, tmp_path):
    mark = len(preview.lines)
    edit(preview.project / "content/posts/morning.md", "Slug: morning-pages", "Slug: sunrise")
    preview.settled(mark)
    output = preview.project / "output"
    assert (output / "2024/05/sunrise/index.html").is_file()
    assert not (output / MORNING).exists()
    assert_settled_equals_full_build(preview, mark, tmp_path / "fresh")


def test_an_error_is_shown_in_the_page_and_clears_on_the_next_good_save(preview, chrome):
    morning = preview.project / "content/posts/morning.md"
    good = morning.read_text()
    chrome.goto(f"{preview.url}/")
    morning.write_text(good.replace("2024-05-02 08:00", "2024"))
    problems = chrome.locator("#preview-problems")
    problems.wait_for()
    said = problems.inner_text()
    assert "content/posts/morning.md" in said and "field date" in said
    assert "'2024' is not a full date" in said  # the build log's words
    morning.write_text(good)
    problems.wait_for(state="detached")

    morning.write_bytes(good.encode().replace(b"First words.", b"First \xff words."))
    problems.wait_for()
    assert "is not valid UTF-8" in problems.inner_text() and "line 7" in problems.inner_text()
    morning.write_text(good.replace("Title: Morning pages\n", ""))
    wait_for(lambda: "field title" in text_of(chrome), "the missing title")
    morning.write_text(good)
    problems.wait_for(state="detached")


def test_a_template_error_names_the_template_and_line_and_clears(preview, chrome):
    template = preview.project / "theme/templates/article.html"
    good = template.read_text()
    chrome.goto(f"{preview.url}/{MORNING}")
    template.write_text(good.replace("{% block content %}", "{% block content %}{{ oops(}}"))
    wait_for(lambda: "article.html" in text_of(chrome), "the template error page")
    said = text_of(chrome)
    assert "TemplateSyntaxError" in said and "line" in said
    template.write_text(good)
    shows(chrome, "First words.")
    assert "TemplateSyntaxError" not in text_of(chrome)


def test_two_quick_saves_and_a_save_during_the_settle_build_all_land(preview, chrome):
    morning = preview.project / "content/posts/morning.md"
    chrome.goto(f"{preview.url}/{MORNING}")
    edit(morning, "First words.", "One.")
    time.sleep(0.05)
    edit(morning, "One.", "Two.")
    shows(chrome, "Two.")
    mark = len(preview.lines)
    preview.wait_line(r"settle|changed", mark)  # a settle build is under way or queued
    edit(morning, "Two.", "Three.")
    shows(chrome, "Three.")
    preview.settled(mark)
    wait_for(lambda: "Three." in (preview.project / "output" / MORNING / "index.html")
             .read_text(), "the last save in output/")


def test_output_is_marked_so_clean_may_empty_it_later(preview):
    preview.settled(0)
    assert is_marked(preview.project / "output")


def test_a_request_for_another_host_name_is_refused(preview):
    """DNS rebinding: a page elsewhere cannot read the drafts through a name of its own."""
    request = urllib.request.Request(preview.url + "/", headers={"Host": "attacker.example"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 400


def test_drafts_are_served_and_missing_addresses_get_the_sites_404(preview):
    status, body = fetch(f"{preview.url}/drafts/half-an-idea/")
    assert status == 200 and b"Not yet." in body
    status, body = fetch(f"{preview.url}/no/such/page/")
    assert status == 404 and b"Page not found" in body
    assert SNIPPET.split("?")[0].encode() in body


def test_settings_edits_restart_the_preview_and_say_so(preview, chrome):
    chrome.goto(f"{preview.url}/{MORNING}")
    mark = len(preview.lines)
    edit(preview.project / "pelicanconf.py", 'SITENAME = "Small Lessons"',
         'SITENAME = "Smaller Lessons"')
    assert "restarting the preview" in preview.wait_line("restarting", mark)
    preview.wait_line(r"serving http://", mark)
    shows(chrome, "Smaller Lessons")


def test_ctrl_c_stops_the_server_and_the_build_it_started(project):
    running = Preview(project)
    running.wait_line(r"serving http://")
    children = wait_for(lambda: _children(running.process.pid), "the settle build to start")
    assert running.stop(signal.SIGINT) in (0, -signal.SIGINT)  # exits as Ctrl-C asks
    for pid in children:
        wait_for(lambda pid=pid: not Path(f"/proc/{pid}").exists()
                 or "zombie" in Path(f"/proc/{pid}/status").read_text(), f"process {pid} to end")
    with pytest.raises(OSError):
        urllib.request.urlopen(running.url, timeout=2)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found
