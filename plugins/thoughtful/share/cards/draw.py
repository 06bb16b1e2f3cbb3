"""Paint a card with Pillow and write it as PNG.

Flat cards (no background image, no logo) are painted as one 8-bit palette
image whose palette runs from the background color to the ink color, plus one
accent entry. Pillow blends anti-aliased text into 8-bit pixels linearly, so on
that ramp the blend is exact, and an 8-bit PNG is a third of the bytes and time
of an RGB one. Cards with a picture are painted in RGB.

Every flat card of a site shares one layer (background, accent bar, site name).
Only the rows the title and byline can touch are copied from it, painted and
compressed; the PNG's other rows are the shared layer's, compressed once.
"""

from __future__ import annotations

import io
import json
import os
import time
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageOps

from thoughtful.share.cards import fonts, glyphs
from thoughtful.share.cards.layout import Line, plan

RENDERER_VERSION = "2"  # bump when a change here alters pixels: every card is redrawn
MAX_BYTES = 1_000_000  # Bluesky's limit, the smallest of the platforms
_INK_STEPS = 254  # palette 0..254: background -> ink; 255: accent


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


@lru_cache(maxsize=8)
def _palette(background: str, ink: str, accent: str) -> bytes:
    bg, fg = _rgb(background), _rgb(ink)
    ramp = [_mix(bg, fg, i / _INK_STEPS) for i in range(_INK_STEPS + 1)]
    return bytes(v for color in [*ramp, _rgb(accent)] for v in color)


def _fill(layout: dict[str, Any], role: str, rgb: bool) -> Any:
    strength = 1.0 if role == "title" else layout["muted"]
    if rgb:
        return _mix(_rgb(layout["background"]), _rgb(layout["ink"]), strength)
    return round(_INK_STEPS * strength)


def _right_to_left(text: str) -> bool:
    """Whether the line's first strong character is Hebrew, Arabic or another RTL script."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False


@dataclass(frozen=True, slots=True)
class _Run:
    """One run of text as Pillow's ImageDraw.text would put it down: its coverage
    mask (FreeType's anti-aliased glyphs), the pixel of the mask's corner, and its fill."""

    mask: Any  # Pillow's core 8-bit image, as FreeTypeFont.getmask2 returns it
    x: int
    y: int
    fill: Any


def _runs(lines: list[Line], spec: dict[str, Any], roles: set[str], rgb: bool) -> list[_Run]:
    """The masks of the ``roles`` lines, rendered once and placed as ImageDraw.text would.

    Rendering first tells which rows the text touches, from the masks themselves.
    """
    placed = []
    for line in lines:
        if line.role not in roles:
            continue
        chain = spec["fonts"]["title" if line.role == "title" else "text"]
        fill = _fill(spec["layout"], line.role, rgb)
        x = float(line.x)
        pieces = fonts.runs(line.text, chain)
        if _right_to_left(line.text):
            pieces.reverse()  # runs of a right-to-left line are laid out from the right
        for number, (run, path) in enumerate(pieces):
            # As ImageDraw.text: FreeType gets the fraction of x, the mask the whole pixel.
            mask, (dx, dy) = glyphs.mask(path, line.size, run, x)
            placed.append(_Run(mask, int(x) + dx, line.baseline + dy, fill))
            if number + 1 < len(pieces):
                x += fonts.font(path, line.size).getlength(run)
    return placed


def _paint(image: Image.Image, runs: list[_Run], top: int = 0) -> None:
    """Blend ``runs`` into ``image`` (whose first row is the card's row ``top``)."""
    draw = ImageDraw.Draw(image).draw  # the core ImageDraw.text itself hands the mask to
    for run in runs:
        if run.mask.size[0] and run.mask.size[1]:
            draw.draw_bitmap((run.x, run.y - top), run.mask, draw.draw_ink(run.fill))


def _accent(image: Image.Image, layout: dict[str, Any]) -> None:
    fill = _rgb(layout["accent"]) if image.mode == "RGB" else 255
    ImageDraw.Draw(image).rectangle(
        (0, 0, layout["accent_bar"]["width"] - 1, layout["size"][1] - 1), fill=fill
    )


@fonts.cleared_with_fonts
@lru_cache(maxsize=4)
def _flat_static_layer(frozen: str, site_line: Line) -> Image.Image:
    spec = json.loads(frozen)
    layout = spec["layout"]
    image = Image.new("P", tuple(layout["size"]), 0)
    image.putpalette(_palette(layout["background"], layout["ink"], layout["accent"]))
    _accent(image, spec["layout"])
    _paint(image, _runs([site_line], spec, {"site"}, rgb=False))
    return image


def static_layer(spec: dict[str, Any]) -> Image.Image:
    """The part of a flat card that every card of the site shares (drawn once per process)."""
    lines, _ = plan(spec)
    return _static_for(spec, lines)


def _frozen(spec: dict[str, Any]) -> str:
    """The layout and fonts of ``spec`` as one hashable text (the shared layer's key)."""
    layout, chains = spec["layout"], spec["fonts"]
    # The specs of one batch share these dicts (pickled together): serialized once.
    if _last_frozen[0] is not layout or _last_frozen[1] is not chains:
        text = json.dumps({"layout": layout, "fonts": chains}, sort_keys=True)
        _last_frozen[:] = [layout, chains, text]
    return _last_frozen[2]


_last_frozen: list[Any] = [None, None, ""]


def _static_for(spec: dict[str, Any], lines: list[Line], copy: bool = True) -> Image.Image:
    site = next(line for line in lines if line.role == "site")
    frozen = _frozen(spec)
    shared = _flat_static_layer(frozen, site)
    return shared.copy() if copy else shared


def _picture_base(spec: dict[str, Any]) -> Image.Image:
    layout = spec["layout"]
    size = tuple(layout["size"])
    flat = Image.new("RGB", size, _rgb(layout["background"]))
    if spec.get("background"):
        with Image.open(spec["background"]) as picture:
            cover = ImageOps.fit(picture.convert("RGB"), size)
        flat = Image.blend(cover, flat, layout["background_veil"])
    if spec.get("logo"):
        with Image.open(spec["logo"]) as logo:
            logo = logo.convert("RGBA")
            h = layout["logo_height"]
            logo = logo.resize((max(1, round(logo.width * h / logo.height)), h))
        flat.paste(logo, (size[0] - layout["margin"]["right"] - logo.width,
                          layout["margin"]["top"]), logo)
    _accent(flat, layout)
    return flat


def render(spec: dict[str, Any]) -> tuple[Image.Image, list[Line]]:
    """The card image for ``spec`` and the lines drawn on it (with their boxes)."""
    card, lines = _drawn(spec)
    return (card.image() if isinstance(card, FlatCard) else card), lines


def _drawn(spec: dict[str, Any]) -> tuple[Image.Image | FlatCard, list[Line]]:
    lines, _ = plan(spec)
    if spec.get("background") or spec.get("logo"):
        image = _picture_base(spec)
        _paint(image, _runs(lines, spec, {"site", "title", "byline"}, rgb=True))
        return image, lines
    return _flat_card(spec, lines), lines


@dataclass
class FlatCard:
    """A flat card as the shared layer plus the strips of rows its text was drawn on.

    Only the title and byline differ between cards, so only their rows are copied,
    painted and compressed; every other band of the PNG is the shared layer's.
    """

    static: Image.Image  # the site's shared layer: read, never drawn on
    strips: list[tuple[int, Image.Image]]  # (first row, full-width strip), top to bottom

    def image(self) -> Image.Image:
        """The whole card as one image."""
        whole = self.static.copy()
        for top, strip in self.strips:
            whole.paste(strip, (0, top))
        return whole


def _flat_card(spec: dict[str, Any], lines: list[Line]) -> FlatCard:
    static = _static_for(spec, lines, copy=False)
    height = static.height
    rows = []  # (first band, end band, order, run): the bands each mask touches
    for order, run in enumerate(_runs(lines, spec, {"title", "byline"}, rgb=False)):
        top, bottom = max(0, run.y), min(height, run.y + run.mask.size[1])
        if top < bottom:
            rows.append((top // _BAND_ROWS, -(-bottom // _BAND_ROWS), order, run))
    spans: list[list[Any]] = []  # [first band, end band, members]: overlapping bands merged
    for row in sorted(rows, key=lambda row: row[:3]):
        if spans and row[0] <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], row[1])
            spans[-1][2].append(row)
        else:
            spans.append([row[0], row[1], [row]])
    strips = []
    for first, end, members in spans:
        top = first * _BAND_ROWS
        strip = static.crop((0, top, static.width, min(height, end * _BAND_ROWS)))
        # In the lines' order, as on a whole card: where two masks meet, the last blends last.
        _paint(strip, [row[3] for row in sorted(members, key=lambda row: row[2])], top)
        strips.append((top, strip))
    return FlatCard(static, strips)


def encode(card: Image.Image | FlatCard) -> bytes:
    """``card`` as PNG of at most MAX_BYTES (photos fall back to 256 colors)."""
    if isinstance(card, FlatCard):
        return _flat_png(card)
    if card.mode == "P" and "transparency" not in card.info:
        return _flat_png(FlatCard(card, [(0, card)]))
    buffer = io.BytesIO()
    card.save(buffer, "PNG", compress_level=6)
    if buffer.tell() > MAX_BYTES:
        buffer = io.BytesIO()
        card.quantize(256).save(buffer, "PNG", compress_level=9)
    return buffer.getvalue()


# --- flat cards: PNG written band by band, unchanged bands compressed once -------------
# Cards of one site share most of their rows (the background, the site line, the
# margins around the title), so a PNG's pixel data is written as bands of rows, each
# compressed on its own (a deflate stream may be cut into independently compressed,
# byte-aligned pieces). A band whose pixels this process has compressed before is
# reused; only the bands holding the title and byline are compressed for each card.
# Compressing the changed bands was a third of a card's time with zlib; Intel's ISA-L
# (the isal package) at its fastest level does it about 7x faster, for ~20% more bytes
# in those bands. zlib level 1 with its run-length strategy stays as the fallback.
def _fastest_packer() -> Callable[[], Any]:
    """A maker of raw-deflate compressors: ISA-L's fastest level, else zlib's."""
    try:
        from isal import isal_zlib
    except ImportError:  # no wheel for this platform: the same PNGs, a little slower
        return lambda: zlib.compressobj(1, zlib.DEFLATED, -15, 8, zlib.Z_RLE)
    return lambda: isal_zlib.compressobj(0, isal_zlib.DEFLATED, -15)


_packer = _fastest_packer()
_BAND_ROWS = 10
_BAND_MEMORY = 4  # bands remembered per band position
_bands: dict[tuple[int, int], list[tuple[bytes, bytes, int]]] = {}  # (width, top) -> pieces
_ADLER_BASE = 65521


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (len(data).to_bytes(4, "big") + kind + data
            + zlib.crc32(data, zlib.crc32(kind)).to_bytes(4, "big"))


def _adler_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two pieces from theirs (zlib's adler32_combine)."""
    rem = second_length % _ADLER_BASE
    sum1 = first & 0xFFFF
    sum2 = (rem * sum1) % _ADLER_BASE
    sum1 = (sum1 + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    sum2 = (sum2 + (first >> 16) + (second >> 16) + _ADLER_BASE - rem) % _ADLER_BASE
    return sum1 | (sum2 << 16)


def _filtered(image: Image.Image) -> bytes:
    """``image``'s pixel rows as PNG's filter-0 scanlines: a zero byte before each row.

    Pillow's raw encoder pads each row to a stride with a zero byte at its end; a zero
    put in front turns each row's padding into the next row's filter byte.
    """
    return b"\0" + image.tobytes("raw", image.mode, image.width + 1)[:-1]


def _deflated_band(key: tuple[int, int], filtered: bytes, packer: Any) -> tuple[bytes, int]:
    """The scanlines ``filtered`` deflated, and their Adler-32.

    ``key`` is (width, first row): where on a card the band sits. ``packer`` is the
    card's compressor: each band ends with a full flush, which makes the band's bytes
    independent of what came before, so they can be reused anywhere.
    """
    seen = _bands.setdefault(key, [])
    for number, (known, deflated, check) in enumerate(seen):
        if known == filtered:
            if number:
                seen.insert(0, seen.pop(number))
            return deflated, check
    deflated = packer.compress(filtered) + packer.flush(3)  # 3: Z_FULL_FLUSH in both
    check = zlib.adler32(filtered)
    seen.insert(0, (filtered, deflated, check))
    del seen[_BAND_MEMORY:]
    return deflated, check


class _SharedBands:
    """The shared layer's bands, compressed once per process, and joined runs of them."""

    def __init__(self, static: Image.Image) -> None:
        self.static = static  # kept: the cache is keyed by its id
        packer = _packer()
        width, scanlines = static.width, _filtered(static)
        step = (width + 1) * _BAND_ROWS
        self.bands = []  # (deflated, Adler-32, filtered length) per band
        for band, start in enumerate(range(0, len(scanlines), step)):
            filtered = scanlines[start:start + step]
            deflated, check = _deflated_band((width, band * _BAND_ROWS), filtered, packer)
            self.bands.append((deflated, check, len(filtered)))
        self._runs: dict[tuple[int, int], tuple[bytes, int, int]] = {}

    def run(self, first: int, end: int) -> tuple[bytes, int, int]:
        """Bands ``first`` to ``end`` as one piece: (deflated, Adler-32, filtered length)."""
        known = self._runs.get((first, end))
        if known is None:
            data, check, length = [], 1, 0
            for deflated, band_check, band_length in self.bands[first:end]:
                data.append(deflated)
                check = _adler_combine(check, band_check, band_length)
                length += band_length
            known = self._runs[first, end] = (b"".join(data), check, length)
        return known


def _shared_bands(static: Image.Image) -> _SharedBands:
    known = _shared.get(id(static))
    if known is None or known.static is not static:
        if len(_shared) >= 8:
            _shared.clear()
        known = _shared[id(static)] = _SharedBands(static)
    return known


_shared: dict[int, _SharedBands] = {}


def _flat_png(card: FlatCard) -> bytes:
    """An 8-bit palette card as PNG (the pixels and palette as Pillow would write them).

    Bands of the strips are compressed (or found in the band cache); the bands between
    them are the shared layer's, compressed once per process.
    """
    width, height = card.static.size
    step = (width + 1) * _BAND_ROWS
    pieces, check = [b"\x78\x01"], 1  # zlib header: deflate, 32K window, fastest
    packer = _packer()
    band = 0  # the next band to write
    for top, strip in [*card.strips, (height, None)]:
        if band < -(-top // _BAND_ROWS):  # shared bands up to this strip (or the end)
            shared = _shared_bands(card.static)
            deflated, run_check, length = shared.run(band, -(-top // _BAND_ROWS))
            pieces.append(deflated)
            check = _adler_combine(check, run_check, length)
        if strip is None:
            break
        scanlines = _filtered(strip)
        for number, start in enumerate(range(0, len(scanlines), step)):
            filtered = scanlines[start:start + step]
            key = (width, top + number * _BAND_ROWS)
            deflated, band_check = _deflated_band(key, filtered, packer)
            pieces.append(deflated)
            check = _adler_combine(check, band_check, len(filtered))
        band = -(-(top + strip.height) // _BAND_ROWS)
    pieces += [b"\x03\x00", check.to_bytes(4, "big")]  # an empty final block; checksum
    header = (width.to_bytes(4, "big") + height.to_bytes(4, "big")
              + bytes((8, 3, 0, 0, 0)))  # 8 bits, palette, deflate, no filter set, no interlace
    return b"".join((b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                     _chunk(b"PLTE", bytes(card.static.getpalette("RGB"))),
                     _chunk(b"IDAT", b"".join(pieces)), _chunk(b"IEND", b"")))


def draw_card(spec: dict[str, Any]) -> dict[str, Any]:
    """Draw the card for ``spec`` into ``spec["path"]`` (atomically); returns what was written."""
    started = time.process_time()
    card, lines = _drawn(spec)
    folder, name = os.path.split(spec["path"])  # CardSet made it: a hex name in the cache
    if not name.endswith(".png") or name.startswith("."):
        raise ValueError(f"refusing to write {spec['path']}: not a card file")
    data = encode(card)
    partial = os.path.join(folder, f".{name}.{os.getpid()}.part")
    _write_new(partial, data)
    os.replace(partial, spec["path"])  # a reader never sees half a card
    return {"name": name, "bytes": len(data),
            "size": (card.static if isinstance(card, FlatCard) else card).size,
            "boxes": [line.box for line in lines], "cpu": time.process_time() - started,
            "finished": time.time()}


def _write_new(path: str, data: bytes) -> None:
    """Write ``data`` to a new file at ``path``; fail if anything is there already (never
    write through a file or link someone else put there)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def draw_many(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Draw a batch of cards (one task for a worker process).

    A card that cannot be drawn (say, an unreadable background image) comes back
    with an "error" instead of stopping the others; the build names its post.
    """
    results = []
    for spec in specs:
        try:
            results.append(draw_card(spec))
        except Exception as err:  # any failure: reported per card, naming its post
            results.append({"name": Path(spec["path"]).name, "error": f"{err}",
                            "cpu": 0.0, "finished": time.time()})
    return results
