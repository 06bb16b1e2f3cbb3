"""What a reader's browser does with the share half: links without JS, no third-party calls."""

from urllib.parse import urlsplit

import pytest
from support.browser import browser
from support.servers import serve_folder

pytestmark = pytest.mark.browser

POSTS = {
    "posts/promise.md": "Title: Keep small promises\nDate: 2024-05-02 10:00\nCategory: Essays\n"
                        "Tags: trust\n\nTrust grows from small promises kept.\n",
    "posts/cjk.md": "Title: 小さな約束を守ること：信頼はこうして毎週少しずつ積み上がっていく\n"
                    "Date: 2024-05-09 10:00\nSlug: cjk\n\n約束。\n",
}
PAGE = "/2024/05/keep-small-promises/"


def test_share_links_work_without_javascript(build_site, artifacts):
    site = build_site(POSTS)
    with serve_folder(site.output) as base, browser() as chrome:
        context = chrome.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + PAGE)
        links = page.get_by_role("link", name="Share on Mastodon")
        assert links.count() == 1
        assert links.get_attribute("href").startswith("https://share.joinmastodon.org/?text=")
        assert page.get_by_role("link", name="Share by Email").is_visible()
        assert not page.get_by_role("button", name="Copy link").is_visible()
        page.locator(".share").screenshot(path=str(artifacts / "share-links-nojs.png"))


def test_page_load_contacts_no_third_party_and_js_adds_copy_link(build_site, artifacts):
    site = build_site(POSTS)
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        hosts = []
        page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        missing = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(base + PAGE, wait_until="networkidle")

        assert set(hosts) == {urlsplit(base).netloc}
        assert missing == []  # share.js, share.css and every icon are there
        copy = page.get_by_role("button", name="Copy link")
        assert copy.is_visible()  # 127.0.0.1 is a secure context, so the Clipboard API exists
        assert errors == []
        page.locator(".share").screenshot(path=str(artifacts / "share-links.png"))


def test_card_preview_page_shows_each_post_on_five_platforms(build_site, artifacts):
    site = build_site(POSTS, SHARE_PREVIEW_PAGE=True)
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page(viewport={"width": 1300, "height": 1400})
        hosts = []
        page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
        page.goto(base + "/cards/preview/", wait_until="networkidle")

        assert page.locator(".card-preview-post").count() == 2
        assert page.locator("figure.platform").count() == 10
        images = page.locator("figure.platform img")
        loaded = images.evaluate_all("els => els.map(e => e.complete && e.naturalWidth)")
        assert loaded == [1200] * 10  # every card loads, from this site only
        assert set(hosts) == {urlsplit(base).netloc}
        page.screenshot(path=str(artifacts / "share-preview.png"), full_page=True)


def test_copy_link_puts_the_canonical_address_on_the_clipboard(build_site):
    site = build_site(POSTS)
    with serve_folder(site.output) as base, browser() as chrome:
        context = chrome.new_context(permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(base + PAGE)
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        page.get_by_role("button", name="Copy link").click()

        page.get_by_role("status").filter(has_text="Link copied.").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == canonical
