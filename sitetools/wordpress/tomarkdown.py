"""HTML -> Markdown with markdownify, taught what this site's Python-Markdown reads.

Python-Markdown here has ``extra`` (tables, fenced code, attr_list, md_in_html)
and ``smarty``. What Markdown cannot say (figures with captions, tables with
merged cells, superscripts) is kept as HTML, which Python-Markdown passes through;
the HTML was cleaned with nh3 before it gets here.
"""

from __future__ import annotations

import re

from markdownify import MarkdownConverter

_LANGUAGE = re.compile(r"(?:language|lang|brush)[-:]\s*([\w+#-]+)")


def _language(element) -> str:
    for candidate in (element, element.find("code")):
        if candidate is None:
            continue
        classes = " ".join(candidate.get("class") or [])
        found = _LANGUAGE.search(classes)
        if found:
            return found.group(1)
    return ""


class SiteMarkdown(MarkdownConverter):
    """markdownify with raw-HTML figures, sized images and code languages kept."""

    def __init__(self, **options) -> None:
        super().__init__(heading_style="ATX", bullets="-", escape_misc=False,
                         code_language_callback=_language, strip=["span", "div"], **options)

    def _raw(self, element) -> str:
        return "\n\n" + str(element) + "\n\n"

    def convert_figure(self, el, text, parent_tags):  # noqa: D102 - markdownify hook
        return self._raw(el)

    def convert_img(self, el, text, parent_tags):  # noqa: D102
        if "_inline" in parent_tags and el.parent is not None and el.parent.name != "a":
            return str(el)
        alt = (el.get("alt") or "").replace("]", "\\]").replace("\n", " ")
        src = el.get("src") or ""
        title = el.get("title")
        title_part = ' "{}"'.format(title.replace('"', '\\"')) if title else ""
        sizes = " ".join(f'{k}="{el[k]}"' for k in ("width", "height") if el.get(k))
        return f"![{alt}]({src}{title_part})" + (f"{{: {sizes} }}" if sizes else "")

    def convert_table(self, el, text, parent_tags):  # noqa: D102
        if el.find(attrs={"colspan": True}) or el.find(attrs={"rowspan": True}):
            return self._raw(el)
        return super().convert_table(el, text, parent_tags)

    def convert_li(self, el, text, parent_tags):  # noqa: D102
        # Python-Markdown needs four spaces before a nested list (markdownify uses the
        # bullet's width), so every bullet is padded to four.
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            number = (int(start) if start.isdigit() else 1) + len(el.find_previous_siblings("li"))
            bullet = f"{number}."
        else:
            bullet = "-"
        bullet = bullet.ljust(4)
        lines = text.split("\n")
        body = "\n".join(("    " + line) if line.strip() else "" for line in lines[1:])
        return bullet + lines[0] + ("\n" + body if body else "") + "\n"

    def escape(self, text, parent_tags):  # noqa: D102
        # Text that was &lt;b&gt; in HTML must not become a tag in Markdown.
        text = super().escape(text, parent_tags)
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
        return text.replace("<", "&lt;")

    def convert_sup(self, el, text, parent_tags):  # noqa: D102
        return str(el)

    def convert_sub(self, el, text, parent_tags):  # noqa: D102
        return str(el)


def to_markdown(html: str) -> str:
    """Clean HTML -> Markdown, with at most one blank line between blocks."""
    text = SiteMarkdown().convert(html)
    text = re.sub(r"\n[ \t]+\n", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
