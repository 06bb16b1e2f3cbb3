"""End to end with a real Isso: click to load, post a comment, snapshot it, find it in static HTML.

Isso runs on 127.0.0.1 (free port, temporary database, moderation off, CORS for the
site's origin only). The site is served with the headers the build wrote to
output/_headers, so the Content-Security-Policy is exercised too.
"""

import contextlib
import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support.browser import browser
from support.servers import free_port
from thoughtful.comments import THREADS_FILE, isso_server, snapshot
from thoughtful.site import headers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POST = "Title: Keep Small Promises\nDate: 2024-05-02 10:00\nSlug: promises\n\nThe body.\n"
PAGE = "2024/05/promises/index.html"


# The site half writes the headers; the comments half adds Isso's origin to them.
BOTH_HALVES = ["thoughtful.site", "thoughtful.comments"]


class _HeadersHandler(SimpleHTTPRequestHandler):
    """Serves a built folder with the headers of its _headers file, as Netlify would."""

    def end_headers(self) -> None:
        rules = Path(self.directory, "_headers")
        if rules.exists():
            for name, value in headers.headers_for(headers.parse_headers(rules.read_text()),
                                                     self.path.split("?")[0]).items():
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_with_headers(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_HeadersHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def running_isso(data: Path, site_origin: str):
    port = free_port()
    config = isso_server.write_config(data, port=port, site_origins=[site_origin])
    url = f"http://127.0.0.1:{port}"
    # A generous wait: the machine may be busy; this is not a speed test.
    process = isso_server.start(config, url, log=data / "isso.log", timeout=60)
    try:
        yield url
    finally:
        isso_server.stop(process)


def test_a_comment_posted_through_isso_ends_up_in_the_static_html(
    build_site, tmp_path, artifacts
):
    output = tmp_path / "output"
    output.mkdir()
    with serve_with_headers(output) as site_url, running_isso(tmp_path / "isso", site_url) as isso:
        site = build_site({"posts/promises.md": POST}, PLUGINS=BOTH_HALVES,
                          THOUGHTFUL_COMMENTS_MODE="isso",
                          THOUGHTFUL_COMMENTS_ISSO={"url": isso})
        assert site.errors == []
        assert isso in site.read("_headers")

        with browser() as chrome:
            page = chrome.new_page(viewport={"width": 900, "height": 1400})
            page.set_default_timeout(60_000)
            requests, violations = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: violations.append(m.text)
                    if "Content Security Policy" in m.text else None)
            page.goto(f"{site_url}/2024/05/promises/")

            # Nothing from Isso before the reader asks.
            assert not [u for u in requests if u.startswith(isso)]
            host = isso.removeprefix("http://")
            page.get_by_role("button", name=f"Load comments from {host}").click()
            postbox = page.locator("#isso-thread .isso-postbox")
            postbox.wait_for()
            assert [u for u in requests if u.startswith(isso)]
            labels = [t.replace("\xa0", " ") for t in postbox.locator("label").all_inner_texts()]
            assert labels[:3] == ["Name (required)", "Email (Address never made public)", "Website"]

            postbox.locator("textarea").fill("Small promises, kept out loud. <b>Yes</b>.")
            page.locator("#isso-postbox-author").fill("Reader Rosa")
            page.locator("#isso-postbox-website").fill("https://rosa.example")
            page.locator("#isso-postbox-email").fill("rosa@example.org")
            postbox.locator("input[type=submit]").click()
            posted = page.locator("#isso-root .isso-comment .isso-text",
                                  has_text="Small promises, kept out loud.")
            posted.wait_for()
            assert page.locator("#isso-root .isso-author", has_text="Reader Rosa").count() == 1
            page.locator("#comments").screenshot(path=str(artifacts / "comments-isso-loaded.png"))
            assert violations == []

        threads = snapshot.read_threads(tmp_path / "cache" / "comments" / THREADS_FILE)
        assert threads == {"/2024/05/promises/": "2024/05/promises"}
        first = snapshot.snapshot(isso, threads, site.content / "comments")
        again = snapshot.snapshot(isso, threads, site.content / "comments")

    [written] = first.written
    assert again.written == [] and again.kept == [written]  # never overwritten
    stored = written.read_text(encoding="utf-8")
    assert "Author: Reader Rosa" in stored and "Website: https://rosa.example" in stored
    assert "rosa@example.org" not in stored  # emails never reach the repository

    rebuilt = build_site({"posts/promises.md": POST}, PLUGINS=BOTH_HALVES,
                         THOUGHTFUL_COMMENTS_MODE="isso", THOUGHTFUL_COMMENTS_ISSO={"url": isso})
    comment = rebuilt.soup(PAGE).find(id=f"comment-{written.stem}")
    assert comment is not None
    assert "Small promises, kept out loud. <b>Yes</b>." in comment.get_text()  # text, not markup
    assert comment.find("b") is None
    assert comment.find(class_="comment-author").a["href"] == "https://rosa.example"
    ld = json.loads(rebuilt.soup(PAGE).find("script", type="application/ld+json").string)
    assert ld["commentCount"] == 1
