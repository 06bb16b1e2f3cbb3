"""The imported blog as readers and crawlers meet it: built with publishconf.py, checked,
every old WordPress address landing in one hop, nothing private published."""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, urlsplit

import pytest
from fixtures.wordpress.site import import_into
from support.site import build

from sitetools.check import run_check
from sitetools.check.redirects import check_redirects
from sitetools.check.site import OutputSite

pytestmark = pytest.mark.slow

SITEURL = "https://smalllessons.example"
PRIVATE = ["PRIVATETEXT", "PENDINGPOSTTEXT", "FUTURETEXT", "PROTECTEDTEXT", "DRAFTTEXT",
           "TRASHPOSTTEXT", "PRIVATECOMMENTTEXT", "SPAMTEXT", "PENDINGTEXT", "TRASHTEXT",
           "hunter2secret", "FEEDBACK", "mailbox.example", "spam.example", "203.0.113.45",
           "198.51.100.7", "2001:db8::42", "192.0.2.", "Members Only", "Private Diary"]
OLD_LINKS = {  # every public item's old permalink and old slug -> its new address
    "/2019/05/31/keep-small-promises/": "2019/06/keep-small-promises/",
    "/2019/05/31/small-promises/": "2019/06/keep-small-promises/",
    "/2019/05/30/keep-small-promises/": "2019/06/keep-small-promises/",
    "/2019/07/12/the-ten-minute-rule/": "2019/07/the-ten-minute-rule-2/",
    "/2019/08/01/小さな-lessons/": "2019/08/小さな-lessons/",
    "/2020/09/10/keep-small-promises-2/": "2020/09/keep-small-promises-2/",
    "/2020/09/10/keep-small-promises/": "2020/09/keep-small-promises-2/",
    "/feed/": "feeds/all.atom.xml",
    "/category/essays/feed/": "feeds/essays.atom.xml",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("imported")
    import_into(tmp)
    return build(tmp, {}, base="publishconf.py", SITEURL=SITEURL, FEED_DOMAIN=SITEURL)


def test_the_imported_site_builds_strictly_and_passes_the_check(site):
    assert site.messages(logging.WARNING) == []
    report = run_check(site.output, site_url=SITEURL, skip=["a11y"])
    # Old #comment-<WordPress id> links land on the imported comment.
    assert 'id="comment-11"' in site.read("2019/06/keep-small-promises/index.html")
    assert report.problems == [], report.format()
    assert "links" in report.ran  # the redirects check runs with it


def test_nothing_private_or_personal_is_published(site):
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix not in (".png", ".jpg", ".woff2", ".ico"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for secret in PRIVATE:
                assert secret not in text, (path, secret)
    assert not (site.output / "drafts").exists()


def test_no_third_party_request_before_the_reader_asks(site):
    for page in ("2019/06/keep-small-promises/index.html",
                 "2019/07/the-ten-minute-rule-2/index.html"):
        soup = site.soup(page)
        assert soup.find("iframe") is None  # and every src below is this site's own
        for tag in soup.find_all(src=True):
            host = urlsplit(tag["src"]).hostname
            assert host in (None, "smalllessons.example"), tag
        assert soup.find("a", href="https://www.youtube.com/watch?v=jkl012MNO") \
            or soup.find("a", href="https://www.youtube.com/watch?v=abc123XYZ_-")


def test_the_posts_read_as_they_did(site):
    soup = site.soup("2019/06/keep-small-promises/index.html")
    figure = soup.find("figure")
    assert figure.img["src"].endswith("/images/2019/05/notebook.png")
    assert figure.figcaption.get_text() == "The notebook, open."
    code = soup.find("code", class_=re.compile("python")) or soup.find("div", class_="highlight")
    assert "$x_y" in code.get_text() and "a < b && c" in code.get_text()
    assert soup.find("meta", property="og:image")["content"] == \
        f"{SITEURL}/images/2019/05/notebook.png"
    index = site.read("index.html")  # the Unicode post's summary names a tag: text, not HTML
    assert "excerpt about &lt;script&gt; tags &amp; more." in index
    assert "<script> tags" not in index
    link = soup.find("a", string="link to the ten-minute rule")
    assert link["href"] == f"{SITEURL}/2019/07/the-ten-minute-rule-2/"


@pytest.mark.parametrize("old, new", OLD_LINKS.items())
def test_every_old_address_lands_in_one_hop(site, old, new):
    stub = site.output / old.strip("/") / "index.html"
    soup = site.soup(stub.relative_to(site.output).as_posix())
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url={SITEURL}/{new}"
    assert soup.find("link", rel="canonical")["href"] == f"{SITEURL}/{new}"
    assert soup.find("script") is None
    target = site.output / new
    target = target / "index.html" if new.endswith("/") else target
    assert target.is_file() and "thoughtful redirect" not in target.read_text()
    assert f"{quote(old)} {quote('/' + new)} 301!" in site.read("_redirects")
    assert f'location = "{old}" {{ return 301 "/{new}"; }}' in site.read("redirects.nginx.conf")


def test_hand_written_aliases_and_a_broken_redirect(build_site):
    built = build_site({
        "posts/renamed.md": "Title: Renamed\nDate: 2024-05-02 10:00\nSlug: renamed\n"
                            "Aliases: /2024/05/old-name/, /old.html\n\nText.\n",
        "pages/about.md": "Title: About\nAliases: /2024/05/renamed/, /old.html\n\nAbout.\n",
        "redirects.txt": "# old feed\n/feed/ feed:all\n/gone/ no/such/page/\n"
                         "/category/x/ category:Nope\n/chain/ 2024/05/old-name/\n",
    })
    assert built.read("2024/05/old-name/index.html").count("/2024/05/renamed/") == 3
    assert built.exists("old.html")
    warnings = built.messages(logging.WARNING)
    assert any("alias /2024/05/renamed/ is already a page of this site" in w for w in warnings)
    assert any("redirects.txt: line 4" in w and "category:Nope" in w for w in warnings)
    assert any("alias /old.html is also claimed by content/posts/renamed.md" in w
               for w in warnings)
    assert not built.exists("feed/index.html")  # feeds are off while previewing: no target
    problems = check_redirects(OutputSite(built.output))
    assert [(p.file, p.message) for p in problems] == [
        ("chain/index.html", "redirects to /2024/05/old-name/, which does not exist or is "
                             "another redirect"),
        ("gone/index.html", "redirects to /no/such/page/, which does not exist or is another "
                            "redirect"),
        ("_redirects", "line 4: /no/such/page/ does not exist or is another redirect"),
        ("_redirects", "line 5: /2024/05/old-name/ does not exist or is another redirect")]


def test_a_page_that_mentions_the_redirect_marker_is_never_replaced(build_site):
    built = build_site({
        "posts/about-redirects.md": "Title: On redirects\nDate: 2024-05-01 10:00\n"
                                    "Slug: on-redirects\n\nIt says thoughtful redirect.\n",
        "posts/new.md": "Title: New\nDate: 2024-05-02 10:00\nSlug: new\n"
                        "Aliases: /2024/05/on-redirects/\n\nText.\n",
    })
    assert "It says thoughtful redirect." in built.read("2024/05/on-redirects/index.html")
    assert any("alias /2024/05/on-redirects/ is already a page of this site" in w
               for w in built.messages(logging.WARNING))


def test_an_imported_tag_spelt_otherwise_by_older_posts_still_redirects(build_site):
    """Pelican merges "Habits" into the "habits" an earlier post used: one tag, one page."""
    built = build_site({
        "posts/old.md": "Title: Old\nDate: 2024-05-01 10:00\nCategory: Notes\n"
                        "Tags: habits\n\nText.\n",
        "posts/imported.md": "Title: Imported\nDate: 2019-06-01 10:00\nCategory: Notes\n"
                             "Tags: Habits\n\nText.\n",
        "redirects.txt": "/tag/habits-wp/ tag:Habits\n/category/notes-wp/ category:NOTES\n",
    })
    assert built.messages(logging.WARNING) == []
    assert "/tag/habits/" in built.read("tag/habits-wp/index.html")
    assert "/category/notes/" in built.read("category/notes-wp/index.html")


@pytest.mark.browser
def test_a_reader_following_an_old_link_arrives_on_the_new_page(tmp_path):
    """Chromium opens the old WordPress address on a plain static server (as GitHub Pages
    would serve it) and lands on the post, with no script involved."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from support.browser import browser
    from support.servers import free_port

    port = free_port()
    here = f"http://127.0.0.1:{port}"
    import_into(tmp_path)
    built = build(tmp_path, {}, base="publishconf.py", SITEURL=here, FEED_DOMAIN=here)
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(built.output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with browser() as chromium:
            page = chromium.new_page(java_script_enabled=False)
            page.goto(f"{here}/2019/05/31/small-promises/")
            page.wait_for_url(f"{here}/2019/06/keep-small-promises/", timeout=10_000)
            assert page.locator("h1").inner_text() == "Keep Small Promises"
    finally:
        server.shutdown()
        server.server_close()
