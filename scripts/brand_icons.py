"""Vendor the brand marks of the comment section's log-in row and of the share row
from Simple Icons (CC0).

Usage (after ``npm ci``, which installs the ``simple-icons`` version pinned in
package.json)::

    .venv/bin/python scripts/brand_icons.py [path/to/simple-icons]

Each brand's mark is drawn white on a rounded tile of the brand's own colour (the
``hex`` Simple Icons records), so the same file reads on light and dark pages. The
marks Simple Icons does not carry (Microsoft asked for its removal; "Email" and
"Anonymous" are not brands) are simple shapes kept in CUSTOM below. The files go to
theme/static/icons/providers/<key>.svg and theme/static/icons/share/<id>.svg, each
folder with a LICENSE.md naming the source. (LinkedIn, also gone from Simple Icons,
is drawn here; the plain email/link/share glyphs of the share row are kept as they are.)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "theme" / "static" / "icons" / "providers"
SHARE_TARGET = ROOT / "theme" / "static" / "icons" / "share"

# Provider key (THOUGHTFUL_COMMENTS_PROVIDERS) -> Simple Icons slug.
SLUGS = {
    "wordpress": "wordpress",
    "google": "google",
    "x": "x",
    "facebook": "facebook",
    "github": "github",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "apple": "apple",
    "telegram": "telegram",
}

# Share link id (share/links.py) -> Simple Icons slug.
SHARE_SLUGS = {
    "x": "x",
    "facebook": "facebook",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "reddit": "reddit",
    "hackernews": "ycombinator",
}

# Not in Simple Icons: plain shapes on a 24-unit grid, with the tile colour.
CUSTOM = {
    "microsoft": ("ffffff", '<path fill="#f25022" d="M1 1h10.4v10.4H1z"/>'
                            '<path fill="#7fba00" d="M12.6 1H23v10.4H12.6z"/>'
                            '<path fill="#00a4ef" d="M1 12.6h10.4V23H1z"/>'
                            '<path fill="#ffb900" d="M12.6 12.6H23V23H12.6z"/>'),
    "email": ("0b6e4f", '<path fill="#fff" d="M2 4h20v16H2zm2 2v.6l8 5.4 8-5.4V6zm0 3v9h16V9l-8 '
                        '5.4z"/>'),
    "anonymous": ("5b4b8a", '<path fill="#fff" d="M12 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 12c5.5 '
                            '0 9 2.7 9 6v2H3v-2c0-3.3 3.5-6 9-6z"/>'),
}

# LinkedIn left Simple Icons too: its "in", drawn as shapes, on its blue.
SHARE_CUSTOM = {
    "linkedin": ("0a66c2", '<circle fill="#fff" cx="5.5" cy="5" r="2.3"/>'
                           '<path fill="#fff" d="M3.5 9h4v11h-4zm6.5 0h3.8v1.6c.6-1 1.9-1.9 '
                           '3.8-1.9 3.2 0 4.2 2 4.2 4.9V20h-4v-5.6c0-1.4-.3-2.5-1.7-2.5s-2.1 '
                           '1.1-2.1 2.5V20h-4z"/>'),
}

TILE = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">'
        '<rect width="32" height="32" rx="7" fill="#{hex}"/>'
        '<g transform="translate(6 6) scale(0.8333)">{body}</g></svg>\n')


def tile(hex_colour: str, body: str) -> str:
    """One icon file: ``body`` (24-unit SVG shapes) centred on a tile of ``hex_colour``."""
    return TILE.format(hex=hex_colour.lower(), body=body)


def simple_icon(package: Path, slug: str) -> tuple[str, str, str]:
    """(title, hex colour, path data) of one Simple Icons brand."""
    data = json.loads((package / "data" / "simple-icons.json").read_text(encoding="utf-8"))
    icons = data if isinstance(data, list) else data["icons"]
    entry = next(i for i in icons if i.get("slug") == slug)
    svg = (package / "icons" / f"{slug}.svg").read_text(encoding="utf-8")
    path = re.search(r'<path d="([^"]+)"', svg)
    if not path:
        raise SystemExit(f"{slug}.svg: no single <path d=...> found")
    return entry["title"], entry["hex"], path.group(1)


def write_marks(package: Path, target: Path, slugs: dict[str, str], what: str,
                custom: dict[str, tuple[str, str]]) -> None:
    """Write ``target/<key>.svg`` for each of ``slugs`` and ``custom``, and its LICENSE.md."""
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    target.mkdir(parents=True, exist_ok=True)
    rows = []
    for key, slug in slugs.items():
        title, hex_colour, d = simple_icon(package, slug)
        (target / f"{key}.svg").write_text(tile(hex_colour, f'<path fill="#fff" d="{d}"/>'),
                                           encoding="utf-8")
        rows.append(f"| {key}.svg | {title} | `{slug}` | #{hex_colour} |")
    for key, (hex_colour, body) in custom.items():
        (target / f"{key}.svg").write_text(tile(hex_colour, body), encoding="utf-8")
        rows.append(f"| {key}.svg | (drawn here: not in Simple Icons) | – | #{hex_colour} |")
    (target / "LICENSE.md").write_text(
        LICENSE.format(version=version, what=what, rows="\n".join(rows)), encoding="utf-8")


def main(package: Path) -> None:
    """Write the log-in row's and the share row's brand marks, with their licence notes."""
    write_marks(package, TARGET, SLUGS, "the log-in each icon stands for", CUSTOM)
    write_marks(package, SHARE_TARGET, SHARE_SLUGS, "the service each share link opens",
                SHARE_CUSTOM)


LICENSE = """# Brand icons

Written by `scripts/brand_icons.py`; do not edit by hand.

The brand marks come from [Simple Icons](https://simpleicons.org) {version}
(npm package `simple-icons`, pinned in package.json), released under
[CC0 1.0](https://github.com/simple-icons/simple-icons/blob/develop/LICENSE.md).
Each mark is drawn white on a tile of the colour Simple Icons records for the brand.
The marks remain trademarks of their owners; they are shown only to name
{what}, as each brand's guidelines allow.

| File | Brand (Simple Icons title) | Slug | Tile colour |
|------|----------------------------|------|-------------|
{rows}
"""


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "node_modules" / "simple-icons")
