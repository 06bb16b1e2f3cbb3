"""What each comment mode needs: its embed, the origins it loads from, its log-in icons.

A mode is described as data (``Backend``); the section template renders it and
comments.js loads the embed only after the reader clicks. ``origins`` feed the
site's Content-Security-Policy (thoughtful/site/headers.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from thoughtful.config import is_loopback

Origins = dict[str, set[str]]  # CSP directive -> sources

GISCUS = "https://giscus.app"
UTTERANCES = "https://utteranc.es"
WEBMENTION_IO = "https://webmention.io"


@dataclass
class Backend:
    """A loaded-on-click comment service for one post."""

    name: str  # shown to readers: "Isso", "giscus", ...
    host: str  # the host the reader's browser will contact
    what: str  # what the click loads, in words
    embed: dict[str, Any]  # handed to comments.js as JSON
    origins: Origins = field(default_factory=dict)
    logins: tuple[str, ...] = ()  # provider keys that really log in through this backend


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def problem(mode: str, cfg: Mapping[str, Any], meta: Mapping[str, Any]) -> str | None:
    """Why ``mode`` cannot work with these settings/metadata, naming what is missing; or None."""
    if mode == "mailto" and not cfg["THOUGHTFUL_COMMENTS_EMAIL"]:
        return "mode 'mailto' needs THOUGHTFUL_COMMENTS_EMAIL (the address replies go to)"
    needs = {
        "isso": ("THOUGHTFUL_COMMENTS_ISSO", ("url",)),
        "giscus": ("THOUGHTFUL_COMMENTS_GISCUS", ("repo", "repo_id", "category", "category_id")),
        "utterances": ("THOUGHTFUL_COMMENTS_UTTERANCES", ("repo",)),
        "remark42": ("THOUGHTFUL_COMMENTS_REMARK42", ("host", "site_id")),
    }
    if mode in needs:
        setting, keys = needs[mode]
        missing = [k for k in keys if not cfg[setting].get(k)]
        if missing:
            return f"mode {mode!r} needs {setting}[{', '.join(map(repr, missing))}]"
    urls = {"isso": ("THOUGHTFUL_COMMENTS_ISSO", "url"),
            "remark42": ("THOUGHTFUL_COMMENTS_REMARK42", "host")}
    if mode in urls:
        setting, key = urls[mode]
        url = cfg[setting][key]
        if urlsplit(url).scheme not in ("http", "https"):
            return f"{setting}[{key!r}] must be an http(s) URL, got {url!r}"
        public = cfg.get("_THOUGHTFUL_COMMENTS_PUBLIC_SITEURL")  # see settings.load
        if public and is_loopback(url):
            return (f"{setting}[{key!r}] is {url!r}, an address on the reader's own machine, "
                    f"while SITEURL is {public}: set the comment server's public address")
    if mode == "mastodon" and not mastodon_status(meta.get("mastodon")):
        return "mode 'mastodon' needs the post's metadata field 'mastodon' (the toot's URL)"
    return None


def mastodon_status(url: Any) -> tuple[str, str] | None:
    """(instance origin, status id) of a toot URL like https://host/@user/123, or None."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    status = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if parts.scheme != "https" or not parts.netloc or not status.isdigit():
        return None
    return f"https://{parts.netloc}", status


def backend(mode: str, cfg: Mapping[str, Any], post: Mapping[str, Any]) -> Backend | None:
    """The backend for ``mode`` on one post, or None for the modes without one.

    ``post`` has ``path`` (site-relative URL path), ``url`` (absolute or site-relative),
    ``title``, ``meta`` (the post's metadata) and ``lang``.
    """
    builder = _BUILDERS.get(mode)
    return builder(cfg, post) if builder else None


def _isso(cfg: Mapping[str, Any], post: Mapping[str, Any]) -> Backend:
    # The theme's own form and thread talk to Isso's JSON API (comments.js): the same
    # fields, order and markup as the stored comments, styled by the theme alone, so
    # no script or stylesheet is loaded from the Isso host.
    url = cfg["THOUGHTFUL_COMMENTS_ISSO"]["url"].rstrip("/")
    host = origin(url)
    return Backend(
        name="Isso",
        host=urlsplit(url).netloc,
        what="the newest comments on this post",
        embed={"kind": "isso", "api": url, "uri": "/" + post["path"], "title": post["title"],
               "thread": {"class": "isso-thread"}},
        origins={"connect-src": {host}},
    )


def _giscus(cfg: Mapping[str, Any], post: Mapping[str, Any]) -> Backend:
    g = cfg["THOUGHTFUL_COMMENTS_GISCUS"]
    attrs = {
        "data-repo": g["repo"], "data-repo-id": g["repo_id"],
        "data-category": g["category"], "data-category-id": g["category_id"],
        "data-mapping": g.get("mapping", "pathname"), "data-strict": "1",
        # Metadata tells the page who is logged in ("You are commenting using ...").
        "data-reactions-enabled": "1", "data-emit-metadata": "1",
        "data-input-position": "bottom", "data-theme": g.get("theme", "preferred_color_scheme"),
        "data-lang": g.get("lang", "en"), "data-loading": "lazy", "crossorigin": "anonymous",
    }
    return Backend(
        name="giscus",
        host="giscus.app",
        what="giscus (GitHub Discussions) in a frame",
        embed={"kind": "script", "src": f"{GISCUS}/client.js", "attrs": attrs,
               "thread": {"class": "giscus"}},
        # giscus' client adds a <style> element for its frame's height.
        origins={"script-src": {GISCUS}, "frame-src": {GISCUS},
                 "style-src": {GISCUS, "'unsafe-inline'"}},
        logins=("github",),
    )


def _utterances(cfg: Mapping[str, Any], post: Mapping[str, Any]) -> Backend:
    u = cfg["THOUGHTFUL_COMMENTS_UTTERANCES"]
    attrs = {"repo": u["repo"], "issue-term": u.get("issue_term", "pathname"),
             "theme": u.get("theme", "preferred-color-scheme"), "crossorigin": "anonymous"}
    if u.get("label"):
        attrs["label"] = u["label"]
    return Backend(
        name="utterances",
        host="utteranc.es",
        what="utterances (GitHub Issues) in a frame",
        embed={"kind": "script", "src": f"{UTTERANCES}/client.js", "attrs": attrs,
               "thread": {"class": "utterances-thread"}},
        origins={"script-src": {UTTERANCES}, "frame-src": {UTTERANCES},
                 "style-src": {"'unsafe-inline'"}},
        logins=("github",),
    )


def _remark42(cfg: Mapping[str, Any], post: Mapping[str, Any]) -> Backend:
    r = cfg["THOUGHTFUL_COMMENTS_REMARK42"]
    host_url = r["host"].rstrip("/")
    host = origin(host_url)
    return Backend(
        name="Remark42",
        host=urlsplit(host_url).netloc,
        what="Remark42's comment widget in a frame",
        embed={
            "kind": "remark42",
            "src": f"{host_url}/web/embed.js",
            "config": {"host": host_url, "site_id": r["site_id"], "url": post["url"],
                       "components": ["embed"], "theme": "auto", "no_footer": True},
            "thread": {"id": "remark42"},
        },
        origins={"script-src": {host}, "frame-src": {host}, "connect-src": {host},
                 "style-src": {host}, "img-src": {host}},
        logins=tuple(r.get("providers", ())),
    )


def _mastodon(cfg: Mapping[str, Any], post: Mapping[str, Any]) -> Backend | None:
    found = mastodon_status(post["meta"].get("mastodon"))
    if not found:
        return None
    instance, status = found
    return Backend(
        name="Mastodon",
        host=urlsplit(instance).netloc,
        what="the replies to this post's toot",
        embed={"kind": "mastodon", "api": f"{instance}/api/v1/statuses/{status}/context",
               "status": post["meta"]["mastodon"].strip(),
               "empty": cfg["THOUGHTFUL_COMMENTS_TEXT"]["mastodon_empty"],
               "thread": {"class": "mastodon-thread"}},
        origins={"connect-src": {instance}},
    )


def _webmention(cfg: Mapping[str, Any], post: Mapping[str, Any]) -> Backend:
    target = post["url"]
    return Backend(
        name="webmention.io",
        host="webmention.io",
        what="the Webmentions of this post",
        embed={"kind": "webmention",
               "api": f"{WEBMENTION_IO}/api/mentions.jf2?target={quote(target, safe='')}",
               "empty": cfg["THOUGHTFUL_COMMENTS_TEXT"]["webmention_empty"],
               "thread": {"class": "webmention-thread"}},
        origins={"connect-src": {WEBMENTION_IO}, "form-action": {WEBMENTION_IO}},
    )


def webmention_endpoint(cfg: Mapping[str, Any], siteurl: str) -> str:
    """webmention.io's endpoint for the site: from the setting's domain or SITEURL's host."""
    domain = cfg["THOUGHTFUL_COMMENTS_WEBMENTION"].get("domain") or urlsplit(siteurl).netloc
    return f"{WEBMENTION_IO}/{domain or 'localhost'}/webmention"


_BUILDERS = {
    "isso": _isso,
    "giscus": _giscus,
    "utterances": _utterances,
    "remark42": _remark42,
    "mastodon": _mastodon,
    "webmention": _webmention,
}
