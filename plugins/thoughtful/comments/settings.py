"""Settings of the comments half: every default in one dict, validated once.

A site changes only what it needs in pelicanconf.py, for example::

    THOUGHTFUL_COMMENTS_MODE = "isso"
    THOUGHTFUL_COMMENTS_ISSO = {"url": "https://comments.example.org"}
    THOUGHTFUL_COMMENTS_TEXT = {"heading": "Leave a Reply"}

Dict settings (TEXT, STATES, ISSO, ...) are merged key by key over their
defaults, so a site may override one text and keep the rest.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Mapping
from typing import Any

from thoughtful import config

log = logging.getLogger(__name__)

PLUGIN = "thoughtful.comments"
KEY = "THOUGHTFUL_COMMENTS"  # this build's State (settings and sections), kept on the settings

MODES = ("closed", "mailto", "isso", "giscus", "utterances", "remark42", "mastodon", "webmention")
STATES = ("open", "closed", "hidden")

# The WordPress.com "Highlander" form's wording, kept as the defaults.
TEXT = {
    "heading": "Leave a Reply",
    "intro": "Fill in your details below or click an icon to log in:",
    "intro_fields_only": "Fill in your details below:",
    "email": "Email",
    "required": "(required)",
    "email_note": "(Address never made public)",
    "name": "Name",
    "website": "Website",
    "comment": "Comment",
    "post": "Post",
    "submit": "Post Comment",
    "closed": "Comments are closed.",
    "responses_one": "One response to “{title}”",
    "responses_many": "{count} responses to “{title}”",
    "count_none": "Leave a comment",
    "count_one": "1 Comment",
    "count_many": "{count} Comments",
    "reply_link": "Reply",
    "reply_link_label": "Reply to {author}",
    "heading_reply": "Leave a Reply to {author}",
    "in_reply_to": "in reply to {author}",
    "feed": "Comments feed (Atom)",
    "load": "Load comments from {host}",
    "load_note": "Clicking loads {what} from {host}. "
    "Nothing is requested from {host} until you click.",
    "loading": "Loading comments from {host}…",
    "needs_js_note": "Comments from {host} need JavaScript, which is off. "
    "The comments above are complete as of the last update of this page.",
    "load_failed": "Could not load comments from {host}. The comments above are still here.",
    "mailto_note": "Posting opens your email app with a message to {author}. "
    "Nothing is published until {author} adds it to the page.",
    "mailto_fallback": "Email your reply to {author}",
    "mailto_opened": "Your email app should now open with your comment. If it did not, "
    "use this link:",
    "mailto_subject": "Comment on “{title}”",
    "error_required": "Please fill in: {fields}.",
    "error_email": "Please enter a valid email address.",
    "error_website": "The website must start with http:// or https://.",
    "intro_icons_only": "Click an icon to log in:",
    "intro_email": "Reply by email, or click an icon to log in:",
    "intro_links_only": "Reply from your own account:",
    "reply_on": "Reply on {provider}",
    "login_with": "Log in with {provider}",
    "login_needs_server": "Signing in with {provider} needs a comment server this blog "
    "does not run.",
    "login_or_email": "Or reply by email: your address is never published.",
    "login_or_fields": "Fill in your details below instead: your email address is never "
    "published.",
    "login_nojs": "Signing in needs JavaScript, which is off.",
    "connecting": "Connecting to {provider}…",
    "logged_in": "You are commenting using your {provider} account.",
    "log_out": "Log Out",
    "change": "Change",
    "cancel_reply": "Cancel reply",
    "mailto_reply_subject": "Re: {author}’s comment on “{title}”",
    "replyto": "Replyto",
    "posting": "Posting your comment…",
    "posted": "Your comment is published.",
    "posted_moderated": "Thank you. Your comment will appear after moderation.",
    "post_failed": "Could not post your comment to {host}. Your text is still in the box; "
    "please try again.",
    "isso_nojs": "Commenting here needs JavaScript, which is off.",
    "isso_note": "Posting sends your comment to {host}, where this blog keeps its comments. "
    "Your email address is never published.",
    "mastodon_empty": "No replies on Mastodon yet.",
    "webmention_empty": "No mentions yet.",
    "webmention_send": "Wrote about this post? Send the address of your post:",
    "webmention_source": "Your post's URL",
    "webmention_submit": "Send Webmention",
}

# What each provider icon is called; which of them a mode can really use is in modes.py.
PROVIDERS = {
    "wordpress": "WordPress.com",
    "google": "Google",
    "x": "X",
    "twitter": "X",  # the old key of X, still accepted
    "facebook": "Facebook",
    "github": "GitHub",
    "microsoft": "Microsoft",
    "apple": "Apple",
    "telegram": "Telegram",
    "email": "Email",
    "anonymous": "Anonymous",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
}

DEFAULTS: dict[str, Any] = {
    # closed | mailto | isso | giscus | utterances | remark42 | mastodon | webmention;
    # a post overrides it with `comments_mode: isso` in its metadata.
    "THOUGHTFUL_COMMENTS_MODE": "mailto",
    # open | closed | hidden per content type; a post overrides it with `comments: closed`.
    "THOUGHTFUL_COMMENTS_STATES": {"article": "open", "page": "hidden"},
    # Where mailto mode sends replies. Required in mailto mode.
    "THOUGHTFUL_COMMENTS_EMAIL": "",
    # Folder under content/ holding each post's comments in <its URL path>/ (folders.py).
    "THOUGHTFUL_COMMENTS_PATH": "comments",
    # Replies nested deeper than this are shown at this depth (WordPress's default is 5).
    "THOUGHTFUL_COMMENTS_THREAD_DEPTH": 3,
    "THOUGHTFUL_COMMENTS_TEXT": TEXT,
    # The icons under "click an icon to log in", in this order.
    # Mastodon and Bluesky join them on posts that name their thread (metadata
    # `mastodon:` / `bluesky:`), as links to reply there.
    "THOUGHTFUL_COMMENTS_PROVIDERS": ["wordpress", "google", "x", "facebook"],
    # A per-post Atom feed of the stored comments, next to the post's index.html
    # (written only for posts that have comments).
    "THOUGHTFUL_COMMENTS_FEED": "comments.atom.xml",
    "THOUGHTFUL_COMMENTS_ISSO": {
        "url": "http://127.0.0.1:8080",
        "require_author": True,
        "require_email": False,
    },
    "THOUGHTFUL_COMMENTS_GISCUS": {
        "repo": "", "repo_id": "", "category": "Comments", "category_id": "",
        "mapping": "pathname", "lang": "en",
    },
    "THOUGHTFUL_COMMENTS_UTTERANCES": {"repo": "", "issue_term": "pathname", "label": "comments"},
    "THOUGHTFUL_COMMENTS_REMARK42": {
        "host": "", "site_id": "remark",
        "providers": ["google", "github", "facebook", "microsoft", "apple", "telegram", "email",
                      "anonymous"],
    },
    "THOUGHTFUL_COMMENTS_WEBMENTION": {"domain": ""},
    # The name a snapshot gives a comment whose author left the name empty.
    "THOUGHTFUL_COMMENTS_ANONYMOUS": "Anonymous",
}

# Dict settings whose keys are merged over the defaults one by one.
_MERGED = (
    "THOUGHTFUL_COMMENTS_TEXT", "THOUGHTFUL_COMMENTS_STATES", "THOUGHTFUL_COMMENTS_ISSO",
    "THOUGHTFUL_COMMENTS_GISCUS", "THOUGHTFUL_COMMENTS_UTTERANCES",
    "THOUGHTFUL_COMMENTS_REMARK42", "THOUGHTFUL_COMMENTS_WEBMENTION",
)


def _fields(text: str) -> set[str]:
    """The ``{name}`` fields of ``text`` (ValueError when its braces do not pair up)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _texts(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return f"expected a dict of texts, got {type(value).__name__}"
    for key, text in value.items():
        if key not in TEXT:
            return f"unknown text {key!r} (known: {', '.join(TEXT)})"
        if not isinstance(text, str):
            return f"text {key!r} must be a string"
        # A printf placeholder would reach the page raw, as WordPress's saved pages showed it.
        if "%s" in text or "%(" in text:
            return f"text {key!r} uses a %-placeholder; use {{name}} fields instead"
        try:
            unknown = sorted(_fields(text) - _fields(TEXT[key]))
        except ValueError:
            return f"text {key!r} has a lone {{ or }} (write {{{{ or }}}} for a brace)"
        if unknown:
            known = ", ".join(f"{{{f}}}" for f in sorted(_fields(TEXT[key]))) or "no fields"
            return f"text {key!r} uses {{{unknown[0]}}}, which it does not have ({known})"
    return None


def _folder_in_content(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a folder name inside content/, like 'comments', got {value!r}"
    if value.startswith(("/", "~")) or ".." in value.replace("\\", "/").split("/"):
        return f"{value!r} leads outside content/; give a folder inside it, like 'comments'"
    if not value.strip("/. "):
        return f"expected a folder name inside content/, like 'comments', got {value!r}"
    return None


def _positive_int(value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return f"expected a whole number of at least 1, got {value!r}"
    return None


_STATE = config.one_of(*STATES)

# Every dict setting refuses keys it does not know, by name: a typo such as
# {"URL": ...} must not silently keep the default address.
VALIDATORS: dict[str, config.Validator] = {
    "THOUGHTFUL_COMMENTS_MODE": config.one_of(*MODES),
    "THOUGHTFUL_COMMENTS_STATES": config.dict_of(DEFAULTS["THOUGHTFUL_COMMENTS_STATES"],
                                                 article=_STATE, page=_STATE),
    "THOUGHTFUL_COMMENTS_EMAIL": config.of_type(str),
    "THOUGHTFUL_COMMENTS_PATH": _folder_in_content,
    "THOUGHTFUL_COMMENTS_THREAD_DEPTH": _positive_int,
    "THOUGHTFUL_COMMENTS_TEXT": _texts,
    "THOUGHTFUL_COMMENTS_PROVIDERS": config.list_of(*PROVIDERS),
    "THOUGHTFUL_COMMENTS_FEED": config.of_type(str, type(None)),
    "THOUGHTFUL_COMMENTS_ISSO": config.dict_of(DEFAULTS["THOUGHTFUL_COMMENTS_ISSO"],
                                               url=config.http_url),
    "THOUGHTFUL_COMMENTS_GISCUS": config.dict_of(DEFAULTS["THOUGHTFUL_COMMENTS_GISCUS"]),
    "THOUGHTFUL_COMMENTS_UTTERANCES": config.dict_of(DEFAULTS["THOUGHTFUL_COMMENTS_UTTERANCES"]),
    # Remark42 knows more log-ins than there are icons here (yandex, patreon ...).
    "THOUGHTFUL_COMMENTS_REMARK42": config.dict_of(DEFAULTS["THOUGHTFUL_COMMENTS_REMARK42"],
                                                   host=config.http_url,
                                                   providers=config.list_of(*PROVIDERS)),
    "THOUGHTFUL_COMMENTS_WEBMENTION": config.dict_of(DEFAULTS["THOUGHTFUL_COMMENTS_WEBMENTION"]),
    "THOUGHTFUL_COMMENTS_ANONYMOUS": config.of_type(str),
}

# Not a setting: SITEURL when it is public, for the loopback check in modes.problem.
PUBLIC_SITEURL = "_THOUGHTFUL_COMMENTS_PUBLIC_SITEURL"
# Settings that moved to the site half (site/headers.py), with their new names.
MOVED = {"THOUGHTFUL_COMMENTS_HEADERS": "THOUGHTFUL_SITE_HEADERS",
         "THOUGHTFUL_COMMENTS_CSP_EXTRA": "THOUGHTFUL_SITE_CSP_EXTRA"}


def load(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The comments half's settings: user values merged over DEFAULTS and validated.

    A wrong value is logged as an error naming the setting and the default is used.
    """
    for old, new in MOVED.items():
        if old in settings:
            log.error("Setting %s is now %s (the site half writes the headers); "
                      "rename it in pelicanconf.py", old, new)
    merged = config.load(settings, DEFAULTS, VALIDATORS)
    for name in _MERGED:
        merged[name] = {**DEFAULTS[name], **merged[name]}
    # modes.problem refuses a backend on the reader's own machine in a published build.
    merged[PUBLIC_SITEURL] = _public_siteurl(settings.get("SITEURL") or "")
    return merged


def _public_siteurl(siteurl: str) -> str:
    """SITEURL when it is a public address (a published build), else ""."""
    if siteurl.startswith(("http://", "https://")) and not config.is_loopback(siteurl):
        return siteurl
    return ""
