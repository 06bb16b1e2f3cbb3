"""Settings of the share half: every default in one dict, and how each is checked.

Override any of them in pelicanconf.py (see its "Share cards" section).
"""

import re
from pathlib import Path
from typing import Any

from thoughtful.config import Validator, of_type

FONTS = Path(__file__).parent / "fonts"

# The card layout, as data: sizes in pixels, colors as #rrggbb. A site sets
# SHARE_CARD_LAYOUT to a dict with only the keys it changes.
CARD_LAYOUT: dict[str, Any] = {
    "size": [1200, 630],
    "background": "#f7f2ea",
    "ink": "#1f1b16",
    "accent": "#b3502d",
    # How strongly the small texts (site name, byline) are inked: 0 = invisible, 1 = like the title.
    "muted": 0.62,
    "margin": {"left": 96, "top": 80, "right": 96, "bottom": 72},
    "accent_bar": {"width": 24},
    "site": {"size": 32},
    # align: "center" puts the title block midway between the site name and the byline
    # (a one-line title no longer leaves an empty band); "top" keeps it under the site name.
    "title": {"size": 76, "min_size": 52, "line_height": 1.22, "max_lines": 4, "gap": 36,
              "align": "center"},
    "byline": {
        "size": 30,
        "fields": ["author", "date", "series_or_category"],
        "separator": "  ·  ",
    },
    # A PNG/JPEG drawn at the top right (path relative to content/), or "".
    "logo": "",
    "logo_height": 72,
    # Drawn over a post's background image so the text stays readable (0..1).
    "background_veil": 0.82,
}

DEFAULTS: dict[str, Any] = {
    # Absolute address used for og:url and og:image while SITEURL is "" (development).
    "SHARE_SITEURL": "http://127.0.0.1:8000",
    # name -> {"url", "x", "mastodon", "bluesky", "same_as": [...]}; one record per author.
    "SHARE_AUTHORS": {},
    "SHARE_SITE_X": "",  # the site's own X handle, for twitter:site and the "via" of X links
    "SHARE_LOCALE": "en_US",
    "SHARE_DESCRIPTION_LENGTH": 160,
    "SHARE_NETWORKS": [
        "x", "facebook", "linkedin", "mastodon", "bluesky", "reddit", "hackernews", "email",
    ],
    "SHARE_MASTODON_INSTANCE": "",  # e.g. "mastodon.social"; "" uses share.joinmastodon.org
    "SHARE_CARD_LAYOUT": {},
    "SHARE_CARD_FONTS": {
        "title": [
            str(FONTS / "NotoSansCJKjp-Bold-Latin.otf"),
            str(FONTS / "NotoSansCJKjp-Bold-CJK.otf"),
            str(FONTS / "DejaVuSans-Bold.ttf"),
        ],
        "text": [
            str(FONTS / "NotoSansCJKjp-Regular-Latin.otf"),
            str(FONTS / "NotoSansCJKjp-Bold-CJK.otf"),
            str(FONTS / "DejaVuSans-Bold.ttf"),
        ],
    },
    "SHARE_CARD_WORKERS": 0,  # 0 = one per core
    "SHARE_CARDS_URL": "cards",  # cards are copied to output/<this>/<hash>.png
    "SHARE_PREVIEW_PAGE": False,  # also write output/<SHARE_CARDS_URL>/preview/index.html
}


def _dict_of_dicts(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        return "expected a dict of author name -> dict of fields"
    return None


def _networks(value: Any) -> str | None:
    from thoughtful.share.links import NETWORKS

    if not isinstance(value, list | tuple):
        return "expected a list of network names"
    unknown = [name for name in value if name not in NETWORKS]
    return f"unknown networks {unknown}; known: {sorted(NETWORKS)}" if unknown else None


def _fonts(value: Any) -> str | None:
    if not isinstance(value, dict) or set(value) != {"title", "text"}:
        return "expected {'title': [font paths], 'text': [font paths]}"
    missing = [p for chain in value.values() for p in chain if not Path(p).is_file()]
    return f"font files not found: {missing}" if missing else None


def _layout(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "expected a dict of layout keys to change"
    unknown = set(value) - set(CARD_LAYOUT)
    if unknown:
        return f"unknown layout keys {sorted(unknown)}; known: {sorted(CARD_LAYOUT)}"
    return None


def _absolute_http(value: Any) -> str | None:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return "expected an absolute http(s) address like http://127.0.0.1:8000"
    return None


# Folders the site's own files use: cards need a folder of their own, because the build
# removes old cards from it (only files named like a card, but still).
_SHARED_FOLDERS = {"images", "theme", "static", "feeds", "drafts", "pages", "files",
                   "category", "tag", "author", "authors", "tags", "categories", "archives"}


def _cards_folder(value: Any) -> str | None:
    name = value.strip("/") if isinstance(value, str) else value
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):
        return (f"expected one plain folder name of letters, digits, - and _ (like 'cards'), "
                f"got {value!r}")
    if name.lower() in _SHARED_FOLDERS:
        return f"{value!r} is a folder the site uses for other files; give cards their own"
    return None


VALIDATORS: dict[str, Validator] = {
    "SHARE_SITEURL": _absolute_http,
    "SHARE_AUTHORS": _dict_of_dicts,
    "SHARE_SITE_X": of_type(str),
    "SHARE_LOCALE": of_type(str),
    "SHARE_DESCRIPTION_LENGTH": of_type(int),
    "SHARE_NETWORKS": _networks,
    "SHARE_MASTODON_INSTANCE": of_type(str),
    "SHARE_CARD_LAYOUT": _layout,
    "SHARE_CARD_FONTS": _fonts,
    "SHARE_CARD_WORKERS": of_type(int),
    "SHARE_CARDS_URL": _cards_folder,
    "SHARE_PREVIEW_PAGE": of_type(bool),
}


def card_layout(overrides: dict[str, Any]) -> dict[str, Any]:
    """The default layout with a site's changes merged in (nested dicts merged one level)."""
    layout = {k: (dict(v) if isinstance(v, dict) else v) for k, v in CARD_LAYOUT.items()}
    for key, val in overrides.items():
        if isinstance(val, dict) and isinstance(layout.get(key), dict):
            layout[key].update(val)
        else:
            layout[key] = val
    return layout
