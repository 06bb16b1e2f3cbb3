"""The benchmarks run end to end on a tiny corpus and report what the README quotes.

Only that they run and report consistently is tested here; the numbers themselves
belong in the README (no timed assertions in tests).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^(?P<name>plain|no-share|site)\s+" + r"\s+".join(
    rf"(?P<{phase}>[\d.]+) s\s+(?P<{phase}_mb>\d+) MB" for phase in ("cold", "warm", "edit")
) + "$", re.MULTILINE)


@pytest.mark.slow
def test_the_build_benchmark_times_plain_pelican_and_this_site_three_ways():
    result = subprocess.run(
        [sys.executable, "benchmarks/build_benchmark.py", "--count", "6", "--rounds", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("6 posts, median of 1 round(s)")
    rows = {m["name"]: m for m in ROW.finditer(result.stdout)}
    assert set(rows) == {"plain", "no-share", "site"}
    ratios = re.search(r"^site / plain: cold ([\d.]+)  warm ([\d.]+)  edit ([\d.]+)$",
                       result.stdout, re.MULTILINE)
    assert ratios, result.stdout
    for phase, ratio in zip(("cold", "warm", "edit"), ratios.groups(), strict=True):
        # Seconds are printed rounded to 10 ms; the ratio is of the unrounded times.
        expected = float(rows["site"][phase]) / float(rows["plain"][phase])
        assert float(ratio) == pytest.approx(expected, rel=0.1)
        assert int(rows["site"][f"{phase}_mb"]) > 10  # peak memory of a real process


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
