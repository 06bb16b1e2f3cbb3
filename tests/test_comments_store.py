"""Stored comments: reading one file, sanitizing bodies, threading by replyto."""

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from thoughtful.comments import store
from thoughtful.comments.identicon import identicon

TZ = "Europe/Stockholm"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_comment_file_becomes_a_comment_with_sanitized_html(tmp_path):
    path = write(tmp_path, "ana.md", "Author: Ana\nDate: 2024-05-02 18:30\n"
                 "Website: https://ana.example\n\nHello *there* <script>alert(1)</script>\n")

    comment = store.read_comment(path, TZ)

    assert comment.id == "ana" and comment.anchor == "comment-ana"
    assert comment.author == "Ana"
    assert comment.date.isoformat() == "2024-05-02T18:30:00+02:00"
    assert comment.website == "https://ana.example"
    assert "<em>there</em>" in comment.html
    assert "<script" not in comment.html


def test_front_matter_between_dashes_is_read_too(tmp_path):
    path = write(tmp_path, "b.md", "---\nauthor: Ben\ndate: 2024-05-02T10:00:00+00:00\n---\nHi\n")
    assert store.read_comment(path, TZ).author == "Ben"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Date: 2024-05-02\n\nNo author.\n", "'author'"),
        ("Author: A\nDate: Tuesday\n\nBad date.\n", "'date'"),
        ("Author: A\nDate: 2024\n\nPartial date.\n", "'date'"),
        ("Author: A\n\nNo date at all.\n", "'date'"),
    ],
)
def test_a_broken_comment_is_skipped_with_an_error_naming_file_and_field(
    tmp_path, caplog, text, field
):
    path = write(tmp_path, "bad.md", text)
    with caplog.at_level(logging.ERROR):
        assert store.read_comment(path, TZ) is None
    [message] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert str(path) in message and field in message


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "//evil.example", "ftp://x.example",
            'https://x.example/"onmouseover="alert(1)', "JaVaScRiPt:alert(1)"],
)
def test_only_http_urls_are_kept_as_websites(url):
    assert store.safe_website(url) is None


def test_links_in_bodies_get_ugc_rel_and_lose_dangerous_schemes():
    html = store.render_body("[ok](https://a.example) [bad](javascript:alert(1)) "
                             "<img src=x onerror=alert(1)> <a href='#' onclick='x()'>c</a>")
    assert '<a href="https://a.example" rel="ugc nofollow noopener">ok</a>' in html
    assert "<a>bad</a>" in html  # its href removed, and rel with it (rel needs href)
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html and "<img" not in html


@pytest.mark.parametrize("link", ["//evil.example/phish", "/admin", "../x", "page.html", "#top"])
def test_scheme_less_and_relative_links_in_bodies_lose_their_href(link):
    html = store.render_body(f'[x]({link}) <a title="t" href="{link}">y</a>')
    assert "href" not in html and "rel=" not in html
    assert "<a>x</a>" in html and '<a title="t">y</a>' in html


def comment(cid, replyto=None, day=1):
    return store.Comment(id=cid, author=cid, date=datetime(2024, 5, day, tzinfo=UTC),
                         html=store.render_body(cid), source=Path(f"{cid}.md"), replyto=replyto)


def test_threading_nests_replies_oldest_first():
    a, b = comment("a", day=1), comment("b", "a", 2)
    c, d = comment("c", day=3), comment("d", "b", 4)

    top = store.thread([a, b, c, d], max_depth=5)

    assert [x.id for x in top] == ["a", "c"]
    assert [x.id for x in a.replies] == ["b"]
    assert [x.id for x in b.replies] == ["d"] and d.depth == 2 and d.parent is b


def test_replies_deeper_than_the_limit_join_the_deepest_allowed_level():
    chain = [comment("a", day=1), comment("b", "a", 2), comment("c", "b", 3), comment("d", "c", 4)]

    top = store.thread(chain, max_depth=2)

    assert [x.id for x in top] == ["a"]
    assert [x.id for x in chain[0].replies] == ["b", "c", "d"]
    assert all(x.depth == 1 for x in chain[1:])


def test_a_reply_dated_before_its_parent_still_nests_under_it():
    early_reply, parent = comment("r", "p", day=1), comment("p", day=2)
    top = store.thread([early_reply, parent], max_depth=3)
    assert [c.id for c in top] == ["p"] and parent.replies == [early_reply]
    assert early_reply.depth == 1


def test_unknown_or_circular_replyto_is_reported_and_kept_at_top_level(caplog):
    lost, x, y = comment("lost", "nobody", 1), comment("x", "y", 2), comment("y", "x", 3)
    with caplog.at_level(logging.WARNING):
        top = store.thread([lost, x, y], max_depth=3)
    assert {c.id for c in top} == {"lost", "x", "y"}
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "lost.md" in messages and "'nobody'" in messages and "'replyto'" in messages


def test_identicons_are_stable_per_name_and_differ_between_names():
    assert identicon("Ana") == identicon("ana ")
    assert identicon("Ana") != identicon("Ben")
    assert all(0 <= x < 5 and 0 <= y < 5 for x, y in identicon("Ana").cells)
