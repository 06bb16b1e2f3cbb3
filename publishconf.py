"""Production settings: absolute URLs and feeds. Used by `invoke publish` and `invoke preview`.

Set SITEURL to the address the blog is served from (no trailing slash).
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://smalllessons.example")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
FEED_MAX_ITEMS = 20

# A published build never reuses a cache from a development build.
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
