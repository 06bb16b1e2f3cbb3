"""Time this site's build against plain Pelican on the same generated posts.

    .venv/bin/python benchmarks/build_benchmark.py              # 1,000 posts, 3 rounds
    .venv/bin/python benchmarks/build_benchmark.py -n 200 --rounds 1

In one run, on one corpus (benchmarks/corpus.py), it builds

- plain     Pelican's defaults: default theme, no plugins, pagination 10, Atom feed;
- no-share  this site (pelicanconf.py) with every plugin half but thoughtful.share;
- site      this site as shipped: pelicanconf.py with PLUGINS as written there;

each four ways: cold (output and every cache emptied), warm (built again, nothing
changed), edit (one post's title changed, built again: what a writer waits for
in livereload) and publish (an unchanged site published again: publishconf.py into
an emptied output folder, as `invoke publish` builds, with the published build's own
content cache from the publish before; plain Pelican the same with its settings).
Every build is its own ``python -m pelican`` process, the configs take turns in
each round, and the median of the rounds is reported with the peak memory of the
largest process. Speed is reported as ratios against plain Pelican, which stay
comparable across machines; the seconds are for this machine only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from corpus import generate  # noqa: E402

from sitetools.paths import empty_output, prune_empty_folders  # noqa: E402

PLAIN_SETTINGS = 'TIMEZONE = "UTC"\nSITENAME = "Plain"\nDEFAULT_PAGINATION = 10\n'
# Plain Pelican's published build: absolute URLs and its feeds (as its quickstart's).
PLAIN_PUBLISH = ('SITEURL = "https://plain.example"\nRELATIVE_URLS = False\n'
                 'FEED_ALL_ATOM = "feeds/all.atom.xml"\n'
                 'CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"\n')
PHASES = ("cold", "warm", "edit", "publish")
NAMES = ("plain", "no-share", "site")


@dataclass
class Config:
    """One configuration to time: a settings file and extra ``-e`` settings."""

    name: str
    settings: Path
    overrides: dict
    publish_settings: Path


@dataclass
class Run:
    seconds: float
    peak_mb: float


def pelican(config: Config, content: Path, work: Path, *, cold: bool = False,
            publish: bool = False) -> Run:
    """Run one build in a fresh interpreter; its wall-clock seconds and peak memory.

    ``publish``: publish settings, output folder emptied first, the published build's
    own content cache (as `invoke publish` does).
    """
    output, cache = work / f"out-{config.name}", work / f"cache-{config.name}"
    ours = config.name != "plain"
    if publish:
        output = work / f"out-publish-{config.name}"
        if ours:  # as `invoke publish` empties it: every file goes, the folders stay
            empty_output(output, work)
        else:  # plain Pelican's publishconf.py: DELETE_OUTPUT_DIRECTORY
            shutil.rmtree(output, ignore_errors=True)
    if cold:
        for folder in (output, cache):
            shutil.rmtree(folder, ignore_errors=True)
    extra = {
        **config.overrides,
        "CACHE_PATH": str(cache / ("publish" if publish else "pelican")),
        "THOUGHTFUL_CACHE_PATH": str(cache),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
    }
    settings = config.publish_settings if publish else config.settings
    command = [
        sys.executable, "-m", "pelican", str(content), "-s", str(settings),
        "-o", str(output), "-e", *(f"{k}={json.dumps(v)}" for k, v in extra.items()),
    ]
    log = work / "last-build.log"
    with log.open("w") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=work, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        if publish and ours:
            prune_empty_folders(output)  # `invoke publish` does it after the build: timed too
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{config.name} build failed:\n{log.read_text()}")
    return Run(seconds, usage.ru_maxrss / 1024)  # kilobytes on Linux


def edited(content: Path) -> Path:
    """The post the edit phase changes: the one in the middle of the corpus."""
    posts = sorted((content / "posts").glob("*.md"))
    return posts[len(posts) // 2]


def edit(content: Path, label: str) -> str:
    """Change one post's title (what a writer does between two rebuilds); return the old text."""
    path = edited(content)
    before = path.read_text(encoding="utf-8")
    lines = before.splitlines(keepends=True)
    lines[0] = f"Title: Edited in {label}: a new title\n"
    path.write_text("".join(lines), encoding="utf-8")
    return before


def machine() -> str:
    """CPU model, cores this process may use, Python version."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}, {cores} cores, Python {platform.python_version()}"


def configs(work: Path) -> list[Config]:
    """plain, no-share and site, as the module docstring describes them."""
    from pelicanconf import PLUGINS

    (work / "plain.py").write_text(PLAIN_SETTINGS)
    (work / "plain-publish.py").write_text(PLAIN_SETTINGS + PLAIN_PUBLISH)
    without = [p for p in PLUGINS if p != "thoughtful.share"]
    return [
        Config("plain", work / "plain.py", {}, work / "plain-publish.py"),
        Config("no-share", ROOT / "pelicanconf.py", {"PLUGINS": without},
               ROOT / "publishconf.py"),
        Config("site", ROOT / "pelicanconf.py", {}, ROOT / "publishconf.py"),
    ]


def run(count: int, rounds: int, keep: bool, names: tuple[str, ...] = NAMES):
    """Generate the corpus, time every build, print the table; return median seconds."""
    work = Path(tempfile.mkdtemp(prefix="blog-bench-"))
    try:
        content = work / "content"
        generate(content, count)
        runs: dict[tuple[str, str], list[Run]] = {}
        for number in range(rounds):
            for config in (c for c in configs(work) if c.name in names):
                for phase in PHASES:
                    before = edit(content, f"{config.name} {number}") if phase == "edit" else None
                    if phase == "publish":
                        # The publish before (its cache is what the timed one reuses).
                        pelican(config, content, work, publish=True)
                    runs.setdefault((config.name, phase), []).append(pelican(
                        config, content, work, cold=phase == "cold", publish=phase == "publish"))
                    if before is not None:
                        edited(content).write_text(before, encoding="utf-8")
        return report(count, rounds, runs, names)
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(count: int, rounds: int, runs: dict[tuple[str, str], list[Run]],
           names: tuple[str, ...] = NAMES):
    """Print seconds, peak memory and the ratios issue 13 sets targets for."""
    median = {key: statistics.median(r.seconds for r in values) for key, values in runs.items()}
    peak = {key: max(r.peak_mb for r in values) for key, values in runs.items()}
    print(f"{count} posts, median of {rounds} round(s); {machine()}")
    print(f"{'':10}" + "".join(f"{phase:>20}" for phase in PHASES))
    for name in names:
        cells = [f"{median[name, p]:7.2f} s {peak[name, p]:6.0f} MB" for p in PHASES]
        print(f"{name:10}" + "".join(f"{c:>20}" for c in cells))
    for name in (n for n in names if n != "plain"):
        ratios = "  ".join(f"{p} {median[name, p] / median['plain', p]:.2f}" for p in PHASES)
        print(f"{name} / plain: {ratios}")
    if "no-share" in names:
        share = "  ".join(f"{p} {median['site', p] / median['no-share', p]:.2f}" for p in PHASES)
        print(f"site / no-share (what thoughtful.share costs): {share}")
    memory = max(peak["site", p] for p in PHASES) / max(peak["plain", p] for p in PHASES)
    print(f"site publish / site warm: {median['site', 'publish'] / median['site', 'warm']:.2f}"
          f"  peak memory site / plain: {memory:.2f}")
    print("targets: site / plain cold <= 1.2; site publish / site warm <= 1.1; "
          "peak memory site / plain <= 1.5")
    return {f"{n} {p}": s for (n, p), s in median.items()}


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000, help="posts to generate")
    parser.add_argument("--rounds", type=int, default=3, help="repeat; medians are reported")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--only", default=",".join(NAMES),
                        help="configurations to build, comma-separated (plain and site needed)")
    args = parser.parse_args(argv)
    names = tuple(n for n in NAMES if n in args.only.split(","))
    if not {"plain", "site"} <= set(names):
        parser.error("--only must include plain and site")
    run(args.count, args.rounds, args.keep, names)


if __name__ == "__main__":
    main()
