"""The ``thoughtful.parallel`` half: render pages on all cores (writer.py has the how).

- ``all_generators_finalized``: decide (enough pages, more than one CPU, ``os.fork``
  available) and plan which generators share their pages.
- ``get_writer``: give Pelican the ParallelWriter, which starts the workers at the
  first page it writes.
- ``finalized``: drop the plan (``pelican -r`` builds again with the same settings).

Limits: a plugin that collects pages from ``content_written`` in memory sees only the
pages its own process wrote, and receivers of the per-page and writer-finished signals
(``article_generator_write_article``, ``article_writer_finalized``, ...) run in every
process; set ``THOUGHTFUL_PARALLEL_WORKERS = 1`` to turn this off.
"""

from __future__ import annotations

import os
from typing import Any

from pelican import signals

from thoughtful import config

from .settings import DEFAULTS, KEY, PLUGIN, VALIDATORS
from .writer import REPLAYED, ParallelWriter, Plan, share_output

# Each worker holds its own copy of the site in memory; past a few, the writing of
# files, not rendering, is what limits the speed.
MAX_DEFAULT_WORKERS = 4


def usable_cpus() -> int:
    """CPUs this process may run on (a container's limit, where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def plan_workers(settings: dict[str, Any], items: int) -> int:
    """How many processes should render a site of ``items`` articles and pages (1 = no fork)."""
    cfg = config.load(settings, DEFAULTS, VALIDATORS)
    workers = cfg["THOUGHTFUL_PARALLEL_WORKERS"] or min(usable_cpus(), MAX_DEFAULT_WORKERS)
    if not hasattr(os, "fork") or items < cfg["THOUGHTFUL_PARALLEL_MIN_ITEMS"]:
        return 1
    return workers


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
    plan = Plan(workers=workers, generators=replayed)
    for generator in replayed:
        share_output(generator, plan)
    settings[KEY] = plan


def on_get_writer(pelican: Any) -> type | None:
    """Pelican asks for a writer: ours when a plan was made for this build."""
    return ParallelWriter if pelican.settings.get(KEY) else None


def on_finalized(pelican: Any) -> None:
    """Drop this build's plan: ``pelican -r`` runs the next build with the same settings."""
    pelican.settings.pop(KEY, None)


def register() -> None:
    """Connect the parallel writer to Pelican's signals."""
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_writer.connect(on_get_writer)
    signals.finalized.connect(on_finalized)
