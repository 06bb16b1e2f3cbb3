"""One post's WordPress body -> this site's Markdown, with everything lost or changed named.

Order matters: code is set aside first (nothing may touch it), then the editor's
markup (blocks or wpautop) and shortcodes become plain HTML, then images, links
and embeds are rewritten on the parsed tree, nh3 removes anything unsafe, and
markdownify writes Markdown (tomarkdown.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup

from . import blocks
from .embeds import bare_urls, embed_html
from .media import MediaLibrary, dated_name
from .shortcodes import Shortcodes
from .tomarkdown import to_markdown

TAGS = {"p", "br", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "code", "pre",
        "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "img", "figure",
        "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr",
        "sup", "sub", "span", "div", "dl", "dt", "dd", "abbr", "cite", "q", "small", "kbd",
        "mark", "details", "summary", "var", "samp"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height", "title"},
              "code": {"class"}, "pre": {"class"}, "figure": {"class"}, "ol": {"start"},
              "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "abbr": {"title"}}
_PLACEHOLDER = "wpimportcodeblock{}x"
_PLACEHOLDER_RE = re.compile(r"(?:<p>)?wpimportcodeblock(\d+)x(?:</p>)?")
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A block-editor code block names its language only in the block comment.
_BLOCK_CODE = re.compile(r'(<!-- wp:code \{[^}]*"language":"([\w+#-]+)"[^}]*\} -->\s*<pre\b[^>]*>)'
                         r"<code>")


def _code_language(match: re.Match) -> str:
    return f'{match.group(1)}<code class="language-{match.group(2)}">'


@dataclass
class Converted:
    """A converted body: Markdown, the summary before ``<!--more-->``, what changed."""

    markdown: str
    summary: str = ""
    losses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class BodyConverter:
    """Converts bodies for one import; knows the media and where old links now lead.

    ``link_target(url)`` returns the new href of a link to the old blog, "" when it
    led to something not published here (the link is removed, its text kept), or
    None when ``url`` is not a link to the old blog.
    """

    media: MediaLibrary
    attachments: dict[str, object]  # attachment id -> WPItem
    reusable: dict[str, str]  # wp_block id -> its content
    link_target: Callable[[str], str | None]
    # False while converting a post kept as a draft: Pelican copies every file under
    # content/images/ into the site, so a draft's files would be published.
    copies_media: bool = True

    def _find(self, url: str):
        """The local copy of ``url`` (None for a draft's files: see ``copies_media``)."""
        return self.media.find(url) if self.copies_media else None

    def _remote(self) -> str:
        """Why a file of the old blog is not local, for the report."""
        return "is not in the media export" if self.copies_media else \
            "belongs to a post kept as a draft, so it is not copied (static files are public)"

    def convert(self, content: str, post_id: str, excerpt: str = "") -> Converted:
        """Convert one body (``content:encoded``) of the item ``post_id``."""
        losses: list[str] = []
        notes: list[str] = []
        codes: list[str] = []

        def keep(language: str, code: str) -> str:
            css = f' class="language-{language}"' if language else ""
            codes.append(f"<pre><code{css}>{html.escape(code, quote=False)}</code></pre>")
            return _PLACEHOLDER.format(len(codes) - 1)

        def keep_pre(match: re.Match) -> str:
            codes.append(match.group(0))
            return _PLACEHOLDER.format(len(codes) - 1)

        shortcodes = Shortcodes(image_html=self._attachment_img,
                                gallery_ids=lambda: self._children(post_id))
        text = _BLOCK_CODE.sub(_code_language, content.replace("\r\n", "\n"))
        text = shortcodes.protect_code(text, keep)
        text = _PRE.sub(keep_pre, text)
        if blocks.NEXTPAGE.search(text):
            notes.append("<!--nextpage--> pages joined into one")
            text = blocks.NEXTPAGE.sub("\n\n<hr>\n\n", text)
        block_editor = blocks.is_block_content(text)
        if block_editor:
            text = blocks.unblock(text, self.reusable.get, losses, notes)
        more = blocks.MORE.search(text)
        head = text[: more.start()] if more else ""
        text = blocks.MORE.sub("", text) if more else text
        text = _HTML_COMMENT.sub("", shortcodes.convert(text))
        if not block_editor:
            text = blocks.autop(bare_urls(text, notes))
        text = _PLACEHOLDER_RE.sub(lambda m: codes[int(m.group(1))], text)
        text = self._rewrite(text, losses, notes)
        clean = nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, link_rel=None,
                          url_schemes={"http", "https", "mailto"}, strip_comments=True)
        markdown = to_markdown(clean)
        summary = _plain(excerpt) or (_plain(shortcodes.convert(head)) if head else "")
        return Converted(markdown, summary, losses + shortcodes.losses, notes + shortcodes.notes)

    # --- images, links and embeds on the parsed tree ---------------------------
    def _rewrite(self, text: str, losses: list[str], notes: list[str]) -> str:
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(["iframe", "object", "embed", "video", "audio"]):
            url = tag.get("src") or tag.get("data") or ""
            source = tag.find("source")
            if not url and source is not None:
                url = source.get("src") or ""
            local = self._find(url) if url else None
            if local:
                tag.replace_with(BeautifulSoup(
                    f'<p><a href="{{static}}/{local.relative}">{tag.name.title()}: '
                    f'{html.escape(local.relative.rsplit("/", 1)[-1])}</a></p>', "html.parser"))
                notes.append(f"<{tag.name}> became a link to its file")
            elif url:
                tag.replace_with(BeautifulSoup(embed_html(url), "html.parser"))
                notes.append(f"<{tag.name}> embed became a link ({url})")
            else:
                tag.decompose()
                losses.append(f"<{tag.name}> without an address dropped")
        for tag in soup.find_all(["script", "style", "noscript", "form"]):
            losses.append(f"<{tag.name}> removed (not allowed on this site)")
            tag.decompose()
        for link in soup.find_all("a"):
            href = link.get("href") or ""
            local = self._find(href) if href else None
            if local:
                link["href"] = "{static}/" + local.relative
                continue
            if href and self.media.is_wordpress(href):
                losses.append(f"linked file {dated_name(href)} {self._remote()}: "
                              "the link still points at WordPress")
                continue
            target = self.link_target(href) if href else None
            if target == "":
                notes.append(f"link to {href} removed: that post is not published here")
                link.unwrap()
            elif target:
                link["href"] = target
        for img in soup.find_all("img"):  # after the links: a missing image becomes one
            self._image(img, losses)
        return str(soup)

    def _image(self, img, losses: list[str]) -> None:
        src = img.get("src") or ""
        local = self._find(src)
        attachment = self._attachment_of(img)
        if not img.get("alt") and attachment is not None:
            alt = (attachment.meta.get("_wp_attachment_image_alt") or [""])[0]
            if alt:
                img["alt"] = alt
        if local is None:
            if self.media.is_wordpress(src):
                losses.append(f"image {dated_name(src)} {self._remote()}: "
                              "it still points at WordPress")
                _as_link(img, src, f"Image: {img.get('alt') or dated_name(src)}")
            elif urlsplit(src).scheme in ("http", "https", "") and urlsplit(src).netloc:
                host = urlsplit(src).hostname or "another site"
                losses.append(f"image from {host} is not copied: it became a link to "
                              f"{src} (nothing loads from another site before a reader asks)")
                _as_link(img, src, f"Image: {img.get('alt') or host}")
            return
        img["src"] = "{static}/" + local.relative
        if local.width and not img.get("width"):
            img["width"] = local.width
        if local.height and not img.get("height"):
            img["height"] = local.height
        real = self.media.size(local.relative)
        if real and not (img.get("width") and img.get("height")):
            # The file's own size (or its proportions, for ?w=300): the page does not jump.
            width, height = real
            shown = img.get("width") or ""
            if shown.isdigit() and width:
                img["height"] = str(round(height * int(shown) / width))
            else:
                img["width"], img["height"] = str(width), str(height)
        if not img.has_attr("alt"):
            img["alt"] = ""

    def _attachment_of(self, img):
        for css in img.get("class") or []:
            if css.startswith("wp-image-"):
                return self.attachments.get(css[len("wp-image-"):])
        return None

    def _attachment_img(self, attachment_id: str, _attrs: dict[str, str]) -> str:
        attachment = self.attachments.get(attachment_id)
        if attachment is None or not attachment.attachment_url:
            return ""
        alt = (attachment.meta.get("_wp_attachment_image_alt") or [""])[0]
        return (f'<img src="{html.escape(attachment.attachment_url, quote=True)}" '
                f'alt="{html.escape(alt, quote=True)}">')

    def _children(self, post_id: str) -> list[str]:
        return sorted((i for i, a in self.attachments.items() if a.parent == post_id), key=int)


def _plain(text: str) -> str:
    """Visible text of an HTML fragment on one line, for Summary: (which Pelican reads as
    Markdown, so ``<`` and ``&`` are escaped: "&lt;script&gt;" in prose stays text)."""
    if not text.strip():
        return ""
    words = BeautifulSoup(_HTML_COMMENT.sub("", text), "html.parser").get_text()
    return html.escape(" ".join(words.split()), quote=False)


def _as_link(img, src: str, label: str) -> None:
    """Replace ``img`` by a link to ``src`` (or its label inside an existing link):
    nothing loads from another site before a reader clicks."""
    if img.find_parent("a") is not None:
        img.replace_with(label)
        return
    link = BeautifulSoup("<a></a>", "html.parser").a
    link["href"] = src
    link.string = label
    img.replace_with(link)
