"""The comment section of one post or page, as plain data for the templates.

``build_section`` decides the state (open/closed/hidden) and mode from the site
settings and the post's metadata, and gathers the stored comments, the provider
icons, the mailto link and the backend embed. Templates only render it.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any
from urllib.parse import quote, urlencode

from . import modes, store
from .identicon import PALETTE, Identicon, identicon
from .modes import Backend
from .providers import FIELD_MODES, Provider, providers
from .settings import MODES, STATES

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Mailto:
    """The reply-by-email form's data: the fallback link and what comments.js needs.

    The subject and link are made when the page is rendered, not when every section
    is planned: the build's own process then holds none of them (page workers render
    most pages), ~450 bytes a post.
    """

    address: str
    title: str
    post_url: str
    text: Mapping[str, str]  # the site's THOUGHTFUL_COMMENTS_TEXT
    _href: str | None = None

    @property
    def subject(self) -> str:
        """The email's subject line."""
        return self.text["mailto_subject"].format(title=self.title)

    @property
    def href(self) -> str:
        """The ``mailto:`` link (made once, when first asked)."""
        if self._href is None:
            self._href = mailto_link(self.address, self.subject,
                                     mailto_body(self.text, self.post_url))
        return self._href


@dataclass(slots=True)  # one per post: no __dict__ each (a third of its size)
class Section:
    """Everything the "Leave a Reply" section shows for one post."""

    kind: str
    slug: str
    state: str  # open | closed | hidden
    mode: str
    title: str
    path: str  # site-relative URL path of the post, e.g. "2024/05/hello/"
    url: str  # absolute when SITEURL is set
    text: Mapping[str, str]
    comments: list[store.Comment] = field(default_factory=list)  # oldest first
    thread: list[store.Comment] = field(default_factory=list)  # top level, with replies
    providers: list[Provider] = field(default_factory=list)
    backend: Backend | None = None
    mailto: Mailto | None = None
    feed_path: str | None = None
    webmention_endpoint: str | None = None
    problem: str | None = None  # why the chosen mode could not be used

    def say(self, key: str, **fields: Any) -> str:
        """Text ``key`` with its ``{name}`` fields filled; unknown fields stay as written."""
        return self.text[key].format_map(_Fields(fields))

    @property
    def visible(self) -> bool:
        return self.state != "hidden"

    @property
    def count(self) -> int:
        return len(self.comments)

    @property
    def has_fields(self) -> bool:
        """True in the modes whose own form (email, name, website, comment) is on the page."""
        return self.mode in FIELD_MODES

    @property
    def intro(self) -> str | None:
        """The sentence above the form, saying only what is on screen.

        WordPress's "Fill in your details below or click an icon to log in:" where both
        fields and icons are there; shorter wordings where one of them is not.
        """
        if self.has_fields:
            return self.text["intro"] if self.providers else self.text["intro_fields_only"]
        if any(p.action == "login" for p in self.providers):
            return self.text["intro_icons_only"]
        if self.providers:
            return self.text["intro_links_only"]
        return None

    def reply_href(self, comment: store.Comment) -> str:
        """Where a comment's "Reply" link goes without JavaScript.

        In mailto mode an email whose body names the comment (``Replyto: <id>``, the
        header a stored reply carries), elsewhere the form.
        """
        if self.mailto is None:
            return "#respond"
        subject = self.say("mailto_reply_subject", author=comment.author, title=self.title)
        return mailto_link(self.mailto.address, subject,
                           mailto_body(self.text, self.url, replyto=comment.id))

    def reply_parent(self, comment: store.Comment) -> str:
        """The Isso id a reply to ``comment`` is posted under ("" for non-Isso comments).

        Snapshot files are ``isso-<created>-<id>`` (older ones ``isso-<id>``): the id is
        the last part.
        """
        if not comment.id.startswith("isso-"):
            return ""
        number = comment.id.rpartition("-")[2]
        return number if number.isdigit() else ""

    def isso_key(self, comment: store.Comment) -> str:
        """``<created, UTC>-<id>``: what tells an Isso comment apart after a database reset
        reused its id (comments.js makes the same key for the comments Isso returns)."""
        number = self.reply_parent(comment)
        if not number:
            return ""
        return f"{comment.date.astimezone(UTC):%Y%m%d-%H%M%S}-{number}"

    @property
    def count_text(self) -> str:
        if self.count == 0:
            return self.text["count_none"]
        key = "count_one" if self.count == 1 else "count_many"
        return self.say(key, count=self.count)

    @property
    def responses_text(self) -> str:
        key = "responses_one" if self.count == 1 else "responses_many"
        return self.say(key, count=self.count, title=self.title)

    @property
    def palette(self) -> tuple[str, ...]:
        """The identicon colours, for comments.js to draw comments posted through Isso."""
        return PALETTE

    def picture(self, comment: store.Comment) -> Identicon:
        """The local identicon of a comment's author."""
        return identicon(f"{comment.author}\n{comment.website or ''}")

    def json_ld(self, url: str | None = None) -> dict[str, Any]:
        """The post as a schema.org entity with its comments, for a ``|tojson`` block.

        Its ``@id`` is the one the share half gives the post's ``BlogPosting``
        (``<url>#post``), so the two halves describe one entity.
        """
        url = url or self.url
        return {
            "@context": "https://schema.org",
            "@type": "BlogPosting" if self.kind == "article" else "WebPage",
            "@id": f"{url}#post",
            "url": url,
            **self.json_ld_comments(url),
        }

    def json_ld_comments(self, url: str) -> dict[str, Any]:
        """schema.org ``commentCount`` and ``comment`` of the post at ``url``."""
        return {
            "commentCount": self.count,
            "comment": [
                {
                    "@type": "Comment",
                    "@id": f"{url}#{c.anchor}",
                    "url": f"{url}#{c.anchor}",
                    "dateCreated": c.date.isoformat(),
                    "author": {"@type": "Person", "name": c.author,
                               **({"url": c.website} if c.website else {})},
                    "text": c.html.striptags(),
                    **({"parentItem": {"@id": f"{url}#{c.parent.anchor}"}}
                       if c.parent else {}),
                }
                for c in self.comments
            ],
        }


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _choice(meta: Mapping[str, Any], key: str, default: str, allowed: tuple[str, ...],
            source: str) -> str:
    value = meta.get(key)
    if value is None:
        return default
    value = str(value).strip().lower()
    if value not in allowed:
        log.error("%s: field '%s' is %r, not one of %s (using %r)",
                  source, key, value, ", ".join(allowed), default)
        return default
    return value


def mailto_body(text: Mapping[str, str], url: str, replyto: str | None = None) -> str:
    """The body an email reply starts with: the post, the comment answered, empty fields.

    comments.js writes the same lines from the form's fields (CRLF, RFC 6068).
    """
    lines = [f"{text['post']}: {url}"]
    if replyto:
        lines.append(f"{text['replyto']}: {replyto}")
    lines += [f"{text['name']}: ", f"{text['website']}: ", "", ""]
    return "\r\n".join(lines)


def mailto_link(address: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL with percent-encoded subject and body (no ``+`` for spaces)."""
    query = urlencode({"subject": subject, "body": body}, quote_via=quote)
    return f"mailto:{quote(address, safe='@')}?{query}"


def build_section(
    content: Any, kind: str, cfg: Mapping[str, Any], siteurl: str,
    comments: list[store.Comment],
) -> Section:
    """The section for ``content`` (a Pelican Article or Page) of ``kind`` "article"/"page"."""
    meta = content.metadata
    source = getattr(content, "source_path", None) or content.title
    text = cfg["THOUGHTFUL_COMMENTS_TEXT"]
    default_state = cfg["THOUGHTFUL_COMMENTS_STATES"].get(kind, "hidden")
    state = _choice(meta, "comments", default_state, STATES, source)
    mode = _choice(meta, "comments_mode", cfg["THOUGHTFUL_COMMENTS_MODE"], MODES, source)
    path = content.url
    url = f"{siteurl}/{path}" if siteurl else f"/{path}"
    section = Section(kind=kind, slug=content.slug, state=state, mode=mode,
                      title=content.title, path=path, url=url, text=text, comments=comments)
    section.thread = store.thread(comments, cfg["THOUGHTFUL_COMMENTS_THREAD_DEPTH"])
    # A feed only where there are comments to carry: an empty feed would be one more
    # file per post, dated by the build, so every deploy would upload them all again.
    if cfg["THOUGHTFUL_COMMENTS_FEED"] and state != "hidden" and comments:
        folder = posixpath.dirname(content.save_as)
        section.feed_path = posixpath.join(folder, cfg["THOUGHTFUL_COMMENTS_FEED"])

    problem = modes.problem(mode, cfg, meta) if mode != "closed" else None
    if problem:
        # A site-wide problem is logged once at `initialized`; a post's own choice here.
        # A post with no toot yet in site-wide mastodon mode is normal, so only noted.
        if "comments_mode" in meta:
            log.error("%s: %s; comments shown as closed", source, problem)
        elif mode == "mastodon":
            log.info("%s: %s; comments shown as closed", source, problem)
        section.problem = problem
        section.mode = "closed"
    if section.mode == "closed":
        section.state = "closed" if state == "open" else state
    if section.state != "open":
        return section

    post = {"path": path, "url": url, "title": content.title, "meta": meta,
            "lang": getattr(content, "lang", None)}
    section.backend = modes.backend(section.mode, cfg, post)
    section.providers = providers(section.mode, section.backend, cfg, meta)
    if section.mode == "mailto":
        section.mailto = Mailto(address=cfg["THOUGHTFUL_COMMENTS_EMAIL"],
                                title=content.title, post_url=url, text=text)
    if section.mode == "webmention":
        section.webmention_endpoint = modes.webmention_endpoint(cfg, siteurl)
    return section


def read_comments(folder: Any, timezone: str) -> list[store.Comment]:
    """Stored comments of one post folder (a Path), or [] when it has none."""
    return store.read_post_comments(folder, timezone) if folder.is_dir() else []
