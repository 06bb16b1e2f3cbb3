"""smarty's curly quotes, dashes and ellipses come out byte for byte as Python-Markdown's own
smarty makes them when thoughtful.site skips the patterns a text cannot match."""

import random

from markdown import Markdown
from thoughtful.site.typography import QuickSmartyExtension, SkippingInlineProcessor

CONFIGS = {"markdown.extensions.extra": {}, "markdown.extensions.toc": {"permalink": False},
           "markdown.extensions.smarty": {"smart_angled_quotes": True}}

TRICKY = [
    "\"Quoted\" and 'single' and \"'nested'\" and '\"other\"' and it's the '80s.",
    "He said, \"Don't -- ever --- do that...\" and left.... Then: 'tis. Rock 'n' roll.",
    "'Twas \"a 'mixed' case\"; 'quoted.' \"end.\" (\"paren\") ['bracket'] {'brace'}",
    "<<angled>> and >>back<<, `code with \"quotes\" -- and ...` and **bold 'quote'**",
    "[a \"link\" text](http://example.com/?q=\"x\") and ![alt 'img'](i.png \"title\")",
    "&nbsp;\"entity\" &mdash;'dash' &#8211;\"num\" --\"dash\" \u2014'em'",
    "Footnote[^1] with \"quotes\".\n\n[^1]: The note's \"text\" -- here...",
    "| a \"b\" | 'c' |\n|---|:-:|\n| d--e | f...g |",
    "*em 'x'* _under \"y\"_ ***both*** \\\"escaped\\\" 5' 10\" tall",
    "Line  \nbreak 'after' two spaces; <span>inline \"html\"</span> and <b>'b'</b>",
]


def convert(text: str, quick: bool) -> str:
    extensions = [*CONFIGS, *([QuickSmartyExtension()] if quick else [])]
    md = Markdown(extensions=extensions, extension_configs=CONFIGS, output_format="html5")
    if quick:
        assert isinstance(md.treeprocessors["smarty"], SkippingInlineProcessor)
    return md.convert(text)


def shuffled_prose(seed: int) -> str:
    """Paragraphs mixing words, quotes, dashes and dots in random places."""
    pieces = ["word", "it's", "'a", "b'", "\"c", "d\"", "--", "---", "...", "....", "'80s",
              "`co'de`", "*em*", "**st\"r**", "(x", "y)", "&amp;", "<i>h'tml</i>", "\n\n",
              "- item 'one'\n", "1. \"two\"\n", "> quote's\n"]
    rng = random.Random(seed)
    return " ".join(rng.choice(pieces) for _ in range(400))


def test_tricky_texts_convert_exactly_as_with_smarty_alone():
    for text in TRICKY:
        assert convert(text, quick=True) == convert(text, quick=False), text


def test_random_prose_converts_exactly_as_with_smarty_alone():
    for seed in range(40):
        text = shuffled_prose(seed)
        assert convert(text, quick=True) == convert(text, quick=False), seed


def test_without_smarty_the_extension_changes_nothing():
    md = Markdown(extensions=["markdown.extensions.extra", QuickSmartyExtension()])
    assert "smarty" not in md.treeprocessors
    assert md.convert("\"plain\" -- quotes") == "<p>\"plain\" -- quotes</p>"


def test_a_build_reads_posts_with_the_skipping_pass(build_site):
    site = build_site({"posts/q.md": "Title: Quotes\nDate: 2024-05-02\n\n"
                                     "\"It's\" -- she said... 'fine'.\n"})
    html = (site.output / "2024/05/quotes/index.html").read_text()
    assert "&ldquo;It&rsquo;s&rdquo; &ndash; she said&hellip; &lsquo;fine&rsquo;." in html
    # The reader's Markdown has the skipping pass in smarty's place.
    md = Markdown(**site.settings["MARKDOWN"])
    assert isinstance(md.treeprocessors["smarty"], SkippingInlineProcessor)
