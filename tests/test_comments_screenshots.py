"""The README's pictures of the comment section stay true: scripts/screenshots.py runs
again on its fixture site and must produce the same set of pictures, of the same size,
as the ones committed under docs/comments/ (sizes, not pixels: a changed layout changes
a section's height; rerun the script and commit its PNGs)."""

import sys
from pathlib import Path

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import screenshots  # noqa: E402


def test_the_committed_screenshots_match_what_the_script_makes_now(tmp_path):
    made = {p.name: p for p in screenshots.main(["--out", str(tmp_path)])}
    committed = {p.name: p for p in screenshots.DOCS.glob("*.png")}

    assert sorted(committed) == sorted(made)
    expected = {f"{mode}-{shot.name}.png" for mode in screenshots.MODES
                for shot in screenshots.SHOTS}
    assert expected <= set(made)
    for name, path in made.items():
        with Image.open(path) as new, Image.open(committed[name]) as old:
            assert abs(new.width - old.width) <= 2 and abs(new.height - old.height) <= 4, \
                f"{name}: {old.size} committed, {new.size} now; rerun scripts/screenshots.py"
            assert new.mode == "P"  # reduced to a palette: small enough to commit
        assert committed[name].stat().st_size < 60_000, name
        phone = "phone" in name
        assert new.width <= (390 if phone else 1280)
