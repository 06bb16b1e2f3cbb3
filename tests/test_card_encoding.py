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
