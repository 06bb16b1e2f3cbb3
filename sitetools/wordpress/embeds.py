"""Third-party embeds become links: nothing from another site loads before a reader asks.

The site's Content-Security-Policy allows no third-party frames or scripts, and
the blog promises readers that no other server is contacted until they click;
a plain link keeps both, and the reader still reaches the video or the tweet.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

PROVIDERS = {
    "youtube.com": "Video on YouTube", "youtu.be": "Video on YouTube",
    "youtube-nocookie.com": "Video on YouTube", "vimeo.com": "Video on Vimeo",
    "twitter.com": "Post on X (Twitter)", "x.com": "Post on X (Twitter)",
    "instagram.com": "Post on Instagram", "soundcloud.com": "Audio on SoundCloud",
    "spotify.com": "Audio on Spotify", "gist.github.com": "Code on GitHub Gist",
    "codepen.io": "Pen on CodePen", "dailymotion.com": "Video on Dailymotion",
    "ted.com": "Talk on TED", "slideshare.net": "Slides on SlideShare",
    "flickr.com": "Photo on Flickr", "facebook.com": "Post on Facebook",
    "google.com": "Map on Google Maps", "mixcloud.com": "Audio on Mixcloud",
    "bandcamp.com": "Audio on Bandcamp", "twitch.tv": "Video on Twitch",
}
_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")


_BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)


def is_known(url: str) -> bool:
    """True when ``url`` is on a site WordPress would have embedded (YouTube, Vimeo ...)."""
    return not provider(url).startswith("Embedded content")


def bare_urls(text: str, notes: list[str]) -> str:
    """A classic post's line holding only a YouTube/Vimeo/... address, which WordPress
    showed as a player (oEmbed), becomes a link paragraph."""

    def replace(match: re.Match) -> str:
        url = match.group(1)
        if not is_known(url):
            return match.group(0)
        notes.append(f"embedded address became a link ({url})")
        return embed_html(url)

    return _BARE_URL.sub(replace, text)


def provider(url: str) -> str:
    """A reader's name for what ``url`` shows, e.g. "Video on YouTube"."""
    host = (urlsplit(url).hostname or "").lower()
    for domain, name in PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return f"Embedded content from {host or 'another site'}"


def canonical(url: str) -> str:
    """The page a reader should open: a YouTube embed/player URL becomes its watch page."""
    url = html.unescape(url.strip())
    parts = urlsplit(url if "//" in url else "https://" + url)
    host = (parts.hostname or "").lower()
    if host.endswith(("youtube.com", "youtube-nocookie.com")) and parts.path.startswith("/embed/"):
        video = parts.path.split("/")[2]
        if _YOUTUBE_ID.match(video):
            return f"https://www.youtube.com/watch?v={video}"
    if host == "player.vimeo.com" and parts.path.startswith("/video/"):
        return "https://vimeo.com/" + parts.path.split("/")[2]
    if not parts.scheme:
        return "https:" + url if url.startswith("//") else "https://" + url
    return url


def embed_html(url: str) -> str:
    """The paragraph that replaces an embed: a link saying what and where it is."""
    target = canonical(url)
    if urlsplit(target).scheme not in ("http", "https"):
        return ""
    label = provider(target)
    return (f'<p><a href="{html.escape(target, quote=True)}">{html.escape(label)}: '
            f"{html.escape(target)}</a></p>")
