"""Share cards: how fast the worker pool draws them, in ms per card per core.

    .venv/bin/python benchmarks/cards_benchmark.py [-n 1000] [--repeat 3]

Draws ``n`` corpus-like cards (title, site name, byline) into an empty card cache
with the worker pool alone, as a build does, and reports wall time x workers / cards
(issue 13's target: at most 2 ms per card per core) and the CPU time per card
measured inside the workers. As a baseline in the same run it draws the reference
card a plain Pillow script would draw (1200x630 RGB, two text runs in DejaVu, PNG
level 6; about 13 ms on one core of the reference machine) on one core. Build
times against plain Pelican, cards included, are measured by build_benchmark.py.

The cards go where a build puts them, under the project's .cache/ (``--folder``
to choose another). Where matters on some disks: on the reference machine's
ext4, creating a file in a new folder under /tmp took 0.3 to 0.8 ms, under
.cache/ 0.02 ms, which is more than a third of a card either way.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "benchmarks")]

from build_benchmark import machine  # noqa: E402


def corpus_texts(count: int) -> list[tuple[str, str]]:
    """(title, byline) as the corpus's posts have them: one pattern, numbered."""
    return [(f"Thoughtful Thursday {i}: Garden and Notebook",
             f"Maya Lindqvist  ·  {1 + i % 28} May 2024  ·  Craft") for i in range(count)]


def varied_texts(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(title, byline) of 3 to 12 words drawn from the ~370 words of the shipped font
    licences, with punctuation, figures and dates: no two cards share their lines, and
    a worker meets many letter pairs it has not measured yet."""
    rng = random.Random(seed)
    licences = ROOT / "plugins/thoughtful/share/fonts"
    prose = "".join(path.read_text() for path in sorted(licences.glob("*.txt")))
    words = sorted(set(re.findall(r"[A-Za-z][a-z']{1,12}", prose)))
    months = "January February March April May June July August September October".split()
    texts = []
    for _ in range(count):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12))).capitalize()
        title += rng.choice(["", "?", "!", f" ({rng.randint(1990, 2026)})", ": a note",
                             " — and after", ", again…"])
        byline = (f"{rng.choice(words).title()} {rng.choice(words).title()}  ·  "
                  f"{rng.randint(1, 28)} {rng.choice(months)} {rng.randint(2005, 2026)}  ·  "
                  f"{rng.choice(words).title()}")
        texts.append((title, byline))
    return texts


def drawing(work: Path, texts: list[tuple[str, str]], run: int) -> tuple[float, float]:
    """Drawing a card for each (title, byline) with the pool alone: (wall ms x workers /
    cards, CPU ms per card measured inside the workers)."""
    from thoughtful.share.cards.cache import CardSet
    from thoughtful.share.settings import DEFAULTS, card_layout

    # Each run draws into a new, empty cache. Deleting the last run's cards here would
    # leave the disk busy freeing them while this run writes, and that cost is not drawing.
    cache = work / f"draw-cache-{run}"
    cards = CardSet(cache, work / "draw-out", card_layout({}), DEFAULTS["SHARE_CARD_FONTS"])
    os.sync()  # the last run's writes reach the disk before this run is timed
    for title, byline in texts:
        cards.add(title, "Small Lessons", byline)
    count = len(texts)
    cards.start()
    seconds = cards.finish()
    return seconds * 1000 * cards.workers / count, cards.cpu_ms_per_card


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core


def reference(count: int = 100) -> float | None:
    """CPU ms of ANCHORS.md's plain Pillow card, on one core (None without DejaVu)."""
    from PIL import Image, ImageDraw, ImageFont

    if not (DEJAVU / "DejaVuSans-Bold.ttf").is_file():
        return None
    title = ImageFont.truetype(str(DEJAVU / "DejaVuSans-Bold.ttf"), 64)
    site = ImageFont.truetype(str(DEJAVU / "DejaVuSans.ttf"), 32)
    started = time.process_time()
    for i in range(count):
        image = Image.new("RGB", (1200, 630), (247, 243, 236))
        draw = ImageDraw.Draw(image)
        draw.text((80, 200), f"Thoughtful Thursday {i}: Garden", font=title, fill=(30, 28, 26))
        draw.text((80, 520), "Small Lessons", font=site, fill=(90, 88, 84))
        image.save(io.BytesIO(), "PNG", compress_level=6)
    return (time.process_time() - started) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median counts")
    parser.add_argument("--folder", type=Path, default=ROOT / ".cache",
                        help="where the card caches are made (default: the project's .cache/, "
                             "where a build keeps its cards)")
    parser.add_argument("--titles", choices=("corpus", "varied"), default="corpus",
                        help="corpus: the benchmark corpus's numbered titles (default); "
                             "varied: every card's title and byline different")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="cards-bench-", dir=args.folder))
    try:
        texts = (varied_texts if args.titles == "varied" else corpus_texts)(args.count)
        runs = [drawing(work, texts, run) for run in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        low, high = min(r[0] for r in runs), max(r[0] for r in runs)
        print(f"{args.count} cards ({args.titles} titles), median of {args.repeat}, "
              f"drawn under {args.folder}; "
              f"{machine()}")
        print(f"drawing: {wall:.2f} ms per card per core (wall x workers / cards; "
              f"runs {low:.2f} to {high:.2f}), {cpu:.2f} ms CPU per card in the workers"
              "  (target <= 2)")
        plain = reference()
        if plain is not None:
            print(f"reference Pillow card (ANCHORS.md), same run: {plain:.2f} ms on one core; "
                  f"ours per core: {wall / plain:.2f} of it")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
