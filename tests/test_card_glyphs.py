"""Card lines put together from cached glyphs (cards/glyphs.py) paint exactly the pixels
Pillow's own text rendering paints, and every line the shortcut cannot prove goes to Pillow."""

import random
import unicodedata

import pytest
from thoughtful.share.cards import fonts, glyphs, shaping
from thoughtful.share.settings import DEFAULTS

TITLE = DEFAULTS["SHARE_CARD_FONTS"]["title"][0]  # Noto Sans CJK's Latin part, bold
TEXT = DEFAULTS["SHARE_CARD_FONTS"]["text"][0]  # the same, regular
DEJAVU = DEFAULTS["SHARE_CARD_FONTS"]["title"][-1]  # contextual ligatures: not pairwise
SIZES = (30, 46, 52, 58, 64)  # the byline's and the title's sizes as a long title shrinks

# Letters weighted as in titles, plus what makes shaping interesting: kerning pairs
# (AV, To, Wa), Noto's ligatures (ff, fi, fl, ffi, em dashes), figures that Noto draws
# differently in a Latin line, accents and typographic punctuation.
ALPHABET = ("etaoinshrdlucmfwypvbgkjqxz" * 3 + "AVTWYLPFOHJ" + "0123456789" + " " * 12
            + ".,:;!?'\"()-–—…·’“”éèàüöñçÅÆ&/" + "fffiflffi")


def pillow(path, size, text, x):
    """What ImageDraw.text would draw: Pillow's own mask for the line."""
    return fonts.font(path, size).getmask2(text, "L", anchor="ls", start=(x % 1, 0.0))


def random_lines(seed, count):
    rng = random.Random(seed)
    for _ in range(count):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40)))
        x = 80 + rng.choice([0, rng.randint(0, 63) / 64])  # whole pixels and 1/64 steps
        yield rng.choice((TITLE, TEXT)), rng.choice(SIZES), text, x


# Under a Japanese or Chinese locale, HarfBuzz applies Noto's punctuation forms for that
# language (an em dash that ligates with the next): not pairwise, so not the shortcut.
CJK_LOCALE = any(shaping.may_be_selected(tag) for tag in ("JAN ", "KOR ", "ZHS ", "ZHT ", "ZHH "))
needs_latin_locale = pytest.mark.skipif(
    CJK_LOCALE, reason="this locale selects Noto's CJK forms: every line goes to Pillow")


@needs_latin_locale
def test_the_shipped_fonts_qualify_for_the_shortcut():
    for path in (TITLE, TEXT):
        for size in SIZES:
            assert glyphs.shortcut(path, size), (path, size)


@pytest.mark.parametrize("seed", range(3))
def test_random_latin_lines_paint_the_same_pixels_as_pillow(seed):
    assembled = 0
    for path, size, text, x in random_lines(seed, 400):
        ours = glyphs.mask(path, size, text, x)
        assert glyphs.paint_alike(ours, pillow(path, size, text, x)), (text, size, x)
        face = glyphs._face(path, size)
        if face is not None:
            assembled += glyphs._assemble(face, text, round(x % 1 * 64)) is not None
    if not CJK_LOCALE:
        assert assembled > 350  # nearly all of them took the shortcut (the rest: no letter)


@pytest.mark.parametrize("seed", range(2))
def test_line_widths_from_word_widths_equal_pillows(seed):
    # Wrapping measures every candidate line: widths come from cached word widths.
    for path, size, text, _ in random_lines(seed + 10, 500):
        assert glyphs.length(path, size, text) == fonts.font(path, size).getlength(text), text


@pytest.mark.parametrize("text", [
    "Thoughtful Thursday 12: Garden and Notebook",
    "The office — fifty difficult flowers, “quoted” and ‘single’…",
    "AVATAR WAVE Tofu Type, Yo.",
    "Maya Lindqvist  ·  12 May 2024  ·  Craft",
    "2024",  # figures alone are "common" script: left to Pillow
    "12:30 — 14:00",
    "Короткий заголовок",  # Cyrillic, Arabic, CJK, combining marks: left to Pillow
    "على مهل",
    "小さな教訓",
    "Cafe\u0301 and nai\u0308ve",
    "   ",
])
@pytest.mark.parametrize("x", [80, 80 + 17 / 64, 80.3])  # 80.3 is off the 1/64 grid
def test_titles_bylines_and_lines_left_to_pillow_paint_the_same(text, x):
    for path in (TITLE, TEXT):
        present = "".join(c for c in text if ord(c) in fonts.coverage(path))
        ours = glyphs.mask(path, 64, present, x)
        assert glyphs.paint_alike(ours, pillow(path, 64, present, x)), (present, x)


def test_a_letter_the_font_lacks_is_left_to_pillow():
    # Noto's Latin part has no "ž": the shaper draws "z" and a caron, placed by itself.
    assert ord("ž") not in fonts.coverage(TITLE)
    for text in ("73žce", "Šárka Žižka"):
        for x in (80, 80 + 5 / 64, 80 + 40 / 64):
            assert glyphs.paint_alike(glyphs.mask(TITLE, 64, text, x), pillow(TITLE, 64, text, x))


def test_a_font_with_contextual_shaping_is_left_to_pillow():
    assert not glyphs.shortcut(DEJAVU, 64)
    text = "Thoughtful fifty"
    assert glyphs.paint_alike(glyphs.mask(DEJAVU, 64, text, 80), pillow(DEJAVU, 64, text, 80))


def test_a_changed_pixel_is_noticed():
    # The comparison the tests rely on sees a one-glyph shift.
    mask, (x, y) = pillow(TITLE, 64, "Lesson", 80)
    assert not glyphs.paint_alike((mask, (x + 1, y)), (mask, (x, y)))
    assert glyphs.paint_alike((mask, (x, y)), pillow(TITLE, 64, "Lesson", 80))


def test_language_systems_follow_the_locale():
    # Noto has Japanese, Korean and Chinese punctuation forms: used only in those locales.
    assert not shaping.may_be_selected("JAN ", "C.UTF-8")
    assert not shaping.may_be_selected("JAN ", "en_US.UTF-8")
    assert shaping.may_be_selected("JAN ", "ja_JP.UTF-8")
    assert shaping.may_be_selected("ZHT ", "zh_TW.UTF-8")
    assert shaping.may_be_selected("ZHH ", "yue_HK.UTF-8")
    assert shaping.may_be_selected("XYZ ", "en_GB.UTF-8")  # unknown: assume it may be used


def test_the_characters_the_shortcut_shapes_are_latin_or_common():
    for code in range(0x20, 0x250):
        char = chr(code)
        if shaping.latin_or_common(char):
            name = unicodedata.name(char, "")
            assert "COMBINING" not in name and unicodedata.category(char) != "Mn", name

# --- Fonts made for the test: one that qualifies, and one for each way to fail -------------

LETTERS = "abfiHT"  # and the space, "^" and "-"


def make_font(folder, name, features="", kern_table=False):
    """A small TrueType font (square-ish glyphs of different widths) with ``features``
    in OpenType feature syntax; ``kern_table`` adds a legacy 'kern' table."""
    from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._k_e_r_n import KernTable_format_0

    names = {"a": "a", "b": "b", "f": "f", "i": "i", "H": "H", "T": "T", " ": "space",
             "^": "asciicircum", "-": "hyphen"}
    order = [".notdef", *names.values(), "f_i", "f_f"]
    widths = {".notdef": 500, "space": 260, "f_i": 620, "f_f": 640, "asciicircum": 400,
              "hyphen": 300, "i": 240, "f": 330, "T": 560, "H": 640, "a": 520, "b": 540}
    glyphs = {}
    for glyph in order:
        pen = TTGlyphPen(None)
        if glyph != "space":
            width = widths[glyph]
            top = 300 if glyph in ("asciicircum", "hyphen") else 700
            bottom = 560 if glyph == "asciicircum" else 0
            pen.moveTo((40, bottom))
            pen.lineTo((40, top))
            pen.lineTo((width - 40, top - 37))  # a slanted top: anti-aliased edges
            pen.lineTo((width - 40, bottom))
            pen.closePath()
        glyphs[glyph] = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({ord(char): glyph for char, glyph in names.items()})
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({glyph: (widths[glyph], 40) for glyph in order})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": name, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    if features:
        addOpenTypeFeaturesFromString(builder.font, features)
    if kern_table:
        kern = builder.font["kern"] = newTable("kern")
        kern.version, subtable = 0, KernTable_format_0()
        subtable.version, subtable.coverage, subtable.format = 0, 1, 0
        subtable.kernTable = {("T", "a"): -120}
        kern.kernTables = [subtable]
    path = folder / f"{name}.ttf"
    builder.save(str(path))
    return str(path)


PAIRWISE = """
languagesystem DFLT dflt; languagesystem latn dflt;
feature kern { pos T a -120; pos a b -30; pos f i 20; } kern;
feature liga { sub f i by f_i; } liga;
"""
NOT_PAIRWISE = {
    "contextual": PAIRWISE.replace("sub f i by f_i;", "sub f' i by f_i;"),
    "ligatures sharing a glyph": PAIRWISE.replace(
        "feature liga { sub f i by f_i; } liga;",
        "feature liga { lookup one { sub f i by f_i; } one; lookup two { sub f f by f_f; } two; "
        "} liga;"),
    # "^" is a spacing character, but the mark feature attaches it to an "a" before it
    # (its GDEF class says base, so only the mark lookup's own coverage tells).
    "a mark attached to a letter": PAIRWISE + """
markClass asciicircum <anchor 200 560> @TOP;
feature mark { pos base a <anchor 260 700> mark @TOP; } mark;
table GDEF { GlyphClassDef [a b f i H T asciicircum hyphen space], [f_i f_f], , ; } GDEF;""",
    "the space kerned": PAIRWISE.replace("pos a b -30;", "pos a b -30; pos space T -80;"),
    "a kern pair that moves a glyph": PAIRWISE.replace(
        "pos a b -30;", "pos a b <0 40 0 0>;"),
}


@pytest.fixture(scope="module")
def made_fonts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fonts")
    made = {"pairwise": make_font(folder, "Pairwise", PAIRWISE),
            "legacy kern table": make_font(folder, "Legacy", PAIRWISE, kern_table=True)}
    for number, (why, features) in enumerate(NOT_PAIRWISE.items()):
        made[why] = make_font(folder, f"Odd{number}", features)
    return made


def test_a_pairwise_font_qualifies_and_paints_the_same(made_fonts):
    path = made_fonts["pairwise"]
    assert shaping.pairwise_ligatures(path) == {"f": ["fi"]}
    assert glyphs.shortcut(path, 48)
    rng = random.Random(4)
    for _ in range(300):
        text = "".join(rng.choice(LETTERS + "  ^-") for _ in range(rng.randint(1, 30)))
        x = 80 + rng.randint(0, 63) / 64
        assert glyphs.paint_alike(glyphs.mask(path, 48, text, x), pillow(path, 48, text, x)), text


@pytest.mark.parametrize("why", ["legacy kern table", *NOT_PAIRWISE])
def test_a_font_whose_shaping_is_not_pairwise_is_left_to_pillow(made_fonts, why):
    path = made_fonts[why]
    assert shaping.pairwise_ligatures(path) is None, why  # its tables say so
    assert not glyphs.shortcut(path, 48), why
    for text in ("Tab fi ffi a^b", "H-a T^a"):
        assert glyphs.paint_alike(glyphs.mask(path, 48, text, 80.25), pillow(path, 48, text, 80.25))
