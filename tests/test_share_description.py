"""Descriptions: summary or first paragraph, plain text, entities decoded once, cut at a word."""

from thoughtful.share.description import cut, describe, first_paragraph, plain_text


def test_summary_wins_over_the_first_paragraph():
    assert describe("<p>The <em>summary</em>.</p>", "<p>Body.</p>", 160) == "The summary."


def test_first_paragraph_with_text_is_used_when_there_is_no_summary():
    html = '<p><img src="a.png" alt=""></p>\n<p>Real &amp; first.</p><p>Second.</p>'
    assert first_paragraph(html) == "Real &amp; first."
    assert describe(None, html, 160) == "Real & first."


def test_entities_are_decoded_once_and_tags_dropped():
    assert plain_text("Fish &amp;amp; chips <b>&lt;3</b>") == "Fish &amp; chips <3"


def test_long_text_is_cut_at_a_word_boundary_with_an_ellipsis():
    text = "word " * 50
    short = cut(text.strip(), 30)
    assert short == "word word word word word word…"
    assert len(short) <= 30


def test_text_without_spaces_is_cut_where_it_is():
    assert cut("約" * 50, 10) == "約" * 9 + "…"
