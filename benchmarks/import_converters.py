"""Compare HTML -> Markdown libraries on the WordPress fixtures, as the importer uses them.

    .venv/bin/pip install html2text pypandoc-binary   # only for this comparison
    .venv/bin/python benchmarks/import_converters.py

Each post of tests/fixtures/wordpress/export.xml goes through the importer's own
WordPress steps (blocks, wpautop, shortcodes, media), then each library turns
the HTML into Markdown, and the site's Python-Markdown renders it back. Counted
per library: code blocks that come back byte-for-byte, figures and merged-cell
tables kept, visible text kept, lines broken inside a URL, stray backslashes.
"""

from __future__ import annotations

import difflib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

import markdown  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from sitetools.wordpress import body as body_module  # noqa: E402
from sitetools.wordpress.body import BodyConverter  # noqa: E402
from sitetools.wordpress.media import MediaLibrary  # noqa: E402
from sitetools.wordpress.tomarkdown import to_markdown  # noqa: E402
from sitetools.wordpress.wxr import read_export  # noqa: E402

EXTENSIONS = ["extra", "smarty", "codehilite"]


def converters() -> dict:
    found = {"markdownify (subclassed)": to_markdown}
    try:
        import html2text

        def with_html2text(html: str) -> str:
            h = html2text.HTML2Text()
            h.body_width = 0  # its default of 78 wraps long lines, URLs included
            return h.handle(html)

        found["html2text"] = with_html2text
    except ImportError:
        print("html2text not installed: skipped")
    try:
        import pypandoc

        found["pandoc (gfm)"] = lambda html: pypandoc.convert_text(
            html, "gfm-raw_html+raw_html", format="html", extra_args=["--wrap=none"])
    except (ImportError, OSError):
        print("pypandoc-binary not installed: skipped")
    return found


def prepared_html() -> list[str]:
    """The HTML of each fixture post just before the Markdown step."""
    export = read_export(ROOT / "tests/fixtures/wordpress/export.xml")
    captured: list[str] = []
    original = body_module.to_markdown
    body_module.to_markdown = lambda html: captured.append(html) or original(html)
    try:
        attachments = {i.id: i for i in export.items if i.type == "attachment"}
        reusable = {i.id: i.content for i in export.items if i.type == "wp_block"}
        converter = BodyConverter(MediaLibrary(None, {"smalllessons.wordpress.com"}),
                                  attachments, reusable, lambda url: None)
        for item in export.items:
            if item.type in ("post", "page") and item.content.strip():
                converter.convert(item.content, item.id)
    finally:
        body_module.to_markdown = original
    return captured


def visible(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def main() -> None:
    pages = prepared_html()
    codes = [c.get_text() for p in pages for c in BeautifulSoup(p, "html.parser")("code")
             if c.parent.name == "pre"]
    print(f"{len(pages)} fixture bodies, {len(codes)} code blocks\n")
    print(f"{'library':<26}{'code exact':>11}{'figures':>9}{'colspan':>9}{'text kept':>10}"
          f"{'URL breaks':>11}{'backslashes':>12}{'ms':>7}")
    for name, convert in converters().items():
        start = time.perf_counter()
        outputs = [convert(p) for p in pages]
        ms = (time.perf_counter() - start) * 1000
        rendered = [markdown.markdown(o, extensions=EXTENSIONS) for o in outputs]
        got = [c.get_text() for r in rendered for c in BeautifulSoup(r, "html.parser")("code")
               if c.parent.name == "pre" or c.find_parent("div", class_="codehilite")]
        exact = sum(1 for c in codes if any(c.strip() == g.strip() for g in got))
        figures = sum(r.count("<figcaption") for r in rendered)
        colspan = sum(r.count("colspan") for r in rendered)
        ratio = sum(difflib.SequenceMatcher(None, visible(p), visible(r)).ratio()
                    for p, r in zip(pages, rendered, strict=True)) / len(pages)
        breaks = sum(len(re.findall(r"https?://\S*\n\S", o)) for o in outputs)
        slashes = sum(len(re.findall(r"\\[-#'.!_]", o)) for o in outputs)
        print(f"{name:<26}{exact:>7}/{len(codes):<3}{figures:>9}{colspan:>9}{ratio:>10.2f}"
              f"{breaks:>11}{slashes:>12}{ms:>7.0f}")


if __name__ == "__main__":
    main()
