"""The ``thoughtful.parallel`` half: read posts and render pages on all cores
(reader.py and writer.py have the how; team.py runs the worker processes).

- ``generator_init``: the posts' and pages' generators read their files on every core
  when Pelican asks them to (a cold build, or many changed files).
- ``all_generators_finalized``: decide (enough pages, more than one CPU, ``os.fork``
  available) and plan which generators share their pages.
- ``get_writer``: give Pelican the ParallelWriter, which starts the workers at the
  first page it writes.
- ``initialized`` / ``finalized``: use a content cache only if it was made under the
  same settings, theme, plugin code and Pelican (thoughtful/cache_key.py).
- ``finalized``: drop the plan (``pelican -r`` builds again with the same settings).

Limits: a plugin that collects pages from ``content_written`` in memory sees only the
pages its own process wrote, and receivers of the per-page and writer-finished signals
(``article_generator_write_article``, ``article_writer_finalized``, ...) run in every
process; set ``THOUGHTFUL_PARALLEL_WORKERS = 1`` to turn this off.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from thoughtful import cache_key, config

from .reader import KINDS, share_reading
from .settings import DEFAULTS, KEY, PLUGIN, VALIDATORS
from .team import can_fork, default_workers
from .writer import REPLAYED, ParallelWriter, Plan, share_output


def plan_workers(settings: dict[str, Any], items: int) -> int:
    """How many processes should read or render ``items`` posts and pages (1 = no fork)."""
    cfg = config.load(settings, DEFAULTS, VALIDATORS)
    if not can_fork() or items < cfg["THOUGHTFUL_PARALLEL_MIN_ITEMS"]:
        return 1
    return cfg["THOUGHTFUL_PARALLEL_WORKERS"] or default_workers()


def timeout(settings: dict[str, Any]) -> float:
    """``THOUGHTFUL_PARALLEL_TIMEOUT``, validated."""
    return config.load(settings, DEFAULTS, VALIDATORS)["THOUGHTFUL_PARALLEL_TIMEOUT"]


def on_all_generators_finalized(generators: list[Any]) -> None:
    """Plan the parallel rendering once Pelican has read everything."""
    settings = generators[0].settings if generators else {}
    settings.pop(KEY, None)
    if PLUGIN not in (settings.get("PLUGINS") or []):
        return
    replayed = [g for g in generators if type(g) in REPLAYED]
    items = sum(len(getattr(g, name, [])) for g in replayed for name in ("articles", "pages"))
    workers = plan_workers(settings, items)
    if workers < 2 or not replayed:
        return
    plan = Plan(workers=workers, generators=replayed, timeout=timeout(settings))
    for generator in replayed:
        share_output(generator, plan)
    settings[KEY] = plan


def on_generator_init(generator: Any) -> None:
    """A generator of posts or pages is made: let it read on every core."""
    if type(generator) in KINDS and PLUGIN in (generator.settings.get("PLUGINS") or []):
        share_reading(generator, plan_workers, timeout(generator.settings))


def on_get_writer(pelican: Any) -> type | None:
    """Pelican asks for a writer: ours when a plan was made for this build."""
    return ParallelWriter if pelican.settings.get(KEY) else None


def on_finalized(pelican: Any) -> None:
    """Drop this build's plan: ``pelican -r`` runs the next build with the same settings."""
    pelican.settings.pop(KEY, None)


def register() -> None:
    """Connect the parallel writer to Pelican's signals."""
    signals.initialized.connect(cache_key.on_initialized)
    signals.finalized.connect(cache_key.on_finalized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_writer.connect(on_get_writer)
    signals.finalized.connect(on_finalized)
