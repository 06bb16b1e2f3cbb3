"""Flat cards are written band by band with reused pieces (draw.encode): the PNG holds
exactly the pixels drawn, under the byte limit, and the same card gives the same bytes
whatever was drawn before it."""

import io
import zlib

from PIL import Image
from test_share_cards import spec
from thoughtful.share.cards import draw

TITLES = [
    "Thoughtful Thursday 12: Garden and Notebook",
    "A much longer title about attention, craft and the quiet of early mornings at the table",
    "Короткий заголовок",
    "على مهل: دروس صغيرة",
    "小さな教訓について",
]


def cards(tmp_path):
    return [draw.render(spec(title, tmp_path / f"{n}.png"))[0] for n, title in enumerate(TITLES)]


def pillow_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1, compress_type=zlib.Z_RLE)
    return buffer.getvalue()


def test_each_card_decodes_to_the_pixels_drawn_as_pillows_own_png_does(tmp_path):
    for image in cards(tmp_path):
        assert image.mode == "P"
        ours = Image.open(io.BytesIO(draw.encode(image)))
        theirs = Image.open(io.BytesIO(pillow_png(image)))
        assert ours.mode == theirs.mode == "P" and ours.size == theirs.size == (1200, 630)
        assert ours.convert("RGB").tobytes() == image.convert("RGB").tobytes()
        assert ours.convert("RGB").tobytes() == theirs.convert("RGB").tobytes()
        assert len(draw.encode(image)) < draw.MAX_BYTES


def test_a_card_is_the_same_bytes_whatever_was_encoded_before(tmp_path):
    images = cards(tmp_path)
    draw._bands.clear()
    alone = [draw.encode(image) for image in images]
    for image, first in zip(reversed(images), reversed(alone), strict=True):
        assert draw.encode(image) == first  # now from pieces other cards left behind
    assert len(set(alone)) == len(alone)


def test_the_png_checksums_hold(tmp_path):
    data = draw.encode(cards(tmp_path)[1])
    position = 8
    kinds = []
    while position < len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind, body = data[position + 4:position + 8], data[position + 8:position + 8 + length]
        crc = int.from_bytes(data[position + 8 + length:position + 12 + length], "big")
        assert zlib.crc32(body, zlib.crc32(kind)) == crc, kind
        if kind == b"IDAT":
            zlib.decompress(body)  # raises on a wrong Adler-32
        kinds.append(kind)
        position += 12 + length
    assert kinds == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]


TALL_AND_DEEP = [
    "Ǻngström, Ÿves and Ḉafé: accents above the capitals",
    "gjpqy yqpjg: descenders all the way down",
    "\u201cQuoted\u201d — Jaguar’s jump",
    "A very long title " * 17,
]


def painted_with_image_draw(card: dict) -> Image.Image:
    """The reference: each line written on a whole copy of the shared layer with Pillow's
    public ImageDraw.text, run by run, as a plain Pillow script would."""
    from PIL import ImageDraw
    from thoughtful.share.cards import fonts
    from thoughtful.share.cards.layout import plan

    whole = draw.static_layer(card).copy()
    pen = ImageDraw.Draw(whole)
    pen.fontmode = "L"
    for line in plan(card)[0]:
        if line.role == "site":
            continue  # already on the shared layer
        chain = card["fonts"]["title" if line.role == "title" else "text"]
        pieces = fonts.runs(line.text, chain)
        if draw._right_to_left(line.text):
            pieces.reverse()
        x = float(line.x)
        for run, path in pieces:
            face = fonts.font(path, line.size)
            fill = draw._fill(card["layout"], line.role, rgb=False)
            pen.text((x, line.baseline), run, font=face, fill=fill, anchor="ls")
            x += face.getlength(run)
    return whole


def test_a_card_drawn_strip_by_strip_has_the_pixels_of_one_painted_whole(tmp_path):
    # draw_card renders each run's mask once, paints only the rows the masks touch
    # (strips of the shared layer) and compresses only those.
    for n, title in enumerate(TITLES + TALL_AND_DEEP):
        card = spec(title, tmp_path / f"{n}.png")
        draw.draw_card(card)
        whole = painted_with_image_draw(card)
        with Image.open(tmp_path / f"{n}.png") as drawn:
            assert drawn.mode == "P"
            assert drawn.tobytes() == whole.tobytes(), title
            assert drawn.getpalette() == whole.getpalette()


def test_without_isal_the_card_is_the_same_pixels_in_zlib(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_isal(name, *args, **kwargs):
        if name.startswith("isal"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_isal)
    monkeypatch.setattr(draw, "_packer", draw._fastest_packer())
    monkeypatch.setattr(draw, "_bands", {})
    monkeypatch.setattr(draw, "_shared", {})
    images = cards(tmp_path)
    for image in images:
        data = draw.encode(image)
        assert Image.open(io.BytesIO(data)).tobytes() == image.tobytes()
    assert type(draw._packer()).__module__ == "zlib"  # the fallback was the one used
