"""What feed readers and crawlers see: feeds, sitemap.xml, robots.txt, canonical links.

Production builds use publishconf.py (absolute SITEURL, feeds on); the
development build (pelicanconf.py) keeps relative URLs and no feeds.
"""

import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest

SITEURL = "https://blog.test"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def article(title: str, day: int, category: str, extra: str = "") -> str:
    return (
        f"Title: {title}\nDate: 2024-05-{day:02d} 09:00\nCategory: {category}\n"
        f"Summary: About {title}.\n{extra}\nBody of {title}.\n"
    )


FILES = {
    "posts/one.md": article("One", 2, "Thoughtful Thursday"),
    "posts/two.md": article("Two", 9, "Thoughtful Thursday", "Modified: 2024-06-01 12:30\n"),
    "posts/three.md": article("Three", 16, "Craft"),
    "posts/wip.md": article("Not yet", 20, "Craft", "Status: draft\n"),
    "pages/about.md": "Title: About\n\nWho writes here.\n",
}


@pytest.fixture
def production(build_site):
    return build_site(FILES, base="publishconf.py", SITEURL=SITEURL, FEED_DOMAIN=SITEURL)


def feed(site, path: str):
    parsed = feedparser.parse(site.read(path))
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("path", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_the_all_posts_feeds_list_every_published_post_with_absolute_links(production, path):
    parsed = feed(production, path)

    assert [e.title for e in parsed.entries] == ["Three", "Two", "One"]
    assert [e.link for e in parsed.entries] == [
        f"{SITEURL}/2024/05/three/",
        f"{SITEURL}/2024/05/two/",
        f"{SITEURL}/2024/05/one/",
    ]
    assert parsed.feed.title == "Small Lessons"
    assert parsed.feed.link.startswith(SITEURL)


@pytest.mark.parametrize(
    ("slug", "titles"),
    [("thoughtful-thursday", ["Two", "One"]), ("craft", ["Three"])],
)
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_each_category_has_its_own_atom_and_rss_feed(production, slug, titles, kind):
    parsed = feed(production, f"feeds/{slug}.{kind}.xml")

    assert [e.title for e in parsed.entries] == titles
    assert all(e.link.startswith(f"{SITEURL}/2024/05/") for e in parsed.entries)


def test_pages_link_to_the_feeds_and_name_their_canonical_url(production):
    page = production.soup("2024/05/two/index.html")

    feeds = {
        (link["type"], link["href"])
        for link in page.select('link[rel="alternate"]')
        if "/feeds/" in link["href"]
    }
    assert feeds == {
        ("application/atom+xml", f"{SITEURL}/feeds/all.atom.xml"),
        ("application/rss+xml", f"{SITEURL}/feeds/all.rss.xml"),
    }
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITEURL}/2024/05/two/"


def test_the_sitemap_lists_home_articles_and_pages_but_no_drafts(production):
    urlset = ET.fromstring(production.read("sitemap.xml").encode())

    locs = [url.findtext(f"{SM}loc") for url in urlset.findall(f"{SM}url")]
    assert locs[0] == f"{SITEURL}/"
    assert sorted(locs[1:]) == sorted(
        f"{SITEURL}/{path}" for path in ("2024/05/one/", "2024/05/two/", "2024/05/three/", "about/")
    )
    assert not any("drafts" in loc for loc in locs)


def test_sitemap_lastmod_is_full_iso_8601_with_offset_and_prefers_modified(production):
    urlset = ET.fromstring(production.read("sitemap.xml").encode())
    lastmod = {
        url.findtext(f"{SM}loc"): url.findtext(f"{SM}lastmod") for url in urlset.findall(f"{SM}url")
    }

    two = datetime.fromisoformat(lastmod[f"{SITEURL}/2024/05/two/"])
    assert (two.year, two.month, two.day, two.hour, two.minute) == (2024, 6, 1, 12, 30)
    assert two.utcoffset() is not None
    one = datetime.fromisoformat(lastmod[f"{SITEURL}/2024/05/one/"])
    assert one.isoformat() == "2024-05-02T09:00:00+02:00"
    # The home page changed when its newest content did.
    assert datetime.fromisoformat(lastmod[f"{SITEURL}/"]) == two


def test_robots_txt_points_to_the_absolute_sitemap_and_keeps_crawlers_out_of_drafts(production):
    lines = production.read("robots.txt").splitlines()

    assert "User-agent: *" in lines
    assert "Disallow: /drafts/" in lines
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines


def test_the_development_build_has_relative_urls_no_feeds_and_no_sitemap_line(build_site):
    site = build_site(FILES)

    assert not site.exists("feeds")
    assert "Sitemap:" not in site.read("robots.txt")
    page = site.soup("2024/05/two/index.html")
    assert not [link for link in page.select('link[rel="alternate"]') if "feeds/" in link["href"]]
    stylesheet = page.select_one('link[rel="stylesheet"]')["href"]
    assert not stylesheet.startswith(("http:", "https:", "/"))


def test_the_all_posts_feed_keeps_the_twenty_newest(build_site):
    files = {f"posts/p{i}.md": article(f"Post {i}", 1 + i, "Craft") for i in range(25)}
    files = {k: v.replace("2024-05-", "2024-01-") for k, v in files.items()}

    site = build_site(files, base="publishconf.py", SITEURL=SITEURL, FEED_DOMAIN=SITEURL)

    entries = feed(site, "feeds/all.atom.xml").entries
    assert len(entries) == 20
    assert entries[0].title == "Post 24"


def test_a_published_build_leaves_drafts_out_of_every_file(build_site):
    files = {**FILES, "pages/plans.md": "Title: Plans\nStatus: draft\n\nSecret plans.\n"}
    site = build_site(files, base="publishconf.py", SITEURL=SITEURL, FEED_DOMAIN=SITEURL,
                      PLUGINS=["thoughtful.site", "thoughtful.share", "thoughtful.comments"])

    assert not site.exists("drafts")
    for path in site.output.rglob("*"):
        if path.suffix in {".html", ".xml", ".txt"}:
            text = path.read_text(encoding="utf-8")
            assert "Not yet" not in text and "Secret plans" not in text, path
    assert site.errors == []
