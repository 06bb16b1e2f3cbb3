"""Share meta as a crawler reads it: Open Graph, X and JSON-LD, read back with extruct."""

import json
from collections import defaultdict

import extruct
import pytest

SITEURL = "https://blog.example/essays"

POST = """Title: Keep small promises
Date: 2024-05-02 10:00
Modified: 2024-05-09 18:30
Category: Thoughtful Thursday
Tags: habits, trust
Series: Small things
Summary: Trust is built from <em>small</em> promises &amp; kept ones.

The body's first paragraph.

More words here.
"""

HOSTILE = """\
Title: "Quotes" & <b>tags</b> </script><script>alert(1)</script> 😀 小さな約束 שלום {long}
Date: 2024-06-06 09:00
Category: Notes
Slug: hostile

She said "yes" &amp; then <i>left</i> </script><script>alert(2)</script> — 約束 שלום.
"""


def og(html: str, url: str) -> dict[str, list[str]]:
    """Open Graph properties (each with all its values) as extruct reads them."""
    data = extruct.extract(html, base_url=url, syntaxes=["opengraph"], uniform=False)
    props = defaultdict(list)
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            props[key].append(value)
    return props


def jsonld_items(html: str, url: str) -> list[dict]:
    """Every JSON-LD object of a page, as extruct reads them."""
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)["json-ld"]


def jsonld(html: str, url: str) -> dict[str, dict]:
    """The page's JSON-LD objects by @type (the first of each)."""
    found: dict[str, dict] = {}
    for item in jsonld_items(html, url):
        found.setdefault(item["@type"], item)
    return found


def named_meta(site, path: str) -> dict[str, str]:
    """<meta name=...> values of a page (twitter:*, description, fediverse:creator)."""
    return {m["name"]: m["content"] for m in site.soup(path).find_all("meta", attrs={"name": True})}


@pytest.fixture
def site(build_site):
    return build_site(
        {"posts/promises.md": POST, "pages/about.md": "Title: About\n\nWho writes here.\n"},
        SITEURL=SITEURL,
        RELATIVE_URLS=False,
        SHARE_SITE_X="@smalllessons",
        SHARE_AUTHORS={"Maya Lindqvist": {"url": "about/", "x": "maya",
                                          "mastodon": "@maya@social.example",
                                          "bluesky": "maya.example"}},
    )


def test_article_open_graph_matches_the_post_field_by_field(site):
    url = f"{SITEURL}/2024/05/keep-small-promises/"
    props = og(site.read("2024/05/keep-small-promises/index.html"), url)

    assert props["og:title"] == ["Keep small promises"]
    assert props["og:type"] == ["article"]
    assert props["og:url"] == [url]
    assert props["og:description"] == ["Trust is built from small promises & kept ones."]
    assert props["og:site_name"] == ["Small Lessons"]
    assert props["og:locale"] == ["en_US"]
    (image,) = props["og:image"]
    assert image.startswith(f"{SITEURL}/cards/") and image.endswith(".png")
    assert site.exists(image.removeprefix(SITEURL + "/"))
    assert props["og:image:width"] == ["1200"] and props["og:image:height"] == ["630"]
    assert props["og:image:type"] == ["image/png"]
    assert props["og:image:alt"] == ["Keep small promises"]
    assert props["article:published_time"] == ["2024-05-02T10:00:00+02:00"]
    assert props["article:modified_time"] == ["2024-05-09T18:30:00+02:00"]
    assert props["article:author"] == [f"{SITEURL}/about/"]
    assert props["article:section"] == ["Thoughtful Thursday"]
    assert props["article:tag"] == ["habits", "trust"]


def test_x_card_canonical_and_fediverse_creator_come_from_the_author_record(site):
    path = "2024/05/keep-small-promises/index.html"
    meta = named_meta(site, path)
    props = og(site.read(path), SITEURL)

    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:title"] == "Keep small promises"
    assert meta["twitter:description"] == props["og:description"][0]
    assert meta["twitter:image"] == props["og:image"][0]
    assert meta["twitter:image:alt"] == "Keep small promises"
    assert meta["twitter:site"] == "@smalllessons"
    assert meta["twitter:creator"] == "@maya"
    assert meta["fediverse:creator"] == "@maya@social.example"
    assert meta["description"] == props["og:description"][0]
    canonical = site.soup(path).find("link", rel="canonical")["href"]
    assert canonical == f"{SITEURL}/2024/05/keep-small-promises/"


def test_json_ld_blog_posting_and_breadcrumbs(site):
    url = f"{SITEURL}/2024/05/keep-small-promises/"
    ld = jsonld(site.read("2024/05/keep-small-promises/index.html"), url)
    post = ld["BlogPosting"]

    assert post["headline"] == "Keep small promises"
    assert post["description"] == "Trust is built from small promises & kept ones."
    assert post["datePublished"] == "2024-05-02T10:00:00+02:00"
    assert post["dateModified"] == "2024-05-09T18:30:00+02:00"
    assert post["mainEntityOfPage"]["@id"] == url
    assert post["image"] == og(site.read("2024/05/keep-small-promises/index.html"), url)[
        "og:image"][0]
    assert post["keywords"] == ["habits", "trust"]
    assert post["wordCount"] == 7  # "The body's first paragraph. More words here."
    assert post["isPartOf"] == {"@type": "CreativeWorkSeries", "name": "Small things"}
    (author,) = post["author"]
    assert author["name"] == "Maya Lindqvist"
    assert author["url"] == f"{SITEURL}/about/"
    assert author["sameAs"] == ["https://x.com/maya", "https://social.example/@maya",
                                "https://bsky.app/profile/maya.example"]
    assert post["publisher"]["name"] == "Small Lessons"
    trail = [(i["position"], i["name"], i["item"]) for i in ld["BreadcrumbList"]["itemListElement"]]
    assert trail == [(1, "Small Lessons", f"{SITEURL}/"),
                     (2, "Thoughtful Thursday", f"{SITEURL}/category/thoughtful-thursday/"),
                     (3, "Keep small promises", url)]


def test_a_post_with_comments_is_one_json_ld_entity(build_site):
    comment = "Author: Ana\nDate: 2024-05-03 08:00\n\nKept.\n"
    site = build_site({"posts/promises.md": POST,
                       "comments/2024/05/keep-small-promises/a.md": comment},
                      PLUGINS=["thoughtful.share", "thoughtful.comments"], SITEURL=SITEURL,
                      THOUGHTFUL_COMMENTS_EMAIL="maya@example.org")
    url = f"{SITEURL}/2024/05/keep-small-promises/"
    items = jsonld_items(site.read("2024/05/keep-small-promises/index.html"), url)

    [post] = [i for i in items if i["@type"] == "BlogPosting"]
    assert post["@id"] == f"{url}#post" and post["headline"] == "Keep small promises"
    assert post["commentCount"] == 1
    assert post["comment"][0]["@id"] == f"{url}#comment-a"
    assert post["comment"][0]["author"]["name"] == "Ana"


def test_without_the_share_half_the_comments_describe_the_same_entity(build_site):
    site = build_site({"posts/promises.md": POST}, PLUGINS=["thoughtful.comments"],
                      SITEURL=SITEURL, THOUGHTFUL_COMMENTS_EMAIL="maya@example.org")
    url = f"{SITEURL}/2024/05/keep-small-promises/"
    [post] = jsonld_items(site.read("2024/05/keep-small-promises/index.html"), url)
    assert post["@id"] == f"{url}#post" and post["commentCount"] == 0


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("index.html", "Small Lessons"),
        ("category/thoughtful-thursday/index.html", "Thoughtful Thursday"),
        ("tag/habits/index.html", "Posts tagged habits"),
        ("author/maya-lindqvist/index.html", "Posts by Maya Lindqvist"),
        ("archives/index.html", "Archives"),
        ("2024/index.html", "Posts from 2024"),
        ("2024/05/index.html", "Posts from 2024 May"),
        ("about/index.html", "About"),
    ],
)
def test_every_page_has_the_required_open_graph_tags(site, path, title):
    url = f"{SITEURL}/{path.removesuffix('index.html')}"
    props = og(site.read(path), url)

    assert props["og:title"] == [title]
    assert props["og:type"] == ["website"]
    assert props["og:url"] == [url]
    assert props["og:image"][0].startswith(f"{SITEURL}/cards/")
    assert site.exists(props["og:image"][0].removeprefix(SITEURL + "/"))
    assert named_meta(site, path)["twitter:card"] == "summary_large_image"


def test_home_page_describes_the_web_site(site):
    ld = jsonld(site.read("index.html"), SITEURL)
    assert ld["WebSite"]["name"] == "Small Lessons"
    assert ld["WebSite"]["url"] == f"{SITEURL}/"


def test_paginated_index_pages_have_their_own_url_and_title(build_site):
    posts = {f"posts/p{i}.md": f"Title: Post {i}\nDate: 2024-01-{i + 1:02d}\n\nText {i}.\n"
             for i in range(10)}
    site = build_site(posts, SITEURL=SITEURL, RELATIVE_URLS=False, DEFAULT_PAGINATION=4)

    props = og(site.read("page/2/index.html"), SITEURL)
    assert props["og:url"] == [f"{SITEURL}/page/2/"]
    assert props["og:title"] == ["Small Lessons (page 2)"]


def test_a_hidden_post_is_shared_as_the_article_it_is(build_site):
    hidden = "Title: Just for friends\nDate: 2024-02-02 09:00\nStatus: hidden\n\nA note.\n"
    site = build_site({"posts/note.md": hidden}, SITEURL=SITEURL, RELATIVE_URLS=False)

    props = og(site.read("2024/02/just-for-friends/index.html"), SITEURL)
    assert props["og:type"] == ["article"]
    assert props["og:title"] == ["Just for friends"]
    assert props["og:url"] == [f"{SITEURL}/2024/02/just-for-friends/"]


def test_hostile_title_and_summary_are_escaped_and_read_back_exactly(build_site):
    long = "x" * 300
    site = build_site({"posts/hostile.md": HOSTILE.format(long=long)})
    html = site.read("2024/06/hostile/index.html")
    expected_title = ('"Quotes" & <b>tags</b> </script><script>alert(1)</script> 😀 小さな約束 '
                      f"שלום {long}")

    head = html.split("</head>")[0]
    assert "<script>alert" not in head  # no text closes a script element or opens a tag
    assert "<b>tags" not in head
    props = og(html, "http://127.0.0.1:8000/")
    assert props["og:title"] == [expected_title]
    description = props["og:description"][0]
    # Markdown's smarty extension curls the quotes; the tags are gone, the text stays.
    assert description == "She said \u201cyes\u201d & then left alert(2) — 約束 שלום."
    for item in jsonld(html, "http://127.0.0.1:8000/").values():
        if item["@type"] == "BlogPosting":
            assert item["headline"] == expected_title
    raw_scripts = [s.string for s in site.soup("2024/06/hostile/index.html")
                   .find_all("script", type="application/ld+json")]
    assert all(json.loads(s) for s in raw_scripts)
    assert any("\\u003c/script\\u003e" in s for s in raw_scripts)


def test_post_naming_its_own_image_uses_it_with_real_size_and_gets_no_card(build_site):
    from io import BytesIO

    from PIL import Image

    picture = BytesIO()
    Image.new("RGB", (1000, 524), "teal").save(picture, "JPEG")
    post = ("Title: With a photo\nDate: 2024-02-01\nShare_image: {static}/images/photo.jpg\n"
            "Share_image_alt: A teal square\n\nText.\n")
    site = build_site({"posts/photo.md": post, "images/photo.jpg": picture.getvalue()})

    props = og(site.read("2024/02/with-a-photo/index.html"), "http://127.0.0.1:8000/")
    assert props["og:image"] == ["http://127.0.0.1:8000/images/photo.jpg"]
    assert props["og:image:width"] == ["1000"] and props["og:image:height"] == ["524"]
    assert props["og:image:type"] == ["image/jpeg"]
    assert props["og:image:alt"] == ["A teal square"]
    cards = list((site.output / "cards").glob("*.png"))
    assert len(cards) == 1  # the site card for index pages; none for the post


def test_share_half_off_leaves_the_basic_meta(build_site):
    site = build_site({"posts/a.md": "Title: A\nDate: 2024-01-01\n\nText.\n"},
                      PLUGINS=["thoughtful.site"])
    html = site.read("2024/01/a/index.html")
    assert 'property="og:title"' not in html
    assert not (site.output / "cards").exists()


def test_a_wrong_setting_is_reported_by_name(build_site):
    site = build_site({"posts/a.md": "Title: A\nDate: 2024-01-01\n\nText.\n"},
                      SHARE_NETWORKS=["x", "myspace"])
    assert any("SHARE_NETWORKS" in e and "myspace" in e for e in site.errors)
    assert site.exists("2024/01/a/index.html")
