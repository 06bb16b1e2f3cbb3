"""import-wordpress on a hand-written WordPress.com-shaped export: what lands in content/.

The fixture (tests/fixtures/wordpress/export.xml) has every status, both
editors, each shortcode, comment threads with spam/pending/trash/pingbacks and
personal data in every field it can hide in. Each test imports it into a fresh
fixture copy of a site and reads the files as the writer would.
"""

from __future__ import annotations

import re

import pytest
from fixtures.wordpress.site import EXISTING, import_into
from thoughtful.comments.store import read_post_comments, render_body, split_header, thread

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
FIXTURE_IPS = ["203.0.113.45", "198.51.100.7", "2001:db8::42", "192.0.2."]
POST = "posts/2019-06-01-keep-small-promises.md"
BLOCKS = "posts/2019-07-12-the-ten-minute-rule-2.md"


@pytest.fixture
def imported(tmp_path):
    """(content folder, report) after importing the fixture export with its media."""
    report = import_into(tmp_path)
    return tmp_path / "content", report


def meta_of(path):
    return split_header(path.read_text(encoding="utf-8"))


def all_text(folder):
    return {p: p.read_text(encoding="utf-8") for p in folder.rglob("*")
            if p.is_file() and p.suffix in (".md", ".txt", ".json")}


def test_every_item_and_comment_is_accounted_for(imported):
    content, report = imported
    totals = report.totals()
    assert totals["read"] == 19
    assert totals["read"] == sum(v for k, v in totals.items() if k != "read")
    assert totals["written"] == 12 and totals["skipped"] == 7
    assert report.comments_read == 16
    assert report.comments["skipped: media library entry (its file is used where a post "
                           "shows it)"] == 1  # a comment on an attachment page
    assert report.comments_read == sum(report.comments.values())
    assert report.comments["written"] == 9
    text = report.format()
    for skipped in ("post 109 (trash)", "attachment 201", "nav_menu_item 501", "wp_block 401",
                    "custom_css 502", "Contact-form responses: 1 skipped"):
        assert skipped in text
    assert (content.parent / "wordpress-import" / "report.txt").read_text() == text


def test_statuses_never_publish_anything_private(imported):
    content, report = imported
    drafts = {"posts/2020-02-10-drafttext-an-idea-about-notebooks-i-never-finished.md",
              "posts/2020-03-01-pending-review-post.md", "posts/2030-01-01-scheduled-post.md",
              "posts/2020-04-01-private-diary.md", "posts/2020-05-01-members-only.md"}
    for relative in drafts:
        meta, _ = meta_of(content / relative)
        assert meta["status"] == "draft", relative
        assert "aliases" not in meta  # no redirect to something unpublished
    texts = "\n".join(all_text(content.parent).values())
    assert "TRASHPOSTTEXT" not in texts
    assert "hunter2secret" not in texts and "hunter2secret" not in report.format()
    # Contact-form responses: never read, not even their title.
    for secret in ("FEEDBACKTEXT", "FEEDBACKTITLE", "quinn.visitor"):
        assert secret not in texts
    assert not list((content / "pages").glob("*custom*"))
    assert not (content / "pages/home.md").exists()
    # Comments on a private post stay private.
    assert "PRIVATECOMMENTTEXT" not in texts


def test_dates_are_the_same_instant_in_the_site_zone(imported):
    content, _ = imported
    # 23:30 on 31 May in Hawaii is 09:30 UTC on 1 June, 11:30 in Stockholm (CEST).
    assert meta_of(content / POST)[0]["date"] == "2019-06-01 11:30"
    # A never-published draft has 0000-00-00 as its UTC date: its local date is used.
    draft = content / "posts/2020-02-10-drafttext-an-idea-about-notebooks-i-never-finished.md"
    assert meta_of(draft)[0]["date"] == "2020-02-10 14:15"


def test_unicode_slugs_untitled_posts_and_collisions(imported):
    content, report = imported
    meta, _ = meta_of(content / "posts/2019-08-01-小さな-lessons.md")
    assert meta["slug"] == "小さな-lessons" and meta["title"] == "小さな lessons — Ünïcödé"
    # Pelican reads Summary: as Markdown: text that names a tag must stay text.
    assert meta["summary"] == "A hand-written excerpt about &lt;script&gt; tags &amp; more."
    untitled, _ = meta_of(content / "posts/2020-07-02-just-a-status-update-without-a-title.md")
    assert untitled["title"] == "Just a status update without a title."
    text = report.format()
    assert "had no title" in text and "had no slug" in text
    # The writer's own post and page with the same slugs are untouched; the imports renamed.
    for relative, body in EXISTING.items():
        assert (content / relative).read_text(encoding="utf-8") == body
    assert meta_of(content / BLOCKS)[0]["slug"] == "the-ten-minute-rule-2"
    assert meta_of(content / "pages/about-2.md")[0]["slug"] == "about-2"
    assert "slug 'the-ten-minute-rule' is taken here" in text
    assert "slug 'about' is taken here" in text


def test_classic_editor_body(imported):
    content, report = imported
    meta, body = meta_of(content / POST)
    assert "A promise kept in your head is a promise on loan.  \nWrite it down." in body
    assert meta["summary"].startswith("A promise kept in your head")  # text before <!--more-->
    assert "<!--more-->" not in body
    assert ('<figcaption>The notebook, <em>open</em>.</figcaption></figure>' in body)
    assert body.count('<figure class="gallery">') == 1
    for video in ("abc123XYZ_-", "def456UVW", "ghi789RST", "bare000URL"):
        assert f"(https://www.youtube.com/watch?v={video}" in body
    assert "(https://youtu.be/nested0001)" in body and "[column" not in body
    assert "(https://vimeo.com/76979871)" in body
    assert "<iframe" not in body and "<script" not in body and "alert(" not in body
    # Code keeps every character exactly.
    assert '```python\nif a < b && c:\n    $x_y = "<p>" & \'q\'  # keep _all_ of it\n```' in body
    assert '```html\n<div class="x">&amp;</div>\n```' in body
    assert "pre_formatted *text* stays\n   as it is" in body
    # Unknown shortcodes are reported, never printed; prose in brackets stays.
    assert "[wufoo" not in body and "[mystery" not in body and "inside" in body
    assert "[sic] and [1] are prose. [gallery] is escaped." in body
    losses = "\n".join(report.losses)
    assert "unknown shortcode [wufoo]" in losses and "unknown shortcode [mystery]" in losses
    assert '<th colspan="2">Merged</th>' in body and "H<sub>2</sub>O" in body


def test_block_editor_body(imported):
    content, report = imported
    meta, body = meta_of(content / BLOCKS)
    assert "wp:" not in body and "<!--" not in body
    assert meta["summary"] == "Start with ten minutes. Written in the block editor."
    assert "### A heading" in body
    assert "-   Two\n    -   Two and a half" in body
    assert "> Begin before you are ready." in body
    assert "| Minutes | Result |" in body or "<th>Minutes</th>" in body
    assert "```js\nconst a_b = x < y && $z;\n```" in body
    assert "(https://www.youtube.com/watch?v=jkl012MNO)" in body
    assert "(https://twitter.com/smalllessons/status/123456)" in body
    assert "Thanks for reading. REUSABLETEXT" in body  # the reusable block, inlined
    assert meta["comments"] == "closed"
    assert "dynamic block 'latest-posts'" in "\n".join(report.losses)


def test_images_map_to_local_files(imported):
    content, report = imported
    _, body = meta_of(content / POST)
    # The resized copy with ?w=, the full size and the i0.wp.com proxy: one local file.
    assert 'src="{static}/images/2019/05/notebook.png" width="300"' in body
    assert 'height="200"' in body and 'alt="An open notebook"' in body
    assert '![Proxy]({static}/images/2019/05/notebook.png){: width="1200" height="630" }' in body
    # A full-size image without a size gets the file's own (the page does not jump).
    assert '<img alt="A tidy desk" height="600" src="{static}/images/2019/07/desk.png" ' \
           'width="800"/>' in body
    assert "files.wordpress.com/2019/05/notebook" not in body and "i0.wp.com" not in body
    # Alt text from the attachment when the <img> had none.
    assert 'alt="A tidy desk"' in meta_of(content / BLOCKS)[1]
    assert (content / "images/2019/05/notebook.png").is_file()
    assert (content / "images/2019/07/desk.png").is_file()
    assert not (content / "images/2019/07/unused.png").exists()
    # A missing image is a link (nothing loads from WordPress) and is listed.
    assert "[Image: Gone](https://smalllessons.files.wordpress.com/2019/05/missing-photo" in body
    assert any("missing-photo-1024x768.jpg" in m for m in report.media_missing)
    # An image from another site is not loaded with the page: a link, reported.
    assert "[Image: A cat](https://images.example.net/cat.png)" in body
    assert any("image from images.example.net is not copied" in loss
               for entry in report.entries for loss in entry.losses)
    # A private post's file is not copied: every file in content/images/ is published.
    assert not (content / "images/2019/08/private-photo.png").exists()
    assert any("private-photo.png belongs to a post kept as a draft" in m
               for m in report.media_missing)
    meta, _ = meta_of(content / POST)
    assert meta["share_image"] == "images/2019/05/notebook.png"
    assert meta["share_image_alt"] == "An open notebook on a desk"


def test_internal_links_lead_to_the_new_posts(imported):
    content, _ = imported
    _, body = meta_of(content / POST)
    assert "[link to the ten-minute rule]({filename}/posts/2019-07-12-the-ten-minute-rule-2.md)" \
        in body
    assert "[the Unicode post]({filename}/posts/2019-08-01-小さな-lessons.md)" in body
    assert "and one to a draft." in body  # a link to a draft is removed, its text kept
    _, blocks = meta_of(content / BLOCKS)
    assert "({filename}/posts/2019-06-01-keep-small-promises.md#comment-11)" in blocks


def test_categories_tags_and_old_addresses(imported):
    content, _ = imported
    meta, _ = meta_of(content / POST)
    assert meta["category"] == "Essays" and meta["tags"] == "Habits, Notes"
    assert meta["aliases"] == ("/2019/05/31/keep-small-promises/, /2019/05/31/small-promises/, "
                               "/2019/05/30/keep-small-promises/")  # old slug, old date
    assert meta_of(content / "posts/2019-08-01-小さな-lessons.md")[0]["aliases"] == \
        "/2019/08/01/小さな-lessons/"
    lines = (content / "redirects.txt").read_text(encoding="utf-8").splitlines()
    assert "/feed/ feed:all" in lines and "/category/essays/feed/ feed:category:Essays" in lines


def test_comments_threads_and_ids(imported):
    content, report = imported
    folder = content / "comments/2019/06/keep-small-promises"
    assert sorted(p.stem for p in folder.glob("*.md")) == ["11", "12", "13", "14", "17", "19"]
    comments = read_post_comments(folder, "Europe/Stockholm")
    by_id = {c.id: c for c in comments}
    assert by_id["12"].replyto == "11" and by_id["14"].replyto == "13"
    assert by_id["17"].replyto == "11"  # its parent was pending: nearest imported ancestor
    assert by_id["19"].replyto is None  # its parent was in the trash: a new thread
    assert by_id["11"].anchor == "comment-11"  # old #comment-11 links still land
    top = thread(comments, 10)
    assert [c.id for c in top] == ["11", "19"] and top[0].replies[0].replies[0].id == "13"
    assert by_id["11"].date.isoformat() == "2019-06-01T20:00:00+02:00"
    assert by_id["14"].website == "https://chen.example/blog?a=1&b=2"  # no user:password@
    assert by_id["13"].website is None  # javascript: is not a website
    notes = "\n".join(report.comment_notes)
    assert "comment 17: its parent 16 was not imported; attached to comment 11" in notes
    assert "comment 19: its parent 18 was not imported; attached to the top level" in notes
    for skipped in ("spam", "pending moderation", "in the trash", "pingback", "trackback"):
        assert any(skipped in k for k in report.comments), skipped
    texts = "\n".join(all_text(content).values())
    for hidden in ("SPAMTEXT", "PENDINGTEXT", "TRASHTEXT", "PINGBACKTEXT", "TRACKBACKTEXT"):
        assert hidden not in texts
    # A page's comments live under its own URL, and the page shows them.
    assert (content / "comments/about-2/91.md").is_file()
    assert meta_of(content / "pages/about-2.md")[0]["comments"] == "open"


def test_comments_attach_to_their_own_post_only(imported):
    content, _ = imported
    same_slug_2020 = content / "comments/2020/09/keep-small-promises-2"
    assert [p.name for p in same_slug_2020.glob("*.md")] == ["81.md"]
    assert "SECONDLOOKCOMMENT" not in "".join(
        p.read_text() for p in (content / "comments/2019").rglob("*.md"))


def test_no_personal_data_anywhere(imported):
    content, report = imported
    outputs = all_text(content.parent)
    outputs["stdout"] = report.format()
    for name, text in outputs.items():
        assert not EMAIL.search(text), (name, EMAIL.search(text))
        for ip in FIXTURE_IPS:
            assert ip not in text, (name, ip)
        for word in ("gravatar", "akismet", "mailbox.example", "_publicize"):
            assert word not in text.lower(), (name, word)


def test_hostile_comment_html_is_inert(imported):
    content, _ = imported
    _, body = meta_of(content / "comments/2019/06/keep-small-promises/13.md")
    html = str(render_body(body))
    for bad in ("<script", "onerror", "onclick", "javascript:", "mailto:", "<img"):
        assert bad not in html and bad not in body
    assert "Third level." in html
