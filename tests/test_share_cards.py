"""Card images: size, bytes, ink, text inside the margins, wrapping, fonts."""

import pytest
from PIL import Image, ImageChops
from thoughtful.share.cards import fonts, wrap
from thoughtful.share.cards.draw import MAX_BYTES, draw_card, render, static_layer
from thoughtful.share.cards.layout import measure, plan
from thoughtful.share.settings import DEFAULTS, card_layout

LATIN = "Keep small promises: trust is built one Thursday at a time"
CJK = "小さな約束を守ること：信頼はこうして毎週少しずつ積み上がっていくのだと私は思う"
RTL = "שיעורים קטנים: לקיים הבטחות קטנות, שבוע אחרי שבוע"
HOSTILE = ('"Quotes" & </script><script>alert(1)</script> 😀 Ελληνικά кириллица שלום 約束 '
           + "x" * 220)


def spec(title: str, path, **layout) -> dict:
    """A card spec as the build makes it, writing to ``path``."""
    return {"title": title, "site": "Small Lessons",
            "byline": "Maya Lindqvist  ·  2 May 2024  ·  Thoughtful Thursday",
            "layout": card_layout(layout), "fonts": DEFAULTS["SHARE_CARD_FONTS"],
            "background": None, "logo": None, "path": str(path)}


def ink_box(card_spec: dict) -> tuple[int, int, int, int]:
    """Bounding box of every pixel the title and byline changed on the shared layer."""
    card, _ = render(card_spec)
    shared = static_layer(card_spec)

    def levels(image: Image.Image) -> Image.Image:  # palette indices are the ink levels
        return Image.frombytes("L", image.size, image.tobytes())

    return ImageChops.difference(levels(card), levels(shared)).getbbox()


@pytest.mark.parametrize("title", [LATIN, CJK, HOSTILE, RTL, "A very long title " * 17])
def test_card_is_a_1200x630_png_under_the_byte_limit_with_text_inside_the_margins(
    tmp_path, artifacts, title
):
    card_spec = spec(title, tmp_path / "card.png")
    result = draw_card(card_spec)

    with Image.open(tmp_path / "card.png") as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        colors = image.convert("RGB").getcolors(maxcolors=1 << 16)
        assert len(colors) > 20  # anti-aliased text, not a blank or flat image
    assert 0 < result["bytes"] <= MAX_BYTES
    left, top, right, bottom = ink_box(card_spec)
    margin = card_spec["layout"]["margin"]
    assert left >= margin["left"] and top >= margin["top"]
    assert right <= 1200 - margin["right"] and bottom <= 630 - margin["bottom"]
    assert bottom - top > 200  # the title and the byline are both there
    name = {LATIN: "latin", CJK: "cjk", HOSTILE: "hostile", RTL: "rtl"}.get(title, "long")
    (artifacts / f"share-card-{name}.png").write_bytes((tmp_path / "card.png").read_bytes())


def test_cjk_title_without_spaces_wraps_by_measured_width(tmp_path):
    card_spec = spec(CJK, tmp_path / "c.png")
    lines, cut = plan(card_spec)
    title = [line for line in lines if line.role == "title"]

    assert len(title) >= 2 and not cut
    assert "".join(line.text for line in title) == CJK
    ruler = measure(DEFAULTS["SHARE_CARD_FONTS"]["title"], title[0].size)
    assert all(ruler(line.text) <= 1200 - 96 - 96 for line in title)
    assert not any(line.text.startswith(("、", "。", "：")) for line in title)


def test_a_title_too_long_for_the_card_is_cut_with_an_ellipsis(tmp_path):
    lines, cut = plan(spec("word " * 120, tmp_path / "c.png"))
    title = [line for line in lines if line.role == "title"]

    assert cut
    assert title[-1].text.endswith(wrap.ELLIPSIS)
    assert title[0].size == card_layout({})["title"]["min_size"]


def test_short_titles_get_the_big_size(tmp_path):
    lines, cut = plan(spec("Rest", tmp_path / "c.png"))
    (title,) = [line for line in lines if line.role == "title"]
    assert title.size == card_layout({})["title"]["size"] and not cut


@pytest.mark.parametrize("title", ["Rest", "Keep small promises", LATIN, CJK])
def test_the_title_block_sits_midway_between_the_site_name_and_the_byline(tmp_path, title):
    lines, _ = plan(spec(title, tmp_path / "c.png"))
    site = next(line for line in lines if line.role == "site")
    byline = next(line for line in lines if line.role == "byline")
    title_lines = [line for line in lines if line.role == "title"]
    above = title_lines[0].box[1] - site.box[3]
    below = byline.box[1] - title_lines[-1].box[3]
    # No empty band: the space above and below the title differ by at most a few pixels.
    assert abs(above - below) <= 4, (above, below)
    assert above >= card_layout({})["title"]["gap"]


def test_a_short_title_on_the_card_has_ink_in_the_middle_band(tmp_path):
    card_spec = spec("Rest", tmp_path / "c.png")
    card, _ = render(card_spec)
    shared = static_layer(card_spec)
    levels = [Image.frombytes("L", i.size, i.tobytes()) for i in (card, shared)]
    _, top, _, bottom = ImageChops.difference(*levels).getbbox()
    assert top < 315 < bottom  # the title is drawn across the card's middle line


def test_align_top_keeps_the_title_under_the_site_name(tmp_path):
    card_spec = spec("Rest", tmp_path / "c.png")
    card_spec["layout"]["title"]["align"] = "top"
    lines, _ = plan(card_spec)
    site = next(line for line in lines if line.role == "site")
    title = next(line for line in lines if line.role == "title")
    assert title.box[1] == site.box[3] + card_layout({})["title"]["gap"]


def test_wrap_breaks_at_spaces_and_splits_a_word_wider_than_the_line():
    ruler = len  # one unit per character
    assert wrap.wrap("the quick brown fox", ruler, 10) == ["the quick", "brown fox"]
    assert wrap.wrap("abcdefghijklmnop", ruler, 5) == ["abcde", "fghij", "klmno", "p"]
    assert wrap.tokens("日本語、です") == ["日", "本", "語、", "で", "す"]


def test_fallback_chain_covers_latin_greek_cyrillic_and_cjk_and_names_what_it_lacks():
    chain = DEFAULTS["SHARE_CARD_FONTS"]["title"]
    assert fonts.missing("Small Ελληνικά кириллица 約束 한국어 かな שלום", chain) == ""
    assert fonts.missing("party 🎉🎉 time", chain) == "🎉"
    pieces = fonts.runs("Hi 約束", chain)
    assert [text for text, _ in pieces] == ["Hi ", "約束"]
    assert pieces[0][1] != pieces[1][1]


def test_a_background_image_is_drawn_under_a_veil_and_stays_under_the_limit(tmp_path):
    noise = Image.effect_noise((1600, 900), 90).convert("RGB")
    noise.save(tmp_path / "bg.png")
    card_spec = spec(LATIN, tmp_path / "card.png")
    card_spec["background"] = str(tmp_path / "bg.png")

    result = draw_card(card_spec)
    with Image.open(tmp_path / "card.png") as image:
        assert image.size == (1200, 630)
    assert result["bytes"] <= MAX_BYTES


def test_a_logo_from_the_layout_is_drawn_at_the_top_right(tmp_path):
    Image.new("RGB", (100, 100), (0, 128, 0)).save(tmp_path / "logo.png")
    card_spec = spec(LATIN, tmp_path / "card.png")
    card_spec["logo"] = str(tmp_path / "logo.png")

    draw_card(card_spec)
    with Image.open(tmp_path / "card.png") as image:
        rgb = image.convert("RGB")
    layout = card_spec["layout"]
    x = 1200 - layout["margin"]["right"] - 10
    y = layout["margin"]["top"] + 10
    assert rgb.getpixel((x, y)) == (0, 128, 0)


def test_a_right_to_left_title_is_one_run_so_the_shaper_orders_all_of_it():
    chain = DEFAULTS["SHARE_CARD_FONTS"]["title"]
    (run,) = fonts.runs("שיעורים קטנים: לקיים 3 הבטחות", chain)
    assert run[0] == "שיעורים קטנים: לקיים 3 הבטחות"
    latin_then_hebrew = fonts.runs("Lesson 3: שיעורים", chain)
    assert [text for text, _ in latin_then_hebrew] == ["Lesson 3: ", "שיעורים"]
