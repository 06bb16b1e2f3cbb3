"""Development settings: relative URLs, fast builds, for local preview.

The settings a writer changes are at the top. Plugin settings (share cards,
comments) have their defaults in plugins/thoughtful/*/settings.py; set only the
ones you want to change here.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# --- Who and what -----------------------------------------------------------
AUTHOR = "Maya Lindqvist"
SITENAME = "Small Lessons"
SITESUBTITLE = "Essays on work, craft and attention. A new one every Thursday."
SITEURL = ""  # empty for local preview; publishconf.py sets the real address
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "en"
LOCALE = ("en_US.UTF-8", "C.UTF-8")

# --- Where things are -------------------------------------------------------
PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
# The marker that lets the project's tasks empty an output folder (sitetools/paths.py)
# survives Pelican's own cleaning, should DELETE_OUTPUT_DIRECTORY be turned on.
OUTPUT_RETENTION = [".thoughtful-output"]
THEME = str(ROOT / "theme")
CACHE_PATH = str(ROOT / ".cache" / "pelican")
PLUGIN_PATHS = [str(ROOT / "plugins")]
# Each half of the site's plugin can be switched on or off on its own.
# thoughtful.parallel renders pages on all cores (THOUGHTFUL_PARALLEL_WORKERS = 1: off).
PLUGINS = ["thoughtful.site", "thoughtful.share", "thoughtful.comments", "thoughtful.parallel"]

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_EXCLUDES = ["comments"]
PAGE_EXCLUDES = ["comments"]

# --- URLs: pretty folders, the same on every host -----------------------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_SAVE_AS = "tags/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DIRECT_TEMPLATES = [
    "index", "archives", "categories", "tags", "authors", "404", "sitemap", "robots",
]
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"

DEFAULT_PAGINATION = 8
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 60
DEFAULT_DATE_FORMAT = "%-d %B %Y"
RELATIVE_URLS = True

# --- Feeds: off while previewing, on in publishconf.py ------------------------
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Content checks (plugins/thoughtful/site/settings.py has the defaults) ------
# A partial date ("2024", "Tuesday") or two files with one URL is reported by file
# and field and that file skipped; set False to get Pelican's own behaviour back.
THOUGHTFUL_SITE_CHECK_DATES = True
THOUGHTFUL_SITE_CHECK_COLLISIONS = True

# --- Markdown and code ----------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Autoescape everything; templates mark only rendered content and summaries safe.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    # Each build (and each livereload rebuild) is a fresh process with fresh templates,
    # so Jinja need not stat every template file again on every include.
    "auto_reload": False,
}

# Pelican's content cache makes warm rebuilds fast. Uncompressed, because Pelican
# rewrites the whole cache on every build: gzip made that the slowest step of a warm
# rebuild (0.9 s of 2.5 s for 1,000 posts); the cache is ~9 MB bigger on disk instead.
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
GZIP_CACHE = False

# Card images and other generated files are cached here, outside content/.
THOUGHTFUL_CACHE_PATH = str(ROOT / ".cache")

# --- Comments ---------------------------------------------------------------------
# The "Leave a Reply" section (plugins/thoughtful/comments/settings.py has every default).
# mailto works with no server; "isso" uses `invoke comments-server` while previewing.
# One build in another mode: THOUGHTFUL_COMMENTS_MODE=isso invoke build
THOUGHTFUL_COMMENTS_MODE = os.environ.get("THOUGHTFUL_COMMENTS_MODE", "mailto")
THOUGHTFUL_COMMENTS_EMAIL = "maya@smalllessons.example"

# --- Share cards --------------------------------------------------------------------
# Share meta, card images and share links (plugins/thoughtful/share/settings.py has
# every default, including the card layout). One record per author feeds
# article:author, twitter:creator, fediverse:creator and JSON-LD sameAs.
SHARE_AUTHORS = {
    "Maya Lindqvist": {
        "url": "about/",
        "x": "@mayalindqvist",
        "mastodon": "@maya@mastodon.example",
        "bluesky": "maya.smalllessons.example",
    },
}
SHARE_SITE_X = "@smalllessons"
SHARE_MASTODON_INSTANCE = ""  # "" lets the reader pick their server (share.joinmastodon.org)
SHARE_SITEURL = "http://127.0.0.1:8000"  # og:url / og:image while SITEURL is "" (preview)
# Change only what differs from the default layout, e.g. {"accent": "#1a5fb4"}.
SHARE_CARD_LAYOUT = {}
