"""Line breaking by measured width: spaces, and between CJK characters.

``measure`` is any function from text to pixel width, so the same code wraps
with one font, a fallback chain, or (in tests) a fake ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Measure = Callable[[str], float]
ELLIPSIS = "…"

# Scripts written without spaces: a line may break between any two of these.
_CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
# Marks that must not start a line (Japanese kinsoku, simplified): they stick to the left.
_NO_START = "、。，．・：；？！ー）」』】〕〉》”’ヽヾゝゞ々ぁぃぅぇぉっゃゅょァィゥェォッャュョ"
_TOKEN = re.compile(
    rf"[{_CJK}][{_NO_START}]*"  # one CJK character with its trailing marks
    rf"|[^\s{_CJK}]+[{_NO_START}]*\s*"  # a word with its trailing spaces
    r"|\s+"
)


def tokens(text: str) -> list[str]:
    """Pieces of ``text`` between which a line may break (joined, they give the text back)."""
    return _TOKEN.findall(text)


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; a word too wide is split."""
    lines: list[str] = []
    line = ""
    for token in tokens(" ".join(text.split())):
        candidate = line + token
        if measure(candidate.rstrip()) <= width:
            line = candidate
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while measure(line.rstrip()) > width and len(line) > 1:
            head = _longest_fit(line, measure, width)
            lines.append(head)
            line = line[len(head):]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def ellipsize(text: str, measure: Measure, width: float) -> str:
    """``text`` if it fits, else its longest prefix (at a break if possible) plus "…"."""
    text = text.rstrip()
    if measure(text) <= width:
        return text
    pieces = tokens(text)
    while pieces:
        pieces.pop()
        head = "".join(pieces).rstrip(" ,;:·-–—")
        if head and measure(head + ELLIPSIS) <= width:
            return head + ELLIPSIS
    return _longest_fit(text, lambda s: measure(s + ELLIPSIS), width) + ELLIPSIS


def fit(
    text: str, measure: Measure, width: float, max_lines: int
) -> tuple[list[str], bool]:
    """Wrap into at most ``max_lines``; returns (lines, whether the text was cut)."""
    lines = wrap(text, measure, width)
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    # Put as much of the rest as fits on the last line, then the ellipsis.
    rest = kept[-1] + " " + " ".join(lines[max_lines:])
    kept[-1] = ellipsize(rest, measure, width)
    return kept, True


def _longest_fit(text: str, measure: Measure, width: float) -> str:
    low, high = 1, len(text)
    while low < high:  # binary search on the prefix length
        mid = (low + high + 1) // 2
        if measure(text[:mid]) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low]
