"""Share links: one absolute, percent-encoded URL per network, built with urllib."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

# network id -> the name a reader sees
NETWORKS: dict[str, str] = {
    "x": "X",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "reddit": "Reddit",
    "hackernews": "Hacker News",
    "email": "Email",
}


@lru_cache(maxsize=256)
def _quoted(value: str) -> str:
    # quote (not quote_plus): "%20" for spaces reads right in every target, mailto included.
    return quote(value, safe="")


def _query(params: dict[str, str]) -> str:
    # What urlencode(params, quote_via=quote) gives; each value is quoted once per post,
    # though eight links use it.
    return "&".join(f"{key}={_quoted(value)}" for key, value in params.items() if value)


def share_url(network: str, title: str, url: str, *, via: str = "", instance: str = "") -> str:
    """The address that shares ``url`` (titled ``title``) on ``network``.

    ``via`` is the site's X handle (without "@"); ``instance`` a Mastodon host, or ""
    for the share.joinmastodon.org picker that asks the reader for theirs.
    """
    text = f"{title} {url}"
    if network == "x":
        return "https://x.com/intent/tweet?" + _query({"text": title, "url": url, "via": via})
    if network == "facebook":
        return "https://www.facebook.com/sharer/sharer.php?" + _query({"u": url})
    if network == "linkedin":
        return "https://www.linkedin.com/sharing/share-offsite/?" + _query({"url": url})
    if network == "mastodon":
        host = instance.strip().strip("/") or "share.joinmastodon.org"
        path = "/?" if host == "share.joinmastodon.org" else "/share?"
        return f"https://{host}{path}" + _query({"text": text})
    if network == "bluesky":
        return "https://bsky.app/intent/compose?" + _query({"text": text})
    if network == "reddit":
        return "https://www.reddit.com/submit?" + _query({"url": url, "title": title})
    if network == "hackernews":
        return "https://news.ycombinator.com/submitlink?" + _query({"u": url, "t": title})
    if network == "email":
        return "mailto:?" + _query({"subject": title, "body": url})
    raise ValueError(f"unknown share network {network!r}")


def share_links(
    networks: list[str], title: str, url: str, *, via: str = "", instance: str = ""
) -> list[dict[str, str]]:
    """The links a post shows, in the configured order: id, name, label and href."""
    return [
        {
            "id": network,
            "name": NETWORKS[network],
            "label": f"Share by {NETWORKS[network]}" if network == "email"
            else f"Share on {NETWORKS[network]}",
            "href": share_url(network, title, url, via=via, instance=instance),
        }
        for network in networks
    ]
