"""Share cards: build time against plain Pelican, and card drawing speed, in one run.

    .venv/bin/python benchmarks/cards_benchmark.py [-n 1000] [--repeat 2]

Builds the generated corpus (benchmarks/corpus.py) with
  plain   Pelican's defaults, no plugins (default theme, pagination 10, Atom feed);
  site    this site's settings and theme, no plugins;
  share   this site's settings with only thoughtful.share on (meta, cards, links);
each cold (empty output, content cache and card cache) and warm (same again, caches
kept), every build in its own `pelican` process. Then draws the same cards again with
the worker pool alone, for milliseconds per card per core. Prints the ratios the issue
sets targets for: share/plain cold <= 2, warm <= 1.15, drawing <= 4 ms per card per core.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "benchmarks")]

from corpus import generate  # noqa: E402

PLAIN = """
PATH = {content!r}
TIMEZONE = "UTC"
SITEURL = ""
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = "feeds/all.atom.xml"
CACHE_PATH = {cache!r}
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
PLUGINS = []
"""

SITE = """
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa
PATH = {content!r}
ARTICLE_PATHS = ["posts"]
CACHE_PATH = {cache!r}
THOUGHTFUL_CACHE_PATH = {cache!r}
LOAD_CONTENT_CACHE = True
PLUGINS = {plugins!r}
"""


def cpu_model() -> str:
    """The CPU's model name, from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def build(settings: Path, output: Path) -> tuple[float, str]:
    """Seconds one `pelican` process takes to build, and what it logged."""
    pelican = Path(sys.executable).with_name("pelican")
    started = time.perf_counter()
    done = subprocess.run(
        [str(pelican), "-s", str(settings), "-o", str(output)],
        capture_output=True, text=True, cwd=settings.parent,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"build failed ({settings.name}):\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout + done.stderr


def measure_once(name: str, settings: Path, work: Path) -> tuple[float, float, str]:
    """One cold build (output, content cache and card cache emptied) and one warm one."""
    for folder in ("output-" + name, "cache-" + name):
        shutil.rmtree(work / folder, ignore_errors=True)
    cold, log = build(settings, work / f"output-{name}")
    warm = build(settings, work / f"output-{name}")[0]
    summary = next((line for line in log.splitlines() if "Share cards:" in line), "")
    return cold, warm, summary.strip()


def measure(files: dict[str, Path], work: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Best cold and warm times per setting; the settings take turns, so a busy moment on
    the machine falls on all of them alike."""
    runs: dict[str, list[tuple[float, float, str]]] = {name: [] for name in files}
    for _ in range(repeat):
        for name, settings in files.items():
            runs[name].append(measure_once(name, settings, work))
    result = {}
    for name, done in runs.items():
        result[name] = {"cold": min(r[0] for r in done), "warm": min(r[1] for r in done)}
        print(f"{name:6} cold {result[name]['cold']:6.2f} s   warm {result[name]['warm']:6.2f} s"
              f"  {done[-1][2]}")
    return result


def drawing(work: Path, count: int) -> tuple[float, float]:
    """Drawing ``count`` corpus cards with the pool alone: (wall ms x workers / cards,
    CPU ms per card measured inside the workers)."""
    from thoughtful.share.cards.cache import CardSet
    from thoughtful.share.settings import DEFAULTS, card_layout

    cache = work / "draw-cache"
    shutil.rmtree(cache, ignore_errors=True)
    cards = CardSet(cache, work / "draw-out", card_layout({}), DEFAULTS["SHARE_CARD_FONTS"])
    for i in range(count):
        cards.add(f"Thoughtful Thursday {i}: Garden and Notebook", "Small Lessons",
                  f"Maya Lindqvist  ·  {1 + i % 28} May 2024  ·  Craft")
    cards.start()
    seconds = cards.finish()
    return seconds * 1000 * cards.workers / count, cards.cpu_ms_per_card


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2, help="builds per case; the best counts")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cards-bench-"))
    try:
        content = work / "content"
        generate(content, args.count)
        files = {}
        for name, text in (
            ("plain", PLAIN),
            ("site", SITE.replace("{plugins!r}", "[]")),
            ("share", SITE.replace("{plugins!r}", repr(["thoughtful.share"]))),
        ):
            files[name] = work / f"{name}conf.py"
            files[name].write_text(text.format(
                root=str(ROOT), content=str(content), cache=str(work / f"cache-{name}"),
            ))
        print(f"{args.count} posts; {os.cpu_count()} cores ({cpu_model()}); "
              f"Python {platform.python_version()}")
        times = measure(files, work, args.repeat)
        runs = [drawing(work, args.count) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        plain, site, share = times["plain"], times["site"], times["share"]
        print()
        print(f"cold: share / plain = {share['cold'] / plain['cold']:.2f}  (target <= 2)")
        print(f"warm: share / plain = {share['warm'] / plain['warm']:.2f}  (target <= 1.15)")
        print(f"      share / site (same theme, no plugins): cold "
              f"{share['cold'] / site['cold']:.2f}, warm {share['warm'] / site['warm']:.2f}")
        print(f"drawing: {wall:.2f} ms per card per core (wall x workers / cards), "
              f"{cpu:.2f} ms CPU per card in the workers  (target <= 4)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
