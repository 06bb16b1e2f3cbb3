"""The font fallback chain: which font draws which character.

Font objects and coverage sets are cached per process (keyed by file path),
so a worker that draws many cards loads each font once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from functools import lru_cache

from PIL import ImageFont


@lru_cache(maxsize=64)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """The Pillow font for ``path`` at ``size`` pixels (loaded once per process)."""
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=16)
def coverage(path: str) -> frozenset[int]:
    """Code points the font at ``path`` has glyphs for (read from its cmap once)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as tt:
        return frozenset(tt.getBestCmap())


# Characters that never need a glyph (they shape or join, but draw nothing).
_INVISIBLE = frozenset(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufe0e\ufe0f"))


def pick(char: str, chain: Sequence[str]) -> str | None:
    """The first font in ``chain`` that covers ``char``, or None."""
    code = ord(char)
    for path in chain:
        if code in coverage(path):
            return path
    return None


@lru_cache(maxsize=16)
def _covers_ascii(path: str) -> bool:
    return all(code in coverage(path) for code in range(0x20, 0x7F))


def runs(text: str, chain: Sequence[str]) -> list[tuple[str, str]]:
    """Split ``text`` into (run, font path) pieces; characters no font has are dropped."""
    if text.isascii() and _covers_ascii(chain[0]):  # the common case, without a lookup per char
        return [(text, chain[0])] if text else []
    if set(map(ord, text)) <= coverage(chain[0]):  # all in the first font ("·", "é"): one run
        return [(text, chain[0])]
    pieces: list[tuple[str, str]] = []
    for char in text:
        # Spaces, digits and punctuation stay in the current font when it has them, so a
        # Hebrew or Arabic line is one run and the shaper orders the whole of it.
        if pieces and not char.isalpha() and ord(char) in coverage(pieces[-1][1]):
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1])
            continue
        path = pick(char, chain)
        if path is None:
            if ord(char) in _INVISIBLE or char.isspace():
                path = pieces[-1][1] if pieces else chain[0]
            else:
                continue
        if pieces and pieces[-1][1] == path:
            pieces[-1] = (pieces[-1][0] + char, path)
        else:
            pieces.append((char, path))
    return pieces


def missing(text: str, chain: Sequence[str]) -> str:
    """The distinct characters of ``text`` that no font in ``chain`` covers, in order."""
    if set(map(ord, text)) <= coverage(chain[0]):  # one set operation for the usual case
        return ""
    seen: dict[str, None] = {}
    for char in dict.fromkeys(text):
        if char.isspace() or ord(char) in _INVISIBLE:
            continue
        if pick(char, chain) is None:
            seen[char] = None
    return "".join(seen)


def digest(paths: Sequence[str]) -> str:
    """A hash of the font files' bytes: a changed font makes new card names.

    Also forgets the fonts, coverage and widths this process cached when a file
    changed since (a long-running `invoke livereload` must draw with the new font).
    """
    # Hashing the files takes ~15 ms; the live preview asks on every refresh. The same
    # size and modification time (to the nanosecond) means the same bytes here.
    stamps = tuple((st.st_size, st.st_mtime_ns) for st in map(os.stat, paths))
    known = _hashed.get(tuple(paths))
    if known is not None and known[0] == stamps:
        value = known[1]
    else:
        h = hashlib.blake2b(digest_size=16)
        for path in paths:
            with open(path, "rb") as f:
                h.update(hashlib.file_digest(f, "blake2b").digest())
        value = h.hexdigest()
        _hashed[tuple(paths)] = (stamps, value)
    if _seen.setdefault(tuple(paths), value) != value:
        _seen[tuple(paths)] = value
        for cached in (font, coverage, _covers_ascii, *_dependents):
            cached.cache_clear()
    return value


def cleared_with_fonts(cached: Callable) -> Callable:
    """Register an lru_cache'd function whose results depend on the font files."""
    _dependents.append(cached)
    return cached


# A cache of loaded files, not build state: the digest last seen per font chain, and
# the caches elsewhere (text widths, static layers) that depend on the fonts.
_seen: dict[tuple[str, ...], str] = {}
_hashed: dict[tuple[str, ...], tuple[tuple, str]] = {}  # paths -> (their stat stamps, digest)
_dependents: list[Callable] = []
