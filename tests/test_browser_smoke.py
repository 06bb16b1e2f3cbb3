"""The browser helper works: headless Chromium renders a built page."""

import pytest
from support.browser import browser
from support.servers import serve_folder

pytestmark = pytest.mark.browser


def test_chromium_renders_a_built_page(build_site, artifacts):
    site = build_site({"posts/hi.md": "Title: Hi there\nDate: 2024-01-04\n\nHello.\n"})
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        page.goto(f"{base}/2024/01/hi-there/")
        assert page.locator("h1").inner_text() == "Hi there"
