"""Local identicons: a 5x5 mirrored pattern drawn from a hash of the commenter's name.

No Gravatar request and no email needed: the picture is computed at build time
and drawn by the template as an inline SVG (see templates/comments/identicon.html).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# Colors readable on both the light and the dark background.
PALETTE = ("#9a5b2f", "#2f6f9a", "#7a4a9a", "#2f8a5a", "#a23d5d", "#5b6b2f", "#3d5da2", "#8a6a1f")


@dataclass(frozen=True)
class Identicon:
    """Cells to fill (column, row) in a 5x5 grid, and their color."""

    color: str
    cells: tuple[tuple[int, int], ...]


def identicon(seed: str) -> Identicon:
    """The identicon for ``seed`` (the author's name and website): same seed, same picture."""
    digest = hashlib.sha256(seed.strip().lower().encode("utf-8")).digest()
    cells = []
    for row in range(5):
        for col in range(3):  # left half and middle; the right half mirrors it
            if digest[row * 3 + col] % 2:
                cells.append((col, row))
                if col < 2:
                    cells.append((4 - col, row))
    if not cells:  # an empty square says nothing; keep the middle column
        cells = [(2, row) for row in range(5)]
    return Identicon(color=PALETTE[digest[20] % len(PALETTE)], cells=tuple(sorted(cells)))
