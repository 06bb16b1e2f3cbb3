"""End to end with a real Isso: post through the theme's form, reply, snapshot, static HTML.

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
STORED = "Author: Ana Souza\nDate: 2024-05-02 18:00\n\nA comment kept in the repository.\n"


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
    # Every request here comes from 127.0.0.1: let "Rosa" answer a comment of the same
    # address, as two readers would.
    config.write_text(config.read_text().replace("reply-to-self = false",
                                                 "reply-to-self = true"))
    url = f"http://127.0.0.1:{port}"
    # A generous wait: the machine may be busy; this is not a speed test.
    process = isso_server.start(config, url, log=data / "isso.log", timeout=60)
    try:
        yield url
    finally:
        isso_server.stop(process)


# What must match between a stored comment and one Isso returns, element by element.
PARTS = [".comment-body", ".comment-meta", ".comment-avatar", ".comment-author",
         ".comment-when", ".comment-permalink", ".comment-content", ".comment-content p",
         ".reply", ".comment-reply-link"]
STYLES = ["font-family", "font-size", "font-weight", "line-height", "color",
          "background-color", "margin-top", "margin-bottom", "padding-top", "padding-bottom",
          "padding-left", "border-top-style", "display"]
LOOK = """(li, [parts, styles]) => parts.map(sel => {
    const el = li.querySelector(sel);
    if (!el) return [sel, null];
    const css = getComputedStyle(el);
    return [sel, [[...el.classList].sort().join(" "),
                  ...styles.map(name => name + ": " + css.getPropertyValue(name))]];
})"""


def look(page, selector):
    """Classes and computed styles of each part of one comment (no pixels)."""
    return dict(page.locator(selector).evaluate(LOOK, [PARTS, STYLES]))


def test_a_comment_posted_through_isso_looks_like_a_stored_one_and_reaches_the_html(
    build_site, tmp_path, artifacts
):
    output = tmp_path / "output"
    output.mkdir()
    files = {"posts/promises.md": POST, "comments/promises/isso-99.md": STORED}
    with serve_with_headers(output) as site_url, running_isso(tmp_path / "isso", site_url) as isso:
        site = build_site(files, PLUGINS=BOTH_HALVES,
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
            form = page.locator("form[data-isso-form]")
            page.get_by_label("Email (required)").fill("rosa@example.org")
            page.get_by_label("Name (required)").fill("Reader Rosa")
            page.get_by_label("Website").fill("https://rosa.example")
            page.get_by_label("Comment (required)").fill(
                "Small promises, kept out loud. <b>Yes</b>.")
            form.get_by_role("button", name="Post Comment").click()
            posted = page.locator("#comments li.depth-0", has_text="Small promises, kept out")
            posted.wait_for()
            assert [u for u in requests if u.startswith(isso)]
            assert page.get_by_role("status").filter(
                has_text="Your comment is published.").count() == 1

            # One heading, counting both; the new comment drawn as a stored one is.
            headings = page.locator("#comments h2:visible, #comments h3:visible")
            assert headings.all_inner_texts() == ["2 responses to “Keep Small Promises”",
                                                  "Leave a Reply"]
            stored = look(page, "#comment-isso-99")
            assert None not in stored.values()
            assert look(page, "#" + posted.get_attribute("id")) == stored
            assert posted.locator(".comment-author a").get_attribute("href") == \
                "https://rosa.example"
            assert posted.locator("b").count() == 0  # text, not markup

            # Reply: the form moves under the comment and the answer lands threaded.
            posted.locator(".comment-body").get_by_role("link", name="Reply to Reader Rosa").click()
            assert posted.locator("#commentform").count() == 1
            assert page.locator("#reply-title").inner_text() == "Leave a Reply to Reader Rosa"
            page.get_by_label("Comment (required)").fill("And a reply to myself.")
            form.get_by_role("button", name="Post Comment").click()
            answer = posted.locator("ol.children li.comment", has_text="And a reply to myself.")
            answer.wait_for()
            assert "in reply to Reader Rosa" in answer.inner_text()
            assert page.locator("#comments > #respond").count() == 1  # the form went home
            page.locator("#comments").screenshot(path=str(artifacts / "comments-isso-posted.png"))
            assert violations == []

            # A later reader, in the dark: the comments Isso keeps, loaded on click.
            dark = chrome.new_page(color_scheme="dark", viewport={"width": 390, "height": 844})
            dark.set_default_timeout(60_000)
            dark.goto(f"{site_url}/2024/05/promises/")
            host = isso.removeprefix("http://")
            dark.get_by_role("button", name=f"Load comments from {host}").click()
            dark.locator("#comments .comment-content", has_text="And a reply to myself.").wait_for()
            assert dark.locator("#comments h2").inner_text() == \
                "3 responses to “Keep Small Promises”"
            loaded = dark.locator("#comments li.depth-0", has_text="Small promises, kept out")
            assert look(dark, "#comment-isso-99") == look(dark, "#" + loaded.get_attribute("id"))
            assert dark.get_by_role("button", name=f"Load comments from {host}").count() == 0

        threads = snapshot.read_threads(tmp_path / "cache" / "comments" / THREADS_FILE)
        # Its own folder, then the slug folder the stored comment of the fixture is in.
        assert threads == {"/2024/05/promises/": ["2024/05/promises", "promises"]}
        first = snapshot.snapshot(isso, threads, site.content / "comments")
        again = snapshot.snapshot(isso, threads, site.content / "comments")

    written = sorted(first.written)
    assert len(written) == 2
    assert again.written == [] and sorted(again.kept) == written  # never overwritten
    stored = written[0].read_text(encoding="utf-8")
    assert "Author: Reader Rosa" in stored and "Website: https://rosa.example" in stored
    assert "rosa@example.org" not in stored  # emails never reach the repository
    assert f"Replyto: {written[0].stem}" in written[1].read_text(encoding="utf-8")

    rebuilt = build_site(files, PLUGINS=BOTH_HALVES,
                         THOUGHTFUL_COMMENTS_MODE="isso", THOUGHTFUL_COMMENTS_ISSO={"url": isso})
    comment = rebuilt.soup(PAGE).find(id=f"comment-{written[0].stem}")
    assert comment is not None
    assert "Small promises, kept out loud. <b>Yes</b>." in comment.get_text()  # text, not markup
    assert comment.find("b") is None
    assert comment.find(class_="comment-author").a["href"] == "https://rosa.example"
    ld = json.loads(rebuilt.soup(PAGE).find("script", type="application/ld+json").string)
    assert ld["commentCount"] == 3


def _isso_post(isso: str, site_url: str, author: str, text: str) -> dict:
    """Post to Isso's API as a reader's browser would (thread of the test post)."""
    import urllib.request

    request = urllib.request.Request(
        f"{isso}/new?uri=%2F2024%2F05%2Fpromises%2F", method="POST",
        data=json.dumps({"author": author, "text": text, "title": "T"}).encode(),
        headers={"Content-Type": "application/json", "Origin": site_url})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def test_stored_isso_comments_are_matched_by_id_and_date_not_id_alone(build_site, tmp_path):
    """After a reset Isso database reuses id 1, the live comment 1 is shown next to the
    stored comment 1 of the old database; a comment a snapshot stored is not drawn twice."""
    output = tmp_path / "output"
    output.mkdir()
    with serve_with_headers(output) as site_url, running_isso(tmp_path / "isso", site_url) as isso:
        first = _isso_post(isso, site_url, "New Reader", "Said after the reset.")
        second = _isso_post(isso, site_url, "Snap Shot", "Already stored.")
        assert first["id"] == 1
        stored_second = snapshot.comment_file(second, "Anonymous")
        files = {
            "posts/promises.md": POST,
            # Comment 1 of the database before the reset, and comment 2 as a snapshot kept it.
            "comments/2024/05/promises/isso-20200101-100000-1.md":
                "Author: Old Reader\nDate: 2020-01-01T10:00:00+00:00\n\nSaid long ago.\n",
            f"comments/2024/05/promises/{snapshot.file_stem(second)}.md": stored_second,
        }
        build_site(files, PLUGINS=BOTH_HALVES, THOUGHTFUL_COMMENTS_MODE="isso",
                   THOUGHTFUL_COMMENTS_ISSO={"url": isso})
        with browser() as chrome:
            page = chrome.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{site_url}/2024/05/promises/")
            host = isso.removeprefix("http://")
            page.get_by_role("button", name=f"Load comments from {host}").click()
            page.locator("#comments .comment-content", has_text="Said after the reset.").wait_for()
            texts = page.locator("#comments li.comment .comment-content").all_inner_texts()
    assert sorted(t.strip() for t in texts) == [
        "Already stored.", "Said after the reset.", "Said long ago."]
