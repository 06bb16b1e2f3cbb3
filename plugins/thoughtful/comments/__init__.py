"""The "Leave a Reply" comment section: static comments, honest modes, backends on click.

Flow: ``initialized`` loads the settings; ``article_generator_finalized`` and
``page_generator_finalized`` attach ``content.comments`` (a model.Section) to
each post and page; the theme includes templates/comments/*.html; ``finalized``
writes the per-post comment feeds, output/_headers (the CSP) and the list of
Isso threads that ``invoke comments-snapshot`` reads.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals

from thoughtful.templating import add_template_folder

from . import csp, feeds, modes, settings
from .model import Section, build_section, read_comments

log = logging.getLogger(__name__)

PLUGIN = "thoughtful.comments"
STATE_KEY = "_THOUGHTFUL_COMMENTS_STATE"
THREADS_FILE = "isso-threads.json"


@dataclass
class State:
    """This build's comment data, kept in the Pelican settings (one per site built)."""

    cfg: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    used_slugs: set[str] = field(default_factory=set)


def enabled(pelican_settings: dict[str, Any]) -> bool:
    """True when this site lists the comments half in PLUGINS."""
    names = {getattr(p, "__name__", p) for p in pelican_settings.get("PLUGINS") or []}
    return PLUGIN in names


def _state(pelican_settings: dict[str, Any]) -> State | None:
    return pelican_settings.get(STATE_KEY) if enabled(pelican_settings) else None


def on_initialized(pelican) -> None:
    """Load and check the settings once; tell the theme the section is on."""
    if not enabled(pelican.settings):
        return
    cfg = settings.load(pelican.settings)
    mode = cfg["THOUGHTFUL_COMMENTS_MODE"]
    problem = modes.problem(mode, cfg, {}) if mode not in ("closed", "mastodon") else None
    if problem:
        log.error("Setting THOUGHTFUL_COMMENTS_MODE: %s; comments are shown as closed", problem)
    pelican.settings[STATE_KEY] = State(cfg=cfg)
    pelican.settings["THOUGHTFUL_COMMENTS_ACTIVE"] = True


def _attach(generator, items, kind: str) -> None:
    state = _state(generator.settings)
    if state is None:
        return
    site = generator.settings
    root = (Path(site["PATH"]) / state.cfg["THOUGHTFUL_COMMENTS_PATH"]).resolve()
    siteurl = site.get("SITEURL", "").rstrip("/")
    for content in items:
        folder = (root / content.slug).resolve()
        comments = []
        if folder.is_relative_to(root) and folder != root:
            comments = read_comments(folder, site["TIMEZONE"])
        else:
            log.error("%s: slug %r leads outside %s; its comments are not read",
                      content.source_path, content.slug, root)
        state.used_slugs.add(content.slug)
        section = build_section(content, kind, state.cfg, siteurl, comments)
        content.comments = section
        state.sections.append(section)


def on_articles(generator) -> None:
    """Attach ``article.comments`` to every article, translation and draft."""
    _attach(generator, [*generator.articles, *generator.translations, *generator.drafts],
            "article")


def on_pages(generator) -> None:
    """Attach ``page.comments`` to every page (hidden unless the page opts in)."""
    _attach(generator, [*generator.pages, *generator.hidden_pages, *generator.draft_pages,
                        *generator.translations], "page")


def on_finalized(pelican) -> None:
    """Write comment feeds, output/_headers and the Isso thread list."""
    state = _state(pelican.settings)
    if state is None:
        return
    output = Path(pelican.output_path)
    _warn_orphans(pelican.settings, state)
    for section in state.sections:
        if section.state != "hidden":
            feeds.write_feed(section, output, pelican.settings["SITENAME"])
    if state.cfg["THOUGHTFUL_COMMENTS_HEADERS"]:
        used = [s.backend.origins for s in state.sections if s.backend and s.state == "open"]
        csp.write_headers(output, csp.merge_origins(state.cfg["THOUGHTFUL_COMMENTS_CSP_EXTRA"],
                                                    *used))
    _write_threads(pelican.settings, state)


def _warn_orphans(site: dict[str, Any], state: State) -> None:
    root = Path(site["PATH"]) / state.cfg["THOUGHTFUL_COMMENTS_PATH"]
    if not root.is_dir():
        return
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name not in state.used_slugs:
            log.warning("Comments folder %s matches no post slug; its comments are not shown",
                        folder)


def _write_threads(site: dict[str, Any], state: State) -> None:
    """Isso thread id -> post slug, for the snapshot task (kept in the cache, not output)."""
    threads = {"/" + s.path: s.slug for s in state.sections
               if s.mode == "isso" and s.state == "open"}
    if not threads:
        return
    cache = Path(site.get("THOUGHTFUL_CACHE_PATH") or Path(site["PATH"]).parent / ".cache")
    target = cache / "comments" / THREADS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(threads, indent=2, sort_keys=True) + "\n",
                      encoding="utf-8")


def register() -> None:
    """Connect the comments half to Pelican's signals."""
    add_template_folder(PLUGIN, Path(__file__).parent / "templates")
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles)
    signals.page_generator_finalized.connect(on_pages)
    signals.finalized.connect(on_finalized)
