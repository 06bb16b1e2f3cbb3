"""Time this site's build against plain Pelican on the same generated posts.

    .venv/bin/python benchmarks/build_benchmark.py                 # 1,000 posts, all halves
    .venv/bin/python benchmarks/build_benchmark.py --count 200 --plugins site

In one run, on one corpus (benchmarks/corpus.py), it times:

- this site: pelicanconf.py (its theme and the plugin halves in PLUGINS, or
  those named with --plugins), and
- plain Pelican: its default theme, no plugins,

each as a cold build (empty output and cache) and a warm rebuild (Pelican's
content cache on, nothing changed). Every build runs in a fresh interpreter
(``python -m pelican``), so imports and start-up count the same for both.
Speed is reported as the ratio site / plain, which stays comparable across
machines; the absolute seconds are for this machine only.
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

from corpus import generate  # noqa: E402

HALVES = ("site", "share", "comments")
PLAIN_SETTINGS = 'TIMEZONE = "UTC"\nSITENAME = "Plain"\nDEFAULT_PAGINATION = 10\n'


@dataclass
class Config:
    """One configuration to time: a settings file and extra -e settings."""

    name: str
    settings: Path
    overrides: dict


def pelican(config: Config, content: Path, work: Path, *, warm: bool) -> float:
    """Run one build in a fresh interpreter; return its wall-clock seconds."""
    output = work / f"out-{config.name}"
    cache = work / f"cache-{config.name}"
    if not warm:
        for folder in (output, cache):
            shutil.rmtree(folder, ignore_errors=True)
    extra = {
        **config.overrides,
        "CACHE_PATH": str(cache / "pelican"),
        "THOUGHTFUL_CACHE_PATH": str(cache),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": warm,
    }
    command = [
        sys.executable, "-m", "pelican", str(content), "-s", str(config.settings),
        "-o", str(output), "-e", *(f"{k}={json.dumps(v)}" for k, v in extra.items()),
    ]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=work, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{config.name} build failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def machine() -> str:
    """CPU model and core count, for the README table."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def plugin_names(halves: str | None) -> list[str] | None:
    """``"site,share"`` -> ``["thoughtful.site", "thoughtful.share"]``; None keeps PLUGINS."""
    if halves is None:
        return None
    chosen = [h.strip() for h in halves.split(",") if h.strip() and h.strip() != "none"]
    unknown = [h for h in chosen if h not in HALVES]
    if unknown:
        raise SystemExit(f"--plugins: unknown half {', '.join(unknown)} (choose from {HALVES})")
    return [f"thoughtful.{h}" for h in chosen]


def run(count: int, halves: str | None, rounds: int, keep: bool) -> dict[str, float]:
    """Generate the corpus, time every build, print the table; return the medians."""
    work = Path(tempfile.mkdtemp(prefix="blog-bench-"))
    try:
        content = work / "content"
        generate(content, count)
        (work / "plain.py").write_text(PLAIN_SETTINGS)
        site_overrides = {}
        plugins = plugin_names(halves)
        if plugins is not None:
            site_overrides["PLUGINS"] = plugins
        configs = [
            Config("site", ROOT / "pelicanconf.py", site_overrides),
            Config("plain", work / "plain.py", {}),
        ]
        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            for config in configs:
                for warm in (False, True):
                    key = f"{config.name} {'warm' if warm else 'cold'}"
                    times.setdefault(key, []).append(pelican(config, content, work, warm=warm))
        medians = {key: statistics.median(values) for key, values in times.items()}
        report(count, plugins, rounds, medians)
        return medians
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(count: int, plugins: list[str] | None, rounds: int, medians: dict[str, float]) -> None:
    """Print the seconds and the site / plain ratios."""
    enabled = "as in pelicanconf.py" if plugins is None else (", ".join(plugins) or "none")
    print(f"{count} posts; plugin halves: {enabled}; median of {rounds} round(s)")
    print(f"machine: {machine()}")
    print(f"{'':8}{'this site':>12}{'plain Pelican':>16}{'ratio':>8}")
    for phase in ("cold", "warm"):
        site, plain = medians[f"site {phase}"], medians[f"plain {phase}"]
        print(f"{phase:8}{site:>11.2f}s{plain:>15.2f}s{site / plain:>7.2f}x")


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000, help="posts to generate")
    parser.add_argument(
        "--plugins",
        default=None,
        help="comma-separated halves to enable (site,share,comments or none); "
        "default: PLUGINS from pelicanconf.py",
    )
    parser.add_argument("--rounds", type=int, default=1, help="repeat and report medians")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    run(args.count, args.plugins, args.rounds, args.keep)


if __name__ == "__main__":
    main()
