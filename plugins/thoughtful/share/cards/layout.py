"""Where each text goes on the card: sizes and lines decided from the layout data.

Pure geometry (no pixels): ``plan`` returns the lines, font sizes and positions
that ``draw`` then paints. It is what tests check against the margins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from thoughtful.share.cards import fonts, glyphs, wrap


@dataclass(frozen=True)
class Line:
    """One line of text: where its baseline starts, its size, and its box (x0, y0, x1, y1)."""

    text: str
    role: str  # "site", "title" or "byline"
    x: int
    baseline: int
    size: int
    box: tuple[int, int, int, int]


def measure(chain: Sequence[str], size: int) -> wrap.Measure:
    """A ruler for ``chain`` at ``size``: the width of a text drawn with fallback fonts."""
    key = tuple(chain)

    def width(text: str) -> float:
        return _width(text, key, size)

    return width


@fonts.cleared_with_fonts
@lru_cache(maxsize=4096)
def _width(text: str, chain: tuple[str, ...], size: int) -> float:
    # Cached: the site name, bylines and title lines are measured again and again.
    return sum(glyphs.length(path, size, run) for run, path in fonts.runs(text, chain))


@fonts.cleared_with_fonts
@lru_cache(maxsize=1024)
def _left_bearing(char: str, path: str, size: int) -> int:
    # Cached: titles and bylines of a site mostly start with the same few letters.
    return fonts.font(path, size).getbbox(char, anchor="ls")[0]


def _line(text: str, role: str, chain: Sequence[str], size: int, x: int, top: int) -> Line:
    ascent, descent = fonts.font(chain[0], size).getmetrics()
    width = measure(chain, size)(text)
    pieces = fonts.runs(text[:1], chain)
    if pieces:  # a glyph that overhangs to the left (a quote, a "J") moves in by its overhang
        x -= min(0, _left_bearing(pieces[0][0], pieces[0][1], size))
    baseline = top + ascent
    return Line(text, role, x, baseline, size, (x, top, x + round(width), baseline + descent))


def plan(spec: dict[str, Any]) -> tuple[list[Line], bool]:
    """Lines of the card described by ``spec``; True as second value if the title was cut."""
    layout, chains = spec["layout"], spec["fonts"]
    width, height = layout["size"]
    margin = layout["margin"]
    left, right = margin["left"], width - margin["right"]
    usable = right - left
    lines: list[Line] = []

    site_size = layout["site"]["size"]
    logo_room = layout["logo_height"] * 3 if spec.get("logo") else 0
    site_text = wrap.ellipsize(spec["site"], measure(chains["text"], site_size), usable - logo_room)
    site = _line(site_text, "site", chains["text"], site_size, left, margin["top"])
    lines.append(site)

    by = layout["byline"]
    by_text = wrap.ellipsize(spec["byline"], measure(chains["text"], by["size"]), usable)
    ascent, descent = fonts.font(chains["text"][0], by["size"]).getmetrics()
    by_top = height - margin["bottom"] - ascent - descent
    lines.append(_line(by_text, "byline", chains["text"], by["size"], left, by_top))

    t = layout["title"]
    top = site.box[3] + t["gap"]
    room = by_top - t["gap"] - top
    title_lines: list[str] = []
    cut = False
    size = t["size"]
    while True:
        step = round(size * t["line_height"])
        max_lines = max(1, min(t["max_lines"], room // step))
        ruler = measure(chains["title"], size)
        title_lines, cut = wrap.fit(spec["title"], ruler, usable, max_lines)
        if not cut or size <= t["min_size"]:
            break
        size = max(t["min_size"], size - 6)
    if t.get("align", "top") == "center":
        # A short title would leave an empty band above the byline: centre the block
        # between the site name and the byline instead (a full card fills it anyway).
        ascent, descent = fonts.font(chains["title"][0], size).getmetrics()
        block = (len(title_lines) - 1) * step + ascent + descent
        top += max(0, (room - block) // 2)
    for i, text in enumerate(title_lines):
        lines.append(_line(text, "title", chains["title"], size, left, top + i * step))
    return lines, cut
