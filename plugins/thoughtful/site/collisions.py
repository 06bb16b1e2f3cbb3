"""Two files that would be written to the same URL: report both, keep the first.

Left alone, Pelican notices only while writing ("File ... is to be
overwritten") and stops the whole build. We check every article, page and
draft before anything is written, log an error naming both files and the URL,
and drop the later file (by folder and name) so the rest of the site still builds.
"""

import logging
import posixpath
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from thoughtful import content

from .report import shown_path
from .settings import KEY, setting

log = logging.getLogger(__name__)

# The generator lists Pelican writes (one list for every half), in the order the
# checks claim URLs: originals first, so a translation never pushes out its original.
ARTICLE_LISTS = tuple(sorted(content.ARTICLE_LISTS, key=lambda name: "translations" in name))
PAGE_LISTS = tuple(sorted(content.PAGE_LISTS, key=lambda name: "translations" in name))
# Where the claimed URLs of one build live, so pages can be checked against articles.
CLAIMS = "THOUGHTFUL_SITE_CLAIMED_URLS"


def check_articles(generator) -> None:
    """``article_generator_pretaxonomy`` handler: before categories and tags are built."""
    if _enabled(generator.settings):
        _drop_collisions(generator, ARTICLE_LISTS)


def check_pages(generator) -> None:
    """``page_generator_finalized`` handler: pages against each other and the articles."""
    if not _enabled(generator.settings):
        return
    if _drop_collisions(generator, PAGE_LISTS):
        for name in ("pages", "hidden_pages", "draft_pages"):
            generator.context[name] = getattr(generator, name)


def _enabled(settings: dict[str, Any]) -> bool:
    return KEY in settings and setting(settings, "THOUGHTFUL_SITE_CHECK_COLLISIONS")


def _drop_collisions(generator, list_names: Iterable[str]) -> bool:
    """Remove items whose save_as is already claimed; True when any was removed."""
    claimed: dict[str, Any] = generator.context.get(CLAIMS) or _reserved(generator.settings)
    generator.context[CLAIMS] = claimed
    lists = {name: getattr(generator, name, None) or [] for name in list_names}
    dropped: list[Any] = []
    for items in lists.values():
        for item in sorted(items, key=_file_order):
            key = _output_key(item)
            if not key:
                continue
            first = claimed.setdefault(key, item)
            if first is not item:
                _report(item, first, generator.settings)
                dropped.append(item)
    if not dropped:
        return False
    for name, items in lists.items():
        kept = [item for item in items if not any(item is d for d in dropped)]
        setattr(generator, name, kept)
        for item in kept:  # a dropped file must not be offered as a translation
            item.translations = [
                t for t in getattr(item, "translations", []) if not any(t is d for d in dropped)
            ]
    return True


def _reserved(settings: dict[str, Any]) -> dict[str, str]:
    """The files the site's own pages take (archives/, tags/, ...), by save_as."""
    reserved = {}
    for name in settings.get("DIRECT_TEMPLATES") or []:
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            reserved[posixpath.normpath(save_as).lstrip("/")] = f"the site's {name} page"
    return reserved


def _file_order(item) -> tuple[str, str, str]:
    # By folder, then name without extension: "about.md" comes before "about-copy.md".
    path = PurePath(item.source_path or "")
    return (str(path.parent), path.stem, path.suffix)


def _output_key(item) -> str:
    # "a/./b.html" and "/a/b.html" are one file in the output folder.
    save_as = getattr(item, "save_as", "") or ""
    return posixpath.normpath(save_as).lstrip("/") if save_as else ""


def _report(later, first, settings: dict[str, Any]) -> None:
    owner = first if isinstance(first, str) else shown_path(first.source_path, settings)
    log.error(
        "%s: slug/URL '%s' is already used by %s; skipping %s (give one of them its own Slug:)",
        shown_path(later.source_path, settings),
        later.url or later.save_as,
        owner,
        shown_path(later.source_path, settings),
    )
