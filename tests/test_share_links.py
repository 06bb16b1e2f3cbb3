"""Share links: each network's URL decoded with urllib.parse and compared field by field."""

from urllib.parse import parse_qs, urlsplit

import pytest
from thoughtful.share.links import NETWORKS, share_links, share_url

TITLE = "Små löften & «tillit» — 小さな約束 #1?"
URL = "https://blog.example/essays/2024/05/sm%C3%A5-l%C3%B6ften/"


def decoded(link: str) -> tuple[str, str, str, dict[str, list[str]]]:
    parts = urlsplit(link)
    return parts.scheme, parts.netloc, parts.path, parse_qs(parts.query, strict_parsing=True)


@pytest.mark.parametrize(
    ("network", "scheme", "host", "path", "query"),
    [
        ("x", "https", "x.com", "/intent/tweet",
         {"text": [TITLE], "url": [URL], "via": ["smalllessons"]}),
        ("facebook", "https", "www.facebook.com", "/sharer/sharer.php", {"u": [URL]}),
        ("linkedin", "https", "www.linkedin.com", "/sharing/share-offsite/", {"url": [URL]}),
        ("mastodon", "https", "share.joinmastodon.org", "/", {"text": [f"{TITLE} {URL}"]}),
        ("bluesky", "https", "bsky.app", "/intent/compose", {"text": [f"{TITLE} {URL}"]}),
        ("reddit", "https", "www.reddit.com", "/submit", {"url": [URL], "title": [TITLE]}),
        ("hackernews", "https", "news.ycombinator.com", "/submitlink", {"u": [URL], "t": [TITLE]}),
        ("email", "mailto", "", "", {"subject": [TITLE], "body": [URL]}),
    ],
)
def test_each_network_gets_the_title_and_url_back_exactly(network, scheme, host, path, query):
    link = share_url(network, TITLE, URL, via="smalllessons")
    assert decoded(link) == (scheme, host, path, query)
    assert " " not in link and "&amp;" not in link and "+" not in link.split("?", 1)[1]


def test_mastodon_uses_the_configured_instance():
    link = share_url("mastodon", TITLE, URL, instance="mastodon.social")
    assert decoded(link) == ("https", "mastodon.social", "/share", {"text": [f"{TITLE} {URL}"]})


def test_links_have_names_for_screen_readers_in_the_configured_order():
    links = share_links(["email", "x"], TITLE, URL)
    assert [(link["id"], link["label"]) for link in links] == [
        ("email", "Share by Email"), ("x", "Share on X")]
    assert set(NETWORKS) == {"x", "facebook", "linkedin", "mastodon", "bluesky", "reddit",
                             "hackernews", "email"}


def test_a_built_post_links_to_its_absolute_url_under_a_siteurl_with_a_path(build_site):
    site = build_site(
        {"posts/promise.md": f"Title: {TITLE}\nDate: 2024-05-02\nSlug: små-löften\n\nText.\n"},
        SITEURL="https://blog.example/essays", RELATIVE_URLS=False,
        SHARE_SITE_X="smalllessons", SHARE_MASTODON_INSTANCE="mastodon.social",
    )
    (page,) = [p for p in site.output.glob("2024/05/*/index.html")]
    soup = site.soup(str(page.relative_to(site.output)))
    hrefs = {a["class"][1].removeprefix("share-"): a["href"]
             for a in soup.select("a.share-link")}
    canonical = soup.find("link", rel="canonical")["href"]

    assert canonical.startswith("https://blog.example/essays/2024/05/")
    assert set(hrefs) == set(NETWORKS)
    for network, href in hrefs.items():
        expected = share_url(network, TITLE, canonical, via="smalllessons",
                             instance="mastodon.social")
        assert decoded(href) == decoded(expected)
    assert parse_qs(urlsplit(hrefs["x"]).query)["url"] == [canonical]
    for a in soup.select("a.share-link"):
        assert a["aria-label"].startswith("Share") and a.img["alt"] == ""
        assert a.img["src"].startswith("https://blog.example/essays/theme/icons/share/")
