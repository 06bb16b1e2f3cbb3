"""WordPress and WordPress.com shortcodes: each known one becomes HTML, unknown ones reported.

Only names WordPress or Jetpack register, or a bracket with ``key=value``
attributes or a matching ``[/name]``, count as shortcodes: ``[sic]`` or ``[1]``
in prose stay text. ``[[name]]`` is WordPress's escape for a literal ``[name]``.
Code shortcodes (``[code]``, ``[sourcecode]``) are handled before anything else
touches the text, so every ``<``, ``&``, ``_`` and ``$`` in them survives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .embeds import embed_html

EMBED_NAMES = {"youtube", "vimeo", "dailymotion", "ted", "twitch", "soundcloud", "spotify",
               "bandcamp", "mixcloud", "slideshare", "tweet", "instagram", "gist", "codepen",
               "flickr", "facebook", "googlemaps", "embed"}
CODE_NAMES = {"code", "sourcecode"}
KNOWN_UNHANDLED = {"scribd", "googleapps", "twitter-timeline", "getty", "archiveorg",
                   "archives", "sitemap", "slideshow", "videopress", "wpvideo", "crowdsignal",
                   "polldaddy", "recipe", "quiz", "upcoming-events", "mailchimp", "wufoo",
                   "kickstarter", "playlist", "contact-form", "contact-field", "latex",
                   "portfolio", "blog-subscription", "subscribe", "ratings", "cc", "php"}
KNOWN = EMBED_NAMES | CODE_NAMES | KNOWN_UNHANDLED | {"caption", "wp_caption", "gallery",
                                                      "audio", "video"}
_OPEN = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(=[^\]\s]+)?((?:\s+[^\]]*?)?)(/?)\](\]?)", re.DOTALL)
_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*\'([^\']*)\''
                   r'|([\w-]+)\s*=\s*([^\s\'"]+)|"([^"]*)"|(\S+)')


@dataclass
class Shortcodes:
    """Converts shortcodes in one post; ``losses`` and ``notes`` say what was changed."""

    image_html: Callable[[str, dict[str, str]], str]  # attachment id -> <img> (or "")
    gallery_ids: Callable[[], list[str]]  # the post's own attachments, for [gallery]
    losses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def protect_code(self, text: str, store: Callable[[str, str], str]) -> str:
        """Replace each [code]/[sourcecode] with ``store(language, code)`` (a placeholder)."""

        def replace(match: re.Match) -> str:
            attrs = parse_attrs(match.group(2) or "")
            language = attrs.get("language") or attrs.get("lang") or ""
            # The visual editor stored <, > and & as entities; SyntaxHighlighter showed them
            # decoded, so the code a reader saw is the unescaped text.
            code = html.unescape(match.group(3).strip("\n"))
            return store(re.sub(r"[^\w+#-]", "", language), code)

        return re.sub(r"\[(code|sourcecode)\b([^\]]*)\](.*?)\[/\1\]", replace, text,
                      flags=re.DOTALL | re.IGNORECASE)

    def convert(self, text: str) -> str:
        """Every other shortcode in ``text`` (HTML) replaced by its HTML."""
        out, pos = [], 0
        for match in _OPEN.finditer(text):
            if match.start() < pos:
                continue
            escaped_open, name, eq_value, rest, _selfclose, escaped_close = match.groups()
            lname = name.lower()
            closing = f"[/{name}]"
            close_at = text.find(closing, match.end())
            is_shortcode = (lname in KNOWN or "=" in (rest or "") or eq_value
                            or close_at >= 0)
            if not is_shortcode:
                continue
            if escaped_open and escaped_close:  # [[name]] -> literal [name]
                out.append(text[pos:match.start()] + match.group(0)[1:-1])
                pos = match.end()
                continue
            inner = ""
            end = match.end()
            if close_at >= 0 and not _selfclose:
                inner = text[match.end():close_at]
                end = close_at + len(closing)
            attrs = parse_attrs(rest or "")
            if eq_value:
                attrs.setdefault("url", html.unescape(eq_value[1:].strip()))
            out.append(text[pos:match.start()])
            out.append(self._one(lname, attrs, inner, match.group(0)))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _one(self, name: str, attrs: dict[str, str], inner: str, raw: str) -> str:
        if name in ("caption", "wp_caption"):
            return self._caption(attrs, inner)
        if name == "gallery":
            return self._gallery(attrs)
        if name in EMBED_NAMES:
            url = attrs.get("url") or attrs.get("0") or attrs.get("id") or inner.strip()
            if name == "youtube" and url and "/" not in url:
                url = f"https://www.youtube.com/watch?v={url}"
            if name == "tweet" and url.isdigit():
                url = f"https://twitter.com/i/status/{url}"
            result = embed_html(re.sub(r"<[^>]+>", "", url)) if url else ""
            if result:
                self.notes.append(f"[{name}] became a link ({url})")
                return result
            self.losses.append(f"[{name}] without a usable address dropped")
            return ""
        if name in ("audio", "video"):
            url = attrs.get("src") or attrs.get("mp3") or attrs.get("mp4") or attrs.get("0", "")
            if url:
                self.notes.append(f"[{name}] became a link to its file")
                label = "Listen" if name == "audio" else "Watch"
                return f'<p><a href="{html.escape(url, quote=True)}">{label}: ' \
                       f'{html.escape(url.rsplit("/", 1)[-1])}</a></p>'
        self.losses.append(f"unknown shortcode [{name}] removed (its text, if any, kept)")
        return self.convert(inner)  # [column][youtube …][/column]: the inside still counts

    def _caption(self, attrs: dict[str, str], inner: str) -> str:
        inner = inner.strip()
        match = re.match(r"^((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.DOTALL)
        media, caption = (match.group(1), match.group(2)) if match else (inner, "")
        caption = caption.strip() or attrs.get("caption", "")
        return f"<figure>{media}<figcaption>{caption}</figcaption></figure>"

    def _gallery(self, attrs: dict[str, str]) -> str:
        ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
        if not ids:
            ids = self.gallery_ids()
        images = [self.image_html(i, {}) for i in ids]
        missing = sum(1 for img in images if not img)
        if missing:
            self.losses.append(f"[gallery]: {missing} image(s) not in the export")
        images = [img for img in images if img]
        if not images:
            return ""
        return '<figure class="gallery">' + "".join(images) + "</figure>"


def parse_attrs(text: str) -> dict[str, str]:
    """Shortcode attributes: ``a="1" b='2' c=3 "positional"`` -> {"a": "1", ..., "0": ...}."""
    attrs: dict[str, str] = {}
    position = 0
    for match in _ATTR.finditer(text.strip()):
        key = match.group(1) or match.group(3) or match.group(5)
        if key:
            value = match.group(2) if match.group(1) else (
                match.group(4) if match.group(3) else match.group(6))
            attrs[key.lower()] = html.unescape(value or "")
        else:
            attrs[str(position)] = html.unescape(match.group(7) or match.group(8) or "")
            position += 1
    return attrs
