"""Share meta (Open Graph, X, JSON-LD), card images and share links.

Signals, in the order Pelican sends them:

- ``initialized``: settings loaded and checked; ``THOUGHTFUL_SHARE_ACTIVE`` set so
  the theme includes share/head.html; a ``ShareBuild`` is kept in the settings
  under ``THOUGHTFUL_SHARE``, as each half keeps its state under its own name.
- ``generator_init``: templates get ``share_record()``, the current page's record
  (a post's record carries its comments in its JSON-LD when thoughtful.comments is on).
- ``all_generators_finalized``: every article/page record is made and the cards
  the cache lacks are planned. They start drawing in worker processes at the first
  page rendered in the build's own process (after thoughtful.parallel forked its
  page workers, if it does), while Pelican writes HTML.
- ``finalized``: drawing is awaited, cards copied into the output, every page
  checked against the platforms' limits.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from pelican import signals

from thoughtful import config, reading
from thoughtful.share import meta
from thoughtful.share.build import ShareBuild
from thoughtful.share.settings import DEFAULTS, VALIDATORS
from thoughtful.templating import add_template_folder

log = logging.getLogger(__name__)

PLUGIN = "thoughtful.share"
KEY = "THOUGHTFUL_SHARE"  # this build's ShareBuild (its settings in .config), on the settings


def _enabled(settings: dict[str, Any]) -> bool:
    return PLUGIN in (settings.get("PLUGINS") or [])


def on_initialized(pelican: Any) -> None:
    """Load the settings once and switch the theme's share hooks on."""
    if not _enabled(pelican.settings):
        return
    loaded = config.load(pelican.settings, DEFAULTS, VALIDATORS)
    pelican.settings["THOUGHTFUL_SHARE_ACTIVE"] = True
    pelican.settings[KEY] = ShareBuild(pelican.settings, loaded)


def _record_function(build: ShareBuild):
    @pass_context
    def share_record(ctx: Any) -> dict[str, Any]:
        """The share record of the page being rendered (with its comments, if any)."""
        record = build.record_for(ctx)
        item = ctx.get("article") or ctx.get("page")
        return meta.with_comments(record, item) if item is not None else record

    return share_record


def on_generator_init(generator: Any) -> None:
    """Give the templates ``share_record()``."""
    build = generator.settings.get(KEY)
    env = getattr(generator, "env", None)
    if build is None or env is None:
        return
    env.globals["share_record"] = _record_function(build)
    build.env = build.env or env


def on_all_generators_finalized(generators: list[Any]) -> None:
    """Make the records and start drawing the cards."""
    build = generators[0].settings.get(KEY) if generators else None
    if build is not None:
        build.begin(generators)


def on_finalized(pelican: Any) -> None:
    """Finish the cards and check every page."""
    build = pelican.settings.get(KEY)
    if build is not None:
        build.finish()


def register() -> None:
    """Connect the share half to Pelican's signals."""
    add_template_folder(PLUGIN, Path(__file__).parent / "templates")
    signals.initialized.connect(on_initialized)
    signals.content_object_init.connect(reading.annotate)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
