"""The "Leave a Reply" comment section: static comments, honest modes, backends on click.

Flow: ``initialized`` loads the settings; ``all_generators_finalized`` attaches
``content.comments`` (a model.Section) to every post and page Pelican writes
(hidden posts, drafts and every translation included: thoughtful.content lists
them), reading its comments from ``content/comments/<URL path>/`` (folders.py);
each open section's backend adds its origins to the site half's security headers
for that post's page only (thoughtful/site/headers.py); the theme includes
templates/comments/*.html; ``finalized`` writes the per-post comment feeds and
the list of Isso threads that ``invoke comments-snapshot`` reads.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals

from thoughtful.content import KIND, written_lists
from thoughtful.paths import cache_root
from thoughtful.site import headers
from thoughtful.site.report import shown_path
from thoughtful.templating import add_template_folder

from . import feeds, folders, modes, settings
from .model import Section, build_section, read_comments

log = logging.getLogger(__name__)

PLUGIN, KEY = settings.PLUGIN, settings.KEY
THREADS_FILE = "isso-threads.json"


@dataclass
class State:
    """This build's comment data, kept in the Pelican settings (one per site built)."""

    cfg: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    places: folders.Folders | None = None
    threads: dict[str, str] = field(default_factory=dict)  # Isso thread -> comment folder
    langs: dict[int, str] = field(default_factory=dict)  # id(section) -> its post's language


def enabled(pelican_settings: dict[str, Any]) -> bool:
    """True when this site lists the comments half in PLUGINS."""
    return PLUGIN in (pelican_settings.get("PLUGINS") or [])


def _state(pelican_settings: dict[str, Any]) -> State | None:
    return pelican_settings.get(KEY) if enabled(pelican_settings) else None


def on_initialized(pelican) -> None:
    """Load and check the settings once; tell the theme the section is on."""
    if not enabled(pelican.settings):
        return
    cfg = settings.load(pelican.settings)
    mode = cfg["THOUGHTFUL_COMMENTS_MODE"]
    problem = modes.problem(mode, cfg, {}) if mode not in ("closed", "mastodon") else None
    if problem:
        log.error("Setting THOUGHTFUL_COMMENTS_MODE: %s; comments are shown as closed", problem)
    pelican.settings[KEY] = State(cfg=cfg)
    pelican.settings["THOUGHTFUL_COMMENTS_ACTIVE"] = True


def on_all_generators_finalized(generators: list[Any]) -> None:
    """Attach ``content.comments`` to everything Pelican writes a page for.

    At ``all_generators_finalized``, after every post and page is read (so a slug
    shared by a post and a page is known) and after thoughtful.site dropped the
    files whose URL was taken, whatever the order of PLUGINS.
    """
    state = _state(generators[0].settings) if generators else None
    if state is None:
        return
    site = generators[0].settings
    # A new build in the same process (pelican --autoreload) starts afresh.
    state.sections, state.threads, state.langs = [], {}, {}
    items = _items(generators)
    state.places = _plan(state, site, items)
    for generator, content, _ in items:
        if content.save_as:
            _attach(state, site, content, _kind(generator))
        # Not written in this build (drafts when publishing): no section, feed or header
        # rule may name it. Its folder still counts as used (planned above).


def _items(generators: list[Any]) -> list[tuple[Any, Any, bool]]:
    """(generator, post or page, is a translation) for everything Pelican writes a page for."""
    return [(generator, item, name.endswith("translations"))
            for generator in generators if _kind(generator)
            for name in written_lists(generator)
            for item in getattr(generator, name, ())]


def _kind(generator: Any) -> str | None:
    return next((k for cls, k in KIND.items() if isinstance(generator, cls)), None)


def _plan(state: State, site: dict[str, Any], items: list[tuple[Any, Any, bool]]) -> Any:
    root = Path(site["PATH"]) / state.cfg["THOUGHTFUL_COMMENTS_PATH"]
    return folders.plan(root, [(item, translation) for _, item, translation in items],
                        lambda source: shown_path(source, site))


def refresh_folders(generators: list[Any], changed: set[str] | set[Path]) -> None:
    """Comment files or folders were saved, moved or deleted (the live preview): the
    sections of the posts that read those folders, or that read other folders now (a
    first comment in an older slug folder), are made anew; every other section stays."""
    state = _state(generators[0].settings) if generators else None
    if state is None:
        return
    site = generators[0].settings
    # A saved file changes its folder; a folder renamed or moved (its files send no
    # events of their own) changes every folder in or above it. A new folder with no
    # comment in it yet (the writer made it, or an editor) changes nothing.
    paths = {Path(path).resolve() for path in changed}
    files_in = {path.parent for path in paths if path.suffix == ".md"}
    moved = [path for path in paths if path.suffix != ".md"
             and not (path.is_dir() and next(path.rglob("*.md"), None) is None)]
    before = state.places
    items = _items(generators)
    if before is not None and not moved and files_in <= before.read():
        # Files saved in folders some post already reads: no folder appears or goes,
        # so the plan stands (planning again takes ~0.5 s at 10,000 posts).
        _remake(state, site, [(generator, content) for generator, content, _ in items
                              if content.save_as
                              and any(f in files_in for f in before.of(content))])
        return
    state.places = _plan(state, site, items)

    def saved(folder: Path) -> bool:
        return folder in files_in or any(folder.is_relative_to(m) for m in moved)

    _remake(state, site, [
        (generator, content) for generator, content, _ in items
        if content.save_as and (before is None or state.places.of(content) != before.of(content)
                                or any(saved(f) for f in state.places.of(content)))])


def refresh_section(generator: Any, content: Any) -> None:
    """``content``'s file was read again in place (the live preview swapped in its new
    words): its section is made anew, with its title, from its comment files."""
    state = _state(generator.settings)
    if state is not None and state.places is not None and content.save_as:
        _remake(state, generator.settings, [(generator, content)])


def _remake(state: State, site: dict[str, Any], targets: list[tuple[Any, Any]]) -> None:
    """Give each (generator, content) of ``targets`` a new section, in place of its old one."""
    old = {id(content.comments) for _, content in targets if getattr(content, "comments", None)}
    if old:  # one pass over the sections, however many are remade
        state.sections = [s for s in state.sections if id(s) not in old]
        for key in old:
            state.langs.pop(key, None)
    for generator, content in targets:
        kind = _kind(generator)
        if kind is not None:
            _attach(state, site, content, kind)


def _attach(state: State, site: dict[str, Any], content: Any, kind: str) -> None:
    """Read ``content``'s comments and give it its section."""
    siteurl = site.get("SITEURL", "").rstrip("/")
    comments = [c for folder in state.places.of(content)
                for c in read_comments(folder, site["TIMEZONE"])]
    section = build_section(content, kind, state.cfg, siteurl,
                            sorted(comments, key=lambda c: (c.date, c.id)))
    content.comments = section
    state.sections.append(section)
    state.langs[id(section)] = getattr(content, "lang", None) or site["DEFAULT_LANG"]
    if section.backend and section.state == "open":
        # The backend's origins, on this post's page only (the site half writes them).
        headers.allow(site, section.backend.origins, section.path)
    if section.mode == "isso" and section.state == "open" \
            and id(content) in state.places.own:
        # Its own folder first, then any older one it reads (the slug folder of
        # before): the snapshot finds comments stored there and copies none twice.
        own = state.places.own[id(content)]
        older = [f.relative_to(state.places.root).as_posix()
                 for f in state.places.of(content)[1:]]
        state.threads["/" + section.path] = [own, *older] if older else own


def on_finalized(pelican) -> None:
    """Write the comment feeds and the Isso thread list."""
    state = _state(pelican.settings)
    if state is None:
        return
    output = Path(pelican.output_path)
    _warn_orphans(state)
    for section in state.sections:
        if section.state != "hidden":
            feeds.write_feed(section, output, pelican.settings["SITENAME"],
                             state.langs.get(id(section), pelican.settings["DEFAULT_LANG"]))
    _write_threads(pelican.settings, state)


def _warn_orphans(state: State) -> None:
    if state.places is None:
        return
    for folder in folders.orphans(state.places.root, state.places.used()):
        log.warning("Comments folder %s belongs to no post (a post's comments live in "
                    "%s/<the post's URL path>/, e.g. 2024/05/<slug>/); its comments are not shown",
                    folder, state.places.root)


def _write_threads(site: dict[str, Any], state: State) -> None:
    """Isso thread id -> comment folder, for the snapshot task (in the cache, not output)."""
    if not state.threads:
        return
    target = cache_root(site) / "comments" / THREADS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(state.threads, indent=2, sort_keys=True) + "\n",
                      encoding="utf-8")


def register() -> None:
    """Connect the comments half to Pelican's signals."""
    add_template_folder(PLUGIN, Path(__file__).parent / "templates")
    signals.initialized.connect(on_initialized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
