"""The theme, seen by a reader and a crawler: real fixture sites built with Pelican.

These builds switch the plugin halves off (``PLUGINS=[]``) so what is checked
here is the theme alone; tests/test_sample_site.py builds the whole thing.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from PIL import Image

THEME_CSS = Path(__file__).resolve().parent.parent / "theme" / "static" / "css"
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def post(title: str, date: str, body: str = "A paragraph of the essay.", **meta: str) -> str:
    """Markdown source of a post: ``post("Hi", "2024-01-04 09:00", Tags="a, b")``."""
    lines = [f"Title: {title}", f"Date: {date}"]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


# The theme's pages; sitemap.xml and robots.txt belong to the crawler side and its tests.
READER_PAGES = ["index", "archives", "categories", "tags", "authors", "404"]


def theme_only(build_site, files: dict[str, str | bytes], **settings):
    """Build ``files`` with the project's settings but none of the plugin halves."""
    return build_site(files, PLUGINS=[], DIRECT_TEMPLATES=READER_PAGES, **settings)


def html_files(site) -> list[str]:
    return sorted(str(p.relative_to(site.output)) for p in site.output.rglob("*.html"))


def resolve(page: str, href: str) -> str:
    """Output path a relative link on ``page`` points at (``x/`` means ``x/index.html``)."""
    target = urlparse(urljoin("http://site/" + page, href)).path.lstrip("/")
    return target + "index.html" if target.endswith("/") or not target else target


def titles(soup, selector: str) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(selector)]


@pytest.fixture
def small_site(build_site):
    """Three posts in two categories, a page and a draft."""
    return theme_only(
        build_site,
        {
            "posts/one.md": post(
                "Thoughtful Thursday: One",
                "2024-03-07 08:00",
                "Lead.\n\n## A section\n\nText.\n\n### A smaller one\n\nMore.",
                Category="Thoughtful Thursday",
                Tags="habits, trust",
                Summary="The first summary.",
            ),
            "posts/two.md": post(
                "Thoughtful Thursday: Two",
                "2024-04-04 08:00",
                Category="Thoughtful Thursday",
                Tags="habits",
                Summary="The second summary.",
            ),
            "posts/note.md": post(
                "A note", "2023-12-01 10:00", Category="Notes", Summary="A short note."
            ),
            "posts/wip.md": post(
                "Unfinished thoughts", "2024-04-11 08:00", Category="Notes", Status="draft"
            ),
            "pages/about.md": "Title: About\nSlug: about\n\nWho writes this.\n",
        },
    )


def test_every_page_has_landmarks_a_skip_link_one_h1_and_headings_in_order(small_site):
    pages = html_files(small_site)
    assert "index.html" in pages and "404.html" in pages and "about/index.html" in pages

    for name in pages:
        soup = small_site.soup(name)
        assert soup.find("header", class_="site-header"), name
        assert soup.find("nav", attrs={"aria-label": "Site"}), name
        assert soup.find("footer", class_="site-footer"), name
        assert len(soup.find_all("main")) == 1, name
        skip = soup.find("a", class_="skip-link")
        assert skip is not None and skip is soup.body.find("a"), f"{name}: skip link comes first"
        assert soup.find(id=skip["href"].lstrip("#")).name == "main", name
        assert len(soup.find_all("h1")) == 1, f"{name}: exactly one h1"
        levels = [int(h.name[1]) for h in soup.find_all(HEADINGS)]
        assert levels[0] == 1, name
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], f"{name}: heading levels skip {jumps}"
        assert soup.html["lang"] == "en"
        assert soup.find("link", rel="stylesheet", media="print"), f"{name}: print stylesheet"


def test_titles_are_escaped_everywhere_and_only_content_is_rendered_as_html(build_site):
    title = "Bold <b>moves</b> & small steps"
    site = theme_only(
        build_site,
        {"posts/bold.md": post(title, "2024-05-02 10:00", "Some **strong** words.",
                               Summary="Why <i>tags</i> & ampersands stay text.")},
    )
    page_path = "2024/05/bold-moves-small-steps/index.html"
    raw = site.read(page_path)
    article = site.soup(page_path)

    assert article.h1.get_text() == title
    assert article.h1.find("b") is None
    assert "Bold &lt;b&gt;moves&lt;/b&gt; &amp; small steps" in raw
    assert article.title.get_text().startswith(title)
    assert article.select_one(".post-body strong").get_text() == "strong"

    home = site.soup("index.html")
    assert home.select_one(".summary h2 a").get_text() == title
    assert home.select_one(".summary h2 b") is None


def test_home_page_shows_summaries_and_pages_link_to_each_other(build_site):
    files = {
        f"posts/p{n}.md": post(
            f"Essay number {n}", f"2024-01-{n:02d} 08:00", Summary=f"Summary of essay {n}."
        )
        for n in range(1, 6)
    }
    site = theme_only(build_site, files, DEFAULT_PAGINATION=2)

    seen, page, pages_visited = [], "index.html", []
    while page:
        soup = site.soup(page)
        pages_visited.append(page)
        for item in soup.select("article.summary"):
            seen.append(item.h2.get_text(strip=True))
            assert item.select_one(".summary-text").get_text(strip=True).startswith("Summary of")
            assert item.select_one("time[datetime]")
        nxt = soup.select_one('.pagination a[rel="next"]')
        if nxt:
            following = resolve(page, nxt["href"])
            back = site.soup(following).select_one('.pagination a[rel="prev"]')
            assert resolve(following, back["href"]) == page
        page = resolve(page, nxt["href"]) if nxt else None

    assert pages_visited == ["index.html", "page/2/index.html", "page/3/index.html"]
    assert seen == [f"Essay number {n}" for n in range(5, 0, -1)]
    assert "Page 2 of 3" in site.soup("page/2/index.html").select_one(".pagination").get_text()


def test_list_pages_name_exactly_their_posts(small_site):
    s = small_site
    published = ["Thoughtful Thursday: Two", "Thoughtful Thursday: One", "A note"]

    assert titles(s.soup("index.html"), ".summary h2") == published
    assert titles(s.soup("archives/index.html"), ".archive-list a") == published
    assert titles(s.soup("archives/index.html"), "h2") == ["2024", "2023"]
    assert titles(s.soup("category/thoughtful-thursday/index.html"), ".summary h2") == published[:2]
    assert titles(s.soup("category/notes/index.html"), ".summary h2") == ["A note"]
    assert titles(s.soup("tag/habits/index.html"), ".summary h2") == published[:2]
    assert titles(s.soup("tag/trust/index.html"), ".summary h2") == ["Thoughtful Thursday: One"]
    assert titles(s.soup("author/maya-lindqvist/index.html"), ".summary h2") == published
    assert titles(s.soup("2024/index.html"), ".archive-list a") == published[:2]
    assert titles(s.soup("2024/03/index.html"), ".archive-list a") == ["Thoughtful Thursday: One"]
    assert s.soup("2024/03/index.html").h1.get_text() == "Essays from March 2024"

    categories = titles(s.soup("categories/index.html"), ".term-list a")
    assert categories == ["Notes", "Thoughtful Thursday"]
    assert titles(s.soup("tags/index.html"), ".term-list a") == ["habits", "trust"]
    assert titles(s.soup("authors/index.html"), ".term-list a") == ["Maya Lindqvist"]
    # The draft is written to drafts/ but no list links to it.
    assert s.exists("drafts/unfinished-thoughts/index.html")
    for name in html_files(s):
        if not name.startswith("drafts/"):
            assert "Unfinished thoughts" not in s.read(name), name


def test_article_shows_date_author_category_tags_and_reading_time(build_site):
    body = " ".join(["word"] * 450)
    site = theme_only(
        build_site,
        {"posts/a.md": post("Long one", "2024-02-01 08:00", body, Category="Notes", Tags="craft")},
    )
    soup = site.soup("2024/02/long-one/index.html")
    meta = soup.select_one(".post-header .post-meta")

    assert meta.time["datetime"].startswith("2024-02-01T08:00:00")
    assert meta.time.get_text() == "1 February 2024"
    assert titles(meta, "a") == ["Maya Lindqvist", "Notes"]
    assert "3 min read" in meta.get_text()
    assert titles(soup, ".tag-list a") == ["craft"]
    assert resolve("2024/02/long-one/index.html", soup.select_one(".tag-list a")["href"]) == (
        "tag/craft/index.html"
    )


def test_series_box_lists_parts_oldest_first_and_marks_this_one(build_site):
    files = {
        f"posts/{n}.md": post(f"Part {n}", f"2024-01-{n:02d} 08:00", Series="Learning in Public")
        for n in (3, 1, 2)
    }
    files["posts/other.md"] = post("Not in it", "2024-01-05 08:00")
    files["posts/draft.md"] = post(
        "Part 4 draft", "2024-01-06 08:00", Series="Learning in Public", Status="draft"
    )
    site = theme_only(build_site, files)

    middle = site.soup("2024/01/part-2/index.html")
    box = middle.select_one("nav.series")
    assert "Learning in Public" in box.h2.get_text() and "part 2 of 3" in box.h2.get_text()
    assert titles(box, "ol a") == ["Part 1", "Part 2", "Part 3"]
    assert box.select_one('[aria-current="page"]').get_text() == "Part 2"
    assert box.select_one('a[rel="prev"]')["href"].endswith("part-1/")
    assert box.select_one('a[rel="next"]')["href"].endswith("part-3/")

    first = site.soup("2024/01/part-1/index.html").select_one("nav.series")
    assert first.select_one('a[rel="prev"]') is None
    assert site.soup("2024/01/not-in-it/index.html").select_one("nav.series") is None


def test_figure_with_caption_keeps_alt_text(build_site, tmp_path):
    body = (
        '<figure markdown="1">\n'
        "![Three bars, the middle one tallest]({static}/images/chart.png)\n"
        '<figcaption markdown="span">A **small** chart.</figcaption>\n'
        "</figure>\n"
    )
    png = io.BytesIO()
    Image.new("RGB", (30, 20), "#8f3a12").save(png, "PNG")
    files = {"posts/fig.md": post("Chart", "2024-01-01 08:00", body)}
    site = theme_only(build_site, {**files, "images/chart.png": png.getvalue()})
    figure = site.soup("2024/01/chart/index.html").select_one(".post-body figure")

    assert figure.img["alt"] == "Three bars, the middle one tallest"
    assert resolve("2024/01/chart/index.html", figure.img["src"]) == "images/chart.png"
    assert site.exists("images/chart.png")
    assert figure.figcaption.get_text() == "A small chart."


def test_code_is_highlighted_and_styled_for_both_schemes(build_site):
    body = "```python\ndef greet(name):\n    return f'hi {name}'\n```"
    site = theme_only(build_site, {"posts/code.md": post("Code", "2024-01-01 08:00", body)})
    soup = site.soup("2024/01/code/index.html")

    assert soup.select_one(".post-body .highlight pre code span.k").get_text() == "def"
    links = soup.select("link[rel=stylesheet]")
    sheets = [resolve("2024/01/code/index.html", link["href"]) for link in links]
    assert "theme/css/pygments.css" in sheets
    css = site.read("theme/css/pygments.css")
    assert "@media (prefers-color-scheme: light)" in css
    assert "@media (prefers-color-scheme: dark)" in css


def test_404_page_links_from_the_site_root(small_site):
    soup = small_site.soup("404.html")

    assert soup.h1.get_text() == "Page not found"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # Served at any missing address, so no link may be relative to its own place.
    for tag, attr in (("a", "href"), ("link", "href")):
        for el in soup.find_all(tag):
            assert el[attr].startswith(("/", "#")), f"{el[attr]} is relative"


def test_no_page_loads_anything_from_another_host_or_runs_inline_code(small_site):
    for name in html_files(small_site):
        soup = small_site.soup(name)
        for el in soup.find_all(["script", "img", "iframe", "source", "link", "video", "audio"]):
            url = el.get("src") or (el.get("href") if el.name == "link" else None)
            if url and not (el.name == "link" and el.get("rel") in (["alternate"], ["canonical"])):
                assert not re.match(r"^(https?:)?//", url), f"{name}: {el.name} from {url}"
        assert soup.find("script") is None, f"{name}: the theme needs no script"
        assert soup.find("style") is None and soup.find(style=True) is None, name
        handlers = [a for el in soup.find_all(True) for a in el.attrs if a.startswith("on")]
        assert handlers == [], f"{name}: inline event handlers {handlers}"
    for css in THEME_CSS.glob("*.css"):
        assert "@import" not in css.read_text() and "@font-face" not in css.read_text(), css.name


# ---- Colour contrast (WCAG 2.x AA) -----------------------------------------------


def luminance(hex_colour: str) -> float:
    """Relative luminance of ``#rgb`` or ``#rrggbb``, as WCAG defines it."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def scheme_colours(css: str) -> dict[str, dict[str, str]]:
    """The custom properties of site.css: ``{"light": {...}, "dark": {...}}``."""
    light_block = re.search(r":root\s*{(.*?)}", css, re.S).group(1)
    dark_rule = r"prefers-color-scheme:\s*dark\)\s*{\s*:root\s*{(.*?)}"
    dark_block = re.search(dark_rule, css, re.S).group(1)

    def props(block: str) -> dict[str, str]:
        return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", block))

    light = props(light_block)
    return {"light": light, "dark": {**light, **props(dark_block)}}


TEXT_PAIRS = [  # (text, background) pairs the theme actually puts together
    ("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("link-visited", "bg"),
    ("fg", "surface"), ("muted", "surface"), ("link", "surface"), ("bg", "fg"), ("fg", "mark"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_theme_colours_reach_aa_contrast(scheme):
    colours = scheme_colours((THEME_CSS / "site.css").read_text())[scheme]

    for text, background in TEXT_PAIRS:
        ratio = contrast(colours[text], colours[background])
        assert ratio >= 4.5, f"{scheme}: --{text} on --{background} is {ratio:.2f}:1"
    # The focus ring is not text: 3:1 against the page is the AA bar (WCAG 1.4.11).
    assert contrast(colours["focus"], colours["bg"]) >= 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_colours_reach_aa_contrast(scheme):
    css = (THEME_CSS / "pygments.css").read_text()
    block = css.split(f"@media (prefers-color-scheme: {scheme})", 1)[1].split("@media", 1)[0]
    background = re.search(r"\.highlight \{ background: (#[0-9a-fA-F]{3,6})", block).group(1)
    rule = r"(\.highlight \.\w+) \{ color: (#[0-9a-fA-F]{3,6})[^}]*\} /\* ([\w.]+)"
    rules = re.findall(rule, block)
    assert len(rules) > 20, "no token colours found"
    for selector, colour, token in rules:
        if token.startswith(("Text.Whitespace", "Error")):
            continue
        ratio = contrast(colour, background)
        assert ratio >= 4.5, f"{scheme}: {selector} ({token}) {colour} is {ratio:.2f}:1"
