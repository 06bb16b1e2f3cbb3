"""Text masks built from cached glyphs: the pixels of ``FreeTypeFont.getmask2``, made faster.

Pillow's ``getmask2`` shapes a line, then renders every glyph twice with FreeType
(once to find the box, once to draw), about 10 µs a glyph. Card titles are new
each time, but their glyphs are not: the same hundred letters, figures and marks
come back on every card. So for a Latin line this module renders each glyph once
per process and puts the mask together from those bitmaps, as Pillow does:

- where each glyph goes: its advance before the next one, as the shaper (raqm and
  HarfBuzz, through Pillow) gives it for that pair of characters, measured once with
  ``getlength`` in a Latin context. Pen positions are added up in 1/64 pixel and
  rounded with FreeType's rule, as Pillow's renderer does;
- what each glyph looks like: its bitmap, cut from a ``getmask2`` of the glyph alone
  behind a Latin letter and spaces (so the script, and with it the glyph, is the
  line's), with its offset from the pen;
- how they combine: coverage is blended glyph by glyph, in order, with the same
  integer formula Pillow's renderer uses (``draw_bitmap`` with ink 255).

The mask returned covers the ink (Pillow's covers the glyphs' outline boxes); placed
at its offset, it paints the same pixels. ``length`` gives ``getlength`` the same way
for the line wrapping, which measures every candidate line: the sum of the line's
words' widths (each measured once) and its spaces'.

The shortcut is taken only where it is exact. A font qualifies when its default
shaping of a Latin line is pairwise (``shaping.py`` reads its OpenType tables) and a
probe line with kerning pairs, ligatures and figures comes out identical both ways;
the probe is what proves the pieces fit for that font, size and Pillow. A line
qualifies when every character is Latin or common punctuation and in the font, it
has a letter, it starts on a 1/64 pixel, and (a cheap extra check) its total advance
matches ``getlength``; if that ever fails, the font is left to Pillow from then on.
Everything else (other scripts, marks, right-to-left, letters the font lacks, fonts
without raqm) goes to ``getmask2``. tests/test_card_glyphs.py compares both on
random lines and on fonts made to fail the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PIL import Image, ImageFont

from thoughtful.share.cards import fonts, shaping

# A Latin letter and spaces: in front of a character, it makes the shaper treat
# the character as Latin (figures and punctuation are "common" script, and a font
# may draw them differently in a Latin line, as Noto's "locl" figures are).
_CONTEXT = "H   "
_PROBE = "AVAWAY Tyffiffl fifl ff ——— — 0123456789 …·’“” Wo.Te,Yo; ij «Æ» ÅŠž, Lj"

@dataclass(slots=True)
class _Stamp:
    """One glyph's coverage bitmap and where its top-left pixel sits from the pen."""

    mask: Any  # Pillow's core 8-bit image; None for a glyph that draws nothing
    x: int  # columns from the pen's pixel
    y: int  # rows from the baseline


@dataclass
class _Face:
    """What is known of one font at one size: its ligatures, glyphs and pair advances."""

    path: str
    font: Any  # ImageFont.FreeTypeFont
    ligatures: dict[str, list[str]]  # first character -> sequences, in the font's order
    stamps: dict[str, _Stamp] = field(default_factory=dict)
    advances: dict[tuple[str, str], int] = field(default_factory=dict)  # 1/64 pixel
    widths: dict[str, int] = field(default_factory=dict)  # units' and words' widths, 1/64 px
    lengths: dict[str, int] = field(default_factory=dict)  # getlength(context + text)
    _context_ink: tuple[Any, ...] | None = None
    trusted: bool = True  # False once a line's advance disagreed with getlength
    shapeable: frozenset[int] = frozenset()  # code points the font has that we shape
    letters: frozenset[int] = frozenset()  # the letters among them
    words_add_up: bool = False  # no ligature holds a space: a line's width is its words'

    def length(self, text: str) -> int:
        """The advance of ``_CONTEXT + text`` in 1/64 pixel (exact: Pillow sums 26.6 units)."""
        known = self.lengths.get(text)
        if known is None:
            known = self.lengths[text] = round(self.font.getlength(_CONTEXT + text) * 64)
        return known

    def units(self, text: str) -> list[str]:
        """``text`` cut into what the shaper turns into one glyph each: characters, and
        the ligatures the font makes by default (first match in the font's order)."""
        out, i = [], 0
        while i < len(text):
            unit = text[i]
            for sequence in self.ligatures.get(unit, ()):
                if text.startswith(sequence, i):
                    unit = sequence
                    break
            out.append(unit)
            i += len(unit)
        return out

    def advance(self, unit: str, following: str) -> int:
        """How far the pen moves over ``unit`` when ``following`` comes next (kerning included)."""
        key = (unit, following)
        known = self.advances.get(key)
        if known is None:
            # The context's spaces kern with nothing, so they cancel out.
            known = self.advances[key] = self.length(unit + following) - self.length(following)
        return known

    def width(self, unit: str) -> int:
        """The advance of ``unit`` (or the width of a word) in a Latin line when no
        kerning follows it, in 1/64 pixel."""
        known = self.widths.get(unit)
        if known is None:
            known = self.widths[unit] = self.length(unit) - self.length("")
        return known

    def stamp(self, unit: str) -> _Stamp | None:
        """``unit``'s bitmap as the line's renderer draws it; None if it cannot be cut out."""
        known = self.stamps.get(unit)
        if known is None and unit not in self.stamps:
            known = self.stamps[unit] = self._cut(unit)
        return known

    def _cut(self, unit: str) -> _Stamp | None:
        # Rendered behind the context, the unit is the glyph a Latin line has; what the
        # render holds right of the context's last space is that glyph's bitmap alone.
        rendered, (left, top) = self.font.getmask2(_CONTEXT + unit, "L", anchor="ls")
        image = _as_image(rendered)
        gap = _pixel(self.length("") - self.width(" "))  # where the last space starts
        if left != 0 or gap >= image.width or _ink(image.crop((0, 0, gap, image.height)),
                                                    top) != self.context_ink():
            return None  # the unit reaches back over the spaces: it cannot be cut out
        part = image.crop((gap, 0, image.width, image.height))
        box = part.getbbox()
        if box is None:
            return _Stamp(None, 0, 0)  # a space: it only moves the pen
        pen = _pixel(self.length(""))  # the unit's pen, in pixels from the render's origin
        return _Stamp(part.crop(box).im, gap + box[0] - pen, top + box[1])

    def context_ink(self) -> tuple[Any, ...]:
        """The ink of the context rendered alone, as ``_ink`` gives it."""
        if self._context_ink is None:
            rendered, (left, top) = self.font.getmask2(_CONTEXT, "L", anchor="ls")
            self._context_ink = _ink(_as_image(rendered), top) if left == 0 else ()
        return self._context_ink


def _as_image(core: Any) -> Image.Image:
    """A copy of one of Pillow's core 8-bit images as an Image."""
    image = Image.new("L", core.size)
    image.im.paste(core, (0, 0, *core.size))
    return image


def _ink(image: Image.Image, top: int) -> tuple[Any, ...]:
    """Where ``image``'s ink is (its box, rows from the baseline) and its pixels."""
    box = image.getbbox()
    if box is None:
        return (None, b"")
    return (box[0], box[1] + top, box[2], box[3] + top), image.crop(box).tobytes()


def _pixel(position: int) -> int:
    """FreeType's rounding of a 26.6 position to a pixel (Pillow's PIXEL macro)."""
    return ((position + 32) & -64) >> 6


def mask(path: str, size: int, text: str, x: float) -> tuple[Any, tuple[int, int]]:
    """``getmask2(text, "L", anchor="ls", start=(x % 1, 0))`` of the font at ``path``:
    the coverage mask and its offset from (int(x), baseline)."""
    face = _face(path, size)
    start = x % 1 * 64
    if face is not None and start == int(start) and _shapeable(face, text):
        drawn = _assemble(face, text, int(start))
        if drawn is not None:
            return drawn
    font = fonts.font(path, size)
    return font.getmask2(text, "L", anchor="ls", start=(x % 1, 0.0))


def length(path: str, size: int, text: str) -> float:
    """``getlength(text)`` of the font at ``path``: for a Latin line, the sum of its
    words' widths (each measured once per worker) and its spaces'.

    Exact where the shortcut applies: the space kerns with nothing and is in no
    ligature, so a word's width in a line is its width behind the context.
    """
    face = _face(path, size)
    if face is not None and face.words_add_up and _shapeable(face, text):
        words = text.split(" ")
        return (sum(map(face.width, filter(None, words)))
                + (len(words) - 1) * face.width(" ")) / 64
    return fonts.font(path, size).getlength(text)


def _shapeable(face: _Face, text: str) -> bool:
    """Whether ``text`` is a line the shortcut can make: Latin letters, figures and common
    punctuation the font has, with a letter (a line of only figures and marks is
    "common" script, which a font may draw differently)."""
    # Only characters the font has: for one it lacks, the shaper decomposes (an accented
    # letter into letter and mark) and positions the pieces itself.
    codes = set(map(ord, text))
    return face.trusted and codes <= face.shapeable and not codes.isdisjoint(face.letters)


def _assemble(face: _Face, text: str, start: int) -> tuple[Any, tuple[int, int]] | None:
    units = face.units(text)
    placed, pen = [], start
    for number, unit in enumerate(units):
        stamp = face.stamp(unit)
        if stamp is None:
            return None
        if stamp.mask is not None:
            placed.append((stamp, _pixel(pen) + stamp.x))
        if number + 1 < len(units):
            pen += face.advance(unit, units[number + 1])
    if pen - start + face.width(units[-1]) != round(face.font.getlength(text) * 64):
        # The shaper did something between these glyphs that pairs don't show: this
        # font's lines (and widths) go to Pillow from now on.
        face.trusted = False
        return None
    if not placed:
        return Image.core.fill("L", (0, 0), 0), (0, 0)
    left = min(column for _, column in placed)
    top = min(stamp.y for stamp, _ in placed)
    right = max(column + stamp.mask.size[0] for stamp, column in placed)
    bottom = max(stamp.y + stamp.mask.size[1] for stamp, _ in placed)
    out = Image.core.fill("L", (right - left, bottom - top), 0)
    draw = Image.core.draw(out, 0)
    for stamp, column in placed:
        # The renderer's blend: coverage over coverage, in glyph order.
        draw.draw_bitmap((column - left, stamp.y - top), stamp.mask, 255)
    return out, (left, top)


def shortcut(path: str, size: int) -> bool:
    """Whether Latin lines in the font at ``path`` and ``size`` are made from cached glyphs."""
    return _face(path, size) is not None


@fonts.cleared_with_fonts
@lru_cache(maxsize=32)
def _face(path: str, size: int) -> _Face | None:
    """The glyph cache for the font at ``path`` and ``size``; None where it would not be exact."""
    font = fonts.font(path, size)
    ligatures = shaping.pairwise_ligatures(path)
    if ligatures is None or font.layout_engine != ImageFont.Layout.RAQM:
        return None  # without raqm, Pillow's basic layout neither kerns nor ligates the same
    face = _Face(path, font, ligatures)
    face.words_add_up = not any(" " in text for texts in ligatures.values() for text in texts)
    face.shapeable = frozenset(code for code in fonts.coverage(path)
                               if shaping.latin_or_common(chr(code)))
    face.letters = frozenset(code for code in face.shapeable if chr(code).isalpha())
    if not _agrees(face, _PROBE):
        return None
    return face


def _agrees(face: _Face, text: str) -> bool:
    """Whether the assembled mask of ``text`` paints exactly what getmask2's does."""
    present = "".join(char for char in text if ord(char) in fonts.coverage(face.path))
    for start in (0, 17, 40):
        ours = _assemble(face, present, start)
        theirs = face.font.getmask2(present, "L", anchor="ls", start=(start / 64, 0.0))
        if ours is None or not paint_alike(ours, theirs):
            return False
    return True


def paint_alike(first: tuple[Any, tuple[int, int]], second: tuple[Any, tuple[int, int]]) -> bool:
    """Whether two (mask, offset) pairs, as getmask2 returns them, put down the same pixels."""
    boxes = [(x, y, x + mask.size[0], y + mask.size[1]) for mask, (x, y) in (first, second)]
    left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
    size = (max(box[2] for box in boxes) - left, max(box[3] for box in boxes) - top)
    painted = []
    for mask, (x, y) in (first, second):
        canvas = Image.new("L", size, 0)
        if mask.size[0] and mask.size[1]:
            canvas.im.paste(255, (x - left, y - top, x - left + mask.size[0],
                                  y - top + mask.size[1]), mask)
        painted.append(canvas.tobytes())
    return painted[0] == painted[1]
