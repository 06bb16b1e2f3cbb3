"""Word count and reading time: counted once per post by the plugin, shown by the theme."""

import json

from thoughtful.reading import reading_minutes, word_count


def test_word_count_ignores_markup():
    assert word_count("<p>One <a href='x y z'>two</a> three.</p>") == 3


def test_reading_time_rounds_up_and_is_never_zero():
    assert reading_minutes(0) == 1
    assert reading_minutes(220) == 1
    assert reading_minutes(221) == 2
    assert reading_minutes(450) == 3


def test_the_count_made_when_the_post_is_read_feeds_the_page_and_json_ld(build_site):
    body = " ".join(["word"] * 660) + "\n\n<!-- a comment is not a word -->"
    site = build_site(
        {"posts/long.md": f"Title: Long\nDate: 2024-02-01 08:00\n\n{body}\n"},
        PLUGINS=["thoughtful.site", "thoughtful.share"],
    )
    soup = site.soup("2024/02/long/index.html")
    assert "3 min read" in soup.select_one(".post-header .post-meta").get_text()
    assert "3 min read" in site.soup("index.html").select_one(".summary .post-meta").get_text()
    posting = next(json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")
                   if json.loads(s.string)["@type"] == "BlogPosting")
    assert posting["wordCount"] == 660
