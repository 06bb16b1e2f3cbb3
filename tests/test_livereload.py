"""livereload: edit a post, the site is rebuilt; the reload snippet is served, never written.

Starts the real livereload server (what `invoke livereload` runs) in a
subprocess on a free port against a tiny project in tmp, then stops it.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
POST = "Title: Morning pages\nDate: 2024-05-02 08:00\nCategory: Notes\n\n{body}\n"

pytestmark = pytest.mark.slow


def wait_for(condition, what: str, limit: float = 60.0):
    """Poll ``condition`` until it returns something truthy (a wait, not a timing test)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.fixture
def project(tmp_path):
    """A copy of this project's settings, theme and plugins with one post of its own."""
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content/posts/morning.md").write_text(POST.format(body="First words."))
    return tmp_path


@pytest.fixture
def live(project):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitetools.livereload", "--root", str(project), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}", project
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_an_edited_post_is_rebuilt_and_served_with_the_reload_snippet(live):
    url, project = live
    page_url = f"{url}/2024/05/morning-pages/"
    built = project / "output/2024/05/morning-pages/index.html"

    first = wait_for(lambda: fetch(page_url), "the first build to be served")
    assert "First words." in first
    assert "livereload.js" in first  # injected while serving

    (project / "content/posts/morning.md").write_text(POST.format(body="Second thoughts."))

    wait_for(lambda: "Second thoughts." in built.read_text(), "the rebuild after the edit")
    assert "Second thoughts." in wait_for(lambda: fetch(page_url), "the rebuilt page")
    # The snippet lives only in the dev server's responses, never in the built files.
    assert "livereload" not in built.read_text()
    assert not any("livereload" in p.read_text() for p in (project / "output").rglob("*.html"))


def test_a_broken_edit_keeps_the_server_running_and_a_fix_is_picked_up(live):
    url, project = live
    page_url = f"{url}/2024/05/morning-pages/"
    built = project / "output/2024/05/morning-pages/index.html"
    wait_for(lambda: fetch(page_url), "the first build")
    post = project / "content/posts/morning.md"

    post.write_text(POST.format(body="Oops.").replace("2024-05-02 08:00", "2024"))
    # The bad date skips the post (the home page no longer lists it); the server stays up.
    index = project / "output/index.html"
    wait_for(lambda: "Morning pages" not in index.read_text(), "the rebuild without the post")
    assert fetch(f"{url}/") is not None

    post.write_text(POST.format(body="Fixed."))
    wait_for(lambda: built.exists() and "Fixed." in built.read_text(), "the fixed post")
