"""Cards named by a hash of everything that changes their pixels, kept in a cache folder.

``CardSet`` collects the cards a build needs, draws only those the cache lacks
(in worker processes, while Pelican writes the HTML), then copies them into
the output and removes cards there that no page uses any more.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from thoughtful.parallel.team import can_fork, default_workers
from thoughtful.paths import below, inside
from thoughtful.share.cards import draw, fonts
from thoughtful.share.report import say

log = logging.getLogger(__name__)

# A card's file name: 24 hex digits (a 12-byte hash) and .png. Clean-up removes only these.
CARD_NAME = re.compile(r"[0-9a-f]{24}\.png")
POOL_MIN = 12  # fewer cards than this are drawn in the build process: a pool costs more
PROGRESS_EVERY = 3.0  # seconds between progress lines on long runs


def file_digest(path: str) -> str:
    """A hash of one file's bytes (a background image or a logo)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "blake2b").hexdigest()[:32]


class CardSet:
    """The cards of one build: planned, drawn in parallel, copied into the output."""

    def __init__(
        self, cache: Path, output: Path, layout: dict[str, Any], chains: dict[str, list[str]],
        workers: int = 0,
    ) -> None:
        self.cache = cache
        self.output = output
        self.layout = layout
        self.chains = chains
        self.workers = workers or default_workers()  # the CPUs this process may use
        self.cache.mkdir(parents=True, exist_ok=True)
        self._folder = cache.resolve()
        paths = sorted({p for chain in chains.values() for p in chain})
        # Fonts are hashed once per build, not per card.
        self._base = hashlib.blake2b(json.dumps(
            [draw.RENDERER_VERSION, layout, chains, fonts.digest(paths)], sort_keys=True
        ).encode(), digest_size=16).digest()
        self.names: set[str] = set()  # every card this build uses
        self.to_draw: list[dict[str, Any]] = []  # the specs of those the cache lacks
        self.results: dict[str, dict[str, Any]] = {}
        self.reused = 0
        self.pooled = False
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._started = 0.0

    def add(self, title: str, site: str, byline: str, background: str | None = None,
            logo: str | None = None) -> str:
        """Plan one card; returns its file name (the same inputs give the same name)."""
        key = json.dumps(
            [title, site, byline,
             file_digest(background) if background else "", file_digest(logo) if logo else ""]
        )
        name = hashlib.blake2b(self._base + key.encode(), digest_size=12).hexdigest() + ".png"
        if name in self.names:
            return name
        self.names.add(name)
        path = self._folder / name  # a hex name: it cannot leave the folder
        if path.is_file():
            self.reused += 1
        else:
            self.to_draw.append({
                "title": title, "site": site, "byline": byline, "layout": self.layout,
                "fonts": self.chains, "background": background, "logo": logo, "path": str(path)})
        return name

    def start(self) -> None:
        """Start drawing the missing cards in worker processes (returns at once)."""
        self._started = time.time()  # wall clock: comparable with the workers' end times
        if len(self.to_draw) < POOL_MIN or self.workers < 2 or not can_fork():
            return  # drawn in this process at `finish` (no fork: Windows, WebAssembly)
        self.pooled = True
        # Load the fonts, their coverage and the shared layer once, here (~50 ms): forked
        # workers inherit them instead of each paying for it on its first card.
        with contextlib.suppress(Exception):  # a card that fails is reported by its worker
            draw.render(self.to_draw[0])
        # fork: workers start in milliseconds with fonts and Pillow already imported.
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        size = max(4, len(self.to_draw) // (self.workers * 8))
        self._futures = [
            self._pool.submit(draw.draw_many, self.to_draw[i : i + size])
            for i in range(0, len(self.to_draw), size)
        ]

    def finish(self) -> float:
        """Wait for the drawing (logging progress on long runs).

        Returns the seconds from the start of the drawing to the last card drawn
        (the drawing runs while Pelican writes pages, so this is not the wait).
        """
        if self._pool is None:
            self._started = time.time()  # drawn here, after Pelican wrote the pages
            for result in draw.draw_many(self.to_draw):
                self.results[result["name"]] = result
        else:
            try:
                last = time.perf_counter()
                for future in as_completed(self._futures):
                    for result in future.result():
                        self.results[result["name"]] = result
                    if time.perf_counter() - last > PROGRESS_EVERY:
                        last = time.perf_counter()
                        say(log, "Share cards: %d of %d drawn", len(self.results),
                            len(self.to_draw))
            finally:
                self._pool.shutdown()
                self._pool = None
        if not self.results:
            return 0.0
        return max(r["finished"] for r in self.results.values()) - self._started

    def close(self) -> None:
        """Stop the pool of a build that failed before ``finish``: cards not started are
        dropped, those being drawn are waited for (its threads must end before a fork)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def cpu_ms_per_card(self) -> float:
        """CPU milliseconds the drawing took per card, summed over the workers."""
        drawn = [r["cpu"] for r in self.results.values() if "error" not in r]
        return 1000 * sum(drawn) / len(drawn) if drawn else 0.0

    @property
    def errors(self) -> dict[str, str]:
        """Card name -> why it could not be drawn."""
        return {name: r["error"] for name, r in self.results.items() if "error" in r}

    def copy_into_output(self, folder: str) -> Path:
        """Copy every card this build uses to output/``folder``; drop cards no page uses.

        Only files named like a card (``CARD_NAME``) are ever removed: any other
        file in the folder is not the build's to delete.
        """
        target = below(self.output / folder, self.output)
        target.mkdir(parents=True, exist_ok=True)
        present = {p.name for p in target.iterdir() if CARD_NAME.fullmatch(p.name)}
        for name in self.names - present - self.errors.keys():
            source = self.cache / name
            destination = inside(target / name, target)
            try:
                os.link(source, destination)  # same disk: no bytes copied
            except OSError:
                shutil.copyfile(source, destination)
        for stale in present - self.names:
            inside(target / stale, target).unlink()
        return target
