"""The site check on small fixture folders: each planted breakage is reported, a clean site passes.

The fast checks (links, anchors, assets, feeds, share images, _headers) run here;
vnu and axe-core have their own files because they start java and Chromium.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from support.site import write_files

from sitetools.check import run_check

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://smalllessons.example"
FAST = ["html", "a11y"]  # skipped here: tested in test_check_html.py and test_check_a11y.py
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def page(
    title: str, body: str, *, og_type: str = "website", image: str = "", robots: str = ""
) -> str:
    """A small valid, accessible page with share meta, the way the theme writes one."""
    image = image or f"{SITE_URL}/images/card.png"
    robots_meta = f'<meta name="robots" content="{robots}">' if robots else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{robots_meta}
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{title}">
<meta property="og:image" content="{image}">
<meta name="twitter:image" content="{image}">
<link rel="stylesheet" href="{SITE_URL}/theme/css/site.css">
<link rel="alternate" type="application/atom+xml" title="Feed" href="{SITE_URL}/feeds/all.atom.xml">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<nav aria-label="Site"><a href="/">Home</a> <a href="/category/notes/">Notes</a></nav>
<main id="main">
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Small Lessons</title>
<link href="{SITE_URL}/" rel="alternate"/><id>{SITE_URL}/</id>
<updated>2024-01-04T10:00:00+01:00</updated>
<entry><title>Keep small promises</title><link href="{SITE_URL}/2024/01/promises/" rel="alternate"/>
<id>{SITE_URL}/2024/01/promises/</id><updated>2024-01-04T10:00:00+01:00</updated>
<summary>Why small promises matter.</summary></entry>
</feed>
"""


def write_clean_site(folder: Path) -> Path:
    """A built-looking site with a home page, an article, a category page, 404, a feed."""
    write_files(
        folder,
        {
            "index.html": page(
                "Small Lessons", '<p><a href="2024/01/promises/#why">Keep small promises</a></p>'
            ),
            "2024/01/promises/index.html": page(
                "Keep small promises",
                '<h2 id="why">Why</h2><p>Because.</p>'
                '<img src="../../../images/photo.png" '
                'srcset="/images/photo.png 1x, /images/photo.png 2x" '
                'alt="A kept promise" width="1" height="1">',
                og_type="article",
            ),
            "category/notes/index.html": page(
                "Notes", f'<p><a href="{SITE_URL}/2024/01/promises/">Promises</a></p>'
            ),
            "404.html": page(
                "Page not found", '<p><a href="/">Home page</a></p>', robots="noindex"
            ),
            "feeds/all.atom.xml": FEED,
            # Targets of at least 24px keep the axe audit (WCAG 2.2 target size) clean.
            "theme/css/site.css": "body { background: url(../img/paper.png); }\n"
            "a { display: inline-block; min-height: 24px; min-width: 24px; padding: 4px; }\n",
            "theme/img/paper.png": PNG,
            "images/photo.png": PNG,
            "images/card.png": PNG,
            "_headers": "/*\n  Content-Security-Policy: default-src 'self'\n"
            "  X-Content-Type-Options: nosniff\n",
        },
    )
    return folder


@pytest.fixture
def site(tmp_path) -> Path:
    return write_clean_site(tmp_path / "site")


def problems(folder: Path, check: str, **options) -> list[str]:
    report = run_check(folder, site_url=SITE_URL, skip=FAST, **options)
    return [f"{p.file}: {p.message}" for p in report.of(check)]


def test_a_clean_site_passes_every_fast_check(site):
    report = run_check(site, site_url=SITE_URL, skip=FAST, require_headers=True)

    assert report.ok, report.format()
    assert report.ran == ["links", "feeds", "share", "headers"]
    assert report.format().endswith("site check passed")


def test_a_broken_link_is_reported_with_the_page_and_the_url(site):
    index = site / "index.html"
    index.write_text(index.read_text().replace("2024/01/promises/#why", "2024/01/gone/"))

    assert problems(site, "links") == ["index.html: broken link: 2024/01/gone/ (<a href> line 20)"]


def test_a_missing_anchor_is_reported(site):
    index = site / "index.html"
    index.write_text(index.read_text().replace("#why", "#because"))

    assert problems(site, "links") == [
        "index.html: missing anchor: 2024/01/promises/#because (<a href> line 20)"
    ]


def test_missing_images_are_reported_from_src_srcset_and_css(site):
    (site / "images" / "photo.png").unlink()
    (site / "theme" / "img" / "paper.png").unlink()

    found = problems(site, "links")

    article = "2024/01/promises/index.html"
    assert found == [
        f"{article}: missing asset: ../../../images/photo.png (<img src> line 20)",
        f"{article}: missing asset: /images/photo.png (<img srcset> line 20)",
        f"{article}: missing asset: /images/photo.png (<img srcset> line 20)",
        "theme/css/site.css: missing asset: ../img/paper.png (url() in stylesheet)",
    ]


def test_absolute_links_to_the_site_url_are_checked_against_files(site):
    category = site / "category" / "notes" / "index.html"
    category.write_text(category.read_text().replace("2024/01/promises/", "2024/01/elsewhere/"))

    found = problems(site, "links")

    assert found == [
        f"category/notes/index.html: broken link: {SITE_URL}/2024/01/elsewhere/ (<a href> line 20)"
    ]
    # Links to other sites are not this check's business.
    assert run_check(site, site_url="https://other.example", skip=FAST).of("links") == []


def test_a_feed_that_does_not_parse_is_reported(site):
    feed = site / "feeds" / "all.atom.xml"
    feed.write_text(FEED.replace("</entry>", "</entri>"))

    found = problems(site, "feeds")

    assert len(found) == 1
    assert found[0].startswith("feeds/all.atom.xml: does not parse: ")


def test_share_images_must_be_present_and_absolute(site):
    index, article = site / "index.html", site / "2024/01/promises/index.html"
    index.write_text(index.read_text().replace(f"{SITE_URL}/images/card.png", "/images/card.png"))
    article.write_text(
        article.read_text().replace('<meta property="og:image"', '<meta property="x"')
    )
    (site / "category/notes/index.html").write_text(
        page("Notes", "<p>Notes.</p>", image=f"{SITE_URL}/cards/missing.png")
    )

    assert problems(site, "share") == [
        "2024/01/promises/index.html: no og:image: platforms will show no picture",
        "category/notes/index.html: og:image points at a missing file: "
        f"{SITE_URL}/cards/missing.png",
        "category/notes/index.html: twitter:image points at a missing file: "
        f"{SITE_URL}/cards/missing.png",
        "index.html: og:image is not an absolute http(s) URL: /images/card.png",
        "index.html: twitter:image is not an absolute http(s) URL: /images/card.png",
    ]


def test_drag_and_drop_hosts_need_a_headers_file(site):
    (site / "_headers").unlink()

    assert problems(site, "headers", require_headers=True) == [
        "_headers: missing: the host would serve the site without a CSP"
    ]
    assert problems(site, "headers") == []  # only checked when the target reads it


def test_a_real_pelican_build_passes_links_and_feeds(build_site):
    post = "Title: Keep small promises\nDate: 2024-01-04 10:00\nCategory: Notes\n\n[Top](#top)\n"
    built = build_site(
        {"posts/promises.md": post, "pages/about.md": "Title: About\n\nAbout me.\n"},
        base="publishconf.py",
        SITEURL=SITE_URL,
        FEED_DOMAIN=SITE_URL,
    )

    report = run_check(built.output, site_url=SITE_URL, skip=["html", "a11y", "share"])

    assert report.ok, report.format()
    assert (built.output / "feeds" / "all.atom.xml").is_file()


def test_invoke_check_prints_a_report_and_exits_non_zero_on_a_problem(site):
    (site / "images" / "photo.png").unlink()
    command = [
        sys.executable,
        "-m",
        "invoke",
        "check",
        "--path",
        str(site),
        "--skip-vnu",
        "--skip-a11y",
    ]

    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    assert done.returncode == 1
    assert "[links] 3 problem(s)" in done.stdout
    assert "missing asset: ../../../images/photo.png" in done.stdout
    assert "site check FAILED: 3 problem(s)" in done.stdout
    assert "[html] skipped" in done.stdout


def test_unknown_checks_and_unbuilt_folders_are_clear_errors(tmp_path, site):
    with pytest.raises(ValueError, match="unknown check"):
        run_check(site, skip=["spelling"])
    with pytest.raises(FileNotFoundError, match="build the site first"):
        run_check(tmp_path / "nowhere")
