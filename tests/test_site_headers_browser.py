"""A published page under its own <meta> Content-Security-Policy, in Chromium: nothing blocked."""

import pytest
from support.browser import browser
from support.servers import serve_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POST = """Title: Keep small promises
Date: 2024-05-02 10:00
Slug: promises
Tags: habits

| left | centre |
|:-----|:------:|
| a    | b      |

The body, with a [link](https://example.org/).
"""


def test_published_pages_load_everything_under_their_meta_policy(build_site, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    with serve_folder(output) as url:
        site = build_site({"posts/promises.md": POST,
                           "comments/2024/05/promises/a.md": "Author: Ana\nDate: 2024-05-03\n\n"
                           "Kept *out loud*.\n"},
                          SITEURL=url, THOUGHTFUL_PARALLEL_WORKERS=1)
        assert 'http-equiv="Content-Security-Policy"' in site.read("2024/05/promises/index.html")
        with browser() as chrome:
            page = chrome.new_page()
            blocked = []
            page.on("console", lambda m: blocked.append(m.text)
                    if "Content Security Policy" in m.text else None)
            for path in ("/", "/2024/05/promises/", "/tags/"):
                page.goto(url + path)
                page.wait_for_load_state("load")
            styled = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert blocked == []
    assert styled and "Times New Roman" not in styled  # the site's stylesheet applied
