"""Table cell alignment as classes instead of style attributes.

Python-Markdown's tables extension writes ``style="text-align: center;"`` for a
column written ``:---:``; the site's Content-Security-Policy (no inline styles)
makes browsers drop that, and its other option, the ``align`` attribute, is not
valid HTML5. This turns it into ``class="align-center"``, which site.css styles.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_ALIGN = re.compile(r"^\s*text-align:\s*(left|center|right);?\s*$")


class _AlignClasses(Treeprocessor):
    def run(self, root: Element) -> None:
        for cell in root.iter():
            if cell.tag not in ("th", "td") or "style" not in cell.attrib:
                continue
            match = _ALIGN.match(cell.attrib["style"])
            if match:
                del cell.attrib["style"]
                classes = cell.get("class", "").split()
                cell.set("class", " ".join([*classes, f"align-{match.group(1)}"]))


class AlignClassesExtension(Extension):
    """Markdown extension: table alignment as ``align-left|center|right`` classes."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the tables have been built from blocks, before any later output step.
        md.treeprocessors.register(_AlignClasses(md), "thoughtful_align_classes", 5)


def use_align_classes(settings: dict[str, Any]) -> None:
    """Add the extension to ``settings["MARKDOWN"]`` (a copy: the settings module's dict
    is shared by every build in one process)."""
    markdown = dict(settings.get("MARKDOWN") or {})
    extensions = list(markdown.get("extensions") or [])
    if not any(isinstance(e, AlignClassesExtension) for e in extensions):
        extensions.append(AlignClassesExtension())
    markdown["extensions"] = extensions
    settings["MARKDOWN"] = markdown
