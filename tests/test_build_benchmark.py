"""The build benchmark runs end to end on a tiny corpus and prints both builds and the ratio.

Only that it runs and reports is tested here; the numbers themselves belong in
the README (no timed assertions in tests).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_benchmark_times_this_site_and_plain_pelican_cold_and_warm():
    result = subprocess.run(
        [sys.executable, "benchmarks/build_benchmark.py", "--count", "6", "--plugins", "site"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 posts; plugin halves: thoughtful.site" in result.stdout
    rows = {
        m["phase"]: m
        for m in re.finditer(
            r"^(?P<phase>cold|warm)\s+(?P<site>[\d.]+)s\s+(?P<plain>[\d.]+)s\s+(?P<ratio>[\d.]+)x$",
            result.stdout,
            re.MULTILINE,
        )
    }
    assert set(rows) == {"cold", "warm"}
    for row in rows.values():
        # The printed seconds are rounded to 10 ms; the ratio is of the unrounded times.
        assert float(row["ratio"]) == pytest.approx(
            float(row["site"]) / float(row["plain"]), rel=0.1
        )


def test_an_unknown_half_is_refused_by_name():
    result = subprocess.run(
        [sys.executable, "benchmarks/build_benchmark.py", "--count", "1", "--plugins", "cards"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )

    assert result.returncode != 0
    assert "unknown half cards" in result.stderr
