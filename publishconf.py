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

# Drafts stay on the writer's machine: the local build shows them at drafts/<slug>/,
# a published build leaves them out (an unlisted address is still a public one).
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

# A published build keeps a content cache of its own, never the development build's
# (its URLs are absolute), and uses it only when it was made under the same settings,
# theme, plugin code and Pelican (plugins/thoughtful/cache_key.py).
CACHE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "publish")
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
DELETE_OUTPUT_DIRECTORY = False

# --- Deploy ---
# Where `invoke publish` / `invoke deploy` put the site: rsync, ghpages, s3 or folder.
# Credentials never go here: SSH keys live in ~/.ssh (or ssh-agent), S3 keys in the
# environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or ~/.aws. See README "Publishing".
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET", "folder")
DEPLOY = {
    "rsync": {
        "host": os.environ.get("DEPLOY_SSH_HOST", ""),
        "user": os.environ.get("DEPLOY_SSH_USER") or None,
        "port": int(os.environ.get("DEPLOY_SSH_PORT", "22")),
        "path": os.environ.get("DEPLOY_SSH_PATH", "smalllessons"),  # document root: <path>/current
        "keep": 5,
    },
    "ghpages": {
        "remote": "origin",
        "branch": "gh-pages",
        "cname": os.environ.get("DEPLOY_CNAME") or None,
        "nojekyll": True,
    },
    "s3": {
        "bucket": os.environ.get("DEPLOY_S3_BUCKET", ""),
        # The site's folder in the bucket, e.g. "blog/"; the whole bucket is spelled "/".
        "prefix": os.environ.get("DEPLOY_S3_PREFIX", ""),
        "endpoint_url": os.environ.get("DEPLOY_S3_ENDPOINT_URL") or None,
        "region": os.environ.get("AWS_REGION") or None,
        "profile": os.environ.get("AWS_PROFILE") or None,
    },
    "folder": {
        # A folder, or a path ending in .zip, to drag onto Netlify Drop / Cloudflare Pages.
        "path": os.environ.get(
            "DEPLOY_FOLDER", os.path.join(os.path.dirname(os.path.abspath(__file__)), "output-dist")
        ),
    },
}
