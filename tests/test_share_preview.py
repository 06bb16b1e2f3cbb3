"""The card preview page marks drafts and wears the site's colours, light and dark."""

from pathlib import Path

import pytest
from support.browser import browser
from support.servers import serve_folder
from thoughtful.share.preview import draft_patterns, is_draft

POSTS = {
    "posts/promise.md": "Title: Keep small promises\nDate: 2024-05-02 10:00\n\nTrust.\n",
    "posts/later.md": "Title: A thought for later\nDate: 2024-05-09 10:00\nStatus: draft\n\n"
                      "Not yet.\n",
}
AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def test_draft_paths_come_from_pelicans_settings():
    patterns = draft_patterns({"DRAFT_SAVE_AS": "drafts/{slug}/index.html",
                               "DRAFT_PAGE_SAVE_AS": "drafts/pages/{slug}.html"})
    assert is_draft("drafts/later/index.html", patterns)
    assert is_draft("drafts/pages/about.html", patterns)
    assert not is_draft("2024/05/later/index.html", patterns)
    assert draft_patterns({"DRAFT_SAVE_AS": ""}) == []  # a published build writes none


def test_the_preview_page_marks_the_draft(build_site):
    site = build_site(POSTS, SHARE_PREVIEW_PAGE=True)
    page = site.soup("cards/preview/index.html")
    posts = {s.h2.get_text(" ", strip=True): s for s in page.select(".card-preview-post")}

    assert set(posts) == {"Draft A thought for later", "Keep small promises"}
    assert "card-preview-is-draft" in posts["Draft A thought for later"]["class"]
    assert "card-preview-is-draft" not in posts["Keep small promises"]["class"]
    assert "1 of them a draft" in page.find("main").p.get_text()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_preview_page_wears_the_site_colours(build_site, artifacts, scheme):
    site = build_site(POSTS, SHARE_PREVIEW_PAGE=True)
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page(color_scheme=scheme, viewport={"width": 1300, "height": 1200})
        page.goto(base + "/cards/preview/", wait_until="networkidle")
        colours = page.evaluate("""() => {
            const css = el => getComputedStyle(document.querySelector(el));
            return {page: css("body").backgroundColor, ink: css("body").color,
                    box: css(".platform-linkedin .pv-box").backgroundColor,
                    title: css(".platform-linkedin .pv-title").color,
                    band: css(".platform-facebook .pv-text").backgroundColor,
                    surface: getComputedStyle(document.documentElement)
                        .getPropertyValue("--surface").trim()};
        }""")
        assert colours["box"] == colours["page"] and colours["title"] == colours["ink"]
        assert colours["band"] != "rgb(240, 242, 245)"  # not Facebook's grey: the site's
        assert page.locator(".card-preview-draft").inner_text().lower() == "draft"
        assert page.locator(".card-preview-draft").is_visible()
        if AXE_JS.is_file():
            page.add_script_tag(path=str(AXE_JS))
            found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: "tag",
                values: ["wcag2a", "wcag2aa"]}})).violations.map(v => v.id)""")
            assert found == []
        page.screenshot(path=str(artifacts / f"share-preview-{scheme}.png"), full_page=True)
