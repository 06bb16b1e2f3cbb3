"""The benchmarks run end to end on a tiny corpus and report what the README quotes.

Only that they run and report consistently is tested here; the numbers themselves
belong in the README (no timed assertions in tests).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("cold", "warm", "edit", "publish")
ROW = re.compile(r"^(?P<name>plain|no-share|site)\s+" + r"\s+".join(
    rf"(?P<{phase}>[\d.]+) s\s+(?P<{phase}_mb>\d+) MB" for phase in PHASES
) + "$", re.MULTILINE)


@pytest.mark.slow
def test_the_build_benchmark_times_plain_pelican_and_this_site_four_ways():
    result = subprocess.run(
        [sys.executable, "benchmarks/build_benchmark.py", "--count", "6", "--rounds", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("6 posts, median of 1 round(s)")
    rows = {m["name"]: m for m in ROW.finditer(result.stdout)}
    assert set(rows) == {"plain", "no-share", "site"}
    ratios = re.search(r"^site / plain: cold ([\d.]+)  warm ([\d.]+)  edit ([\d.]+)  "
                       r"publish ([\d.]+)$", result.stdout, re.MULTILINE)
    assert ratios, result.stdout
    for phase, ratio in zip(PHASES, ratios.groups(), strict=True):
        # Seconds are printed rounded to 10 ms; the ratio is of the unrounded times.
        expected = float(rows["site"][phase]) / float(rows["plain"][phase])
        assert float(ratio) == pytest.approx(expected, rel=0.1)
        assert int(rows["site"][f"{phase}_mb"]) > 10  # peak memory of a real process
    publish = re.search(r"^site publish / site warm: ([\d.]+)  peak memory site / plain: "
                        r"([\d.]+)$", result.stdout, re.MULTILINE)
    assert publish, result.stdout
    expected = float(rows["site"]["publish"]) / float(rows["site"]["warm"])
    assert float(publish.group(1)) == pytest.approx(expected, rel=0.1)
    peaks = [max(int(rows[name][f"{p}_mb"]) for p in PHASES) for name in ("site", "plain")]
    assert float(publish.group(2)) == pytest.approx(peaks[0] / peaks[1], rel=0.05)


@pytest.mark.slow
def test_the_published_build_reuses_its_own_content_cache(tmp_path):
    """The publish phase builds with its own cache, apart from the development build's."""
    result = subprocess.run(
        [sys.executable, "benchmarks/build_benchmark.py", "--count", "4", "--rounds", "1",
         "--only", "plain,site", "--keep"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    work = Path(re.search(r"^kept (.+)$", result.stdout, re.MULTILINE).group(1))
    try:
        key = work / "cache-site" / "publish" / "thoughtful-cache-key.json"
        assert key.is_file()
        assert (work / "cache-site" / "pelican" / "thoughtful-cache-key.json").read_text() \
            != key.read_text()  # the development build's cache is another one
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.slow
def test_the_cards_benchmark_reports_milliseconds_per_card_per_core():
    result = subprocess.run(
        [sys.executable, "benchmarks/cards_benchmark.py", "-n", "8", "--repeat", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    drawn = re.search(r"drawing: ([\d.]+) ms per card per core", result.stdout)
    assert drawn and float(drawn.group(1)) > 0, result.stdout
    if "reference Pillow card" in result.stdout:  # needs Debian's fonts-dejavu-core
        ratio = re.search(r"ours per core: ([\d.]+) of it", result.stdout)
        assert ratio and float(ratio.group(1)) > 0
