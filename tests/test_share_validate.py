"""Validation after each build: platform limits, warnings naming the file, strict mode."""

import subprocess
import sys
from io import BytesIO
from pathlib import Path

from PIL import Image
from thoughtful.share import validate

ROOT = Path(__file__).resolve().parent.parent


def jpeg(size: tuple[int, int]) -> bytes:
    """A flat JPEG of ``size``."""
    buffer = BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG")
    return buffer.getvalue()


def noisy_png(size: tuple[int, int]) -> bytes:
    """A PNG of random noise: it does not compress, so it is big."""
    buffer = BytesIO()
    Image.effect_noise(size, 120).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def record(**changes) -> dict:
    base = {"kind": "article", "title": "Fine", "description": "Fine too.",
            "url": "https://b.example/x/", "image": {"url": "https://b.example/c.png"}}
    return {**base, **changes}


def test_text_limits_name_the_field():
    assert validate.check_text(record()) == []
    assert validate.check_text(record(title="t" * 71))[0].startswith("title: 71 characters")
    assert validate.check_text(record(description=""))[0].startswith("summary:")
    assert validate.check_text(record(kind="index", description="")) == []


def test_urls_must_be_absolute_once_siteurl_is_set():
    bad = record(url="/x/", image={"url": "cards/c.png"})
    assert validate.check_url(bad, "") == []  # development build
    problems = validate.check_url(bad, "https://b.example")
    assert [p.split(":")[0] for p in problems] == ["url", "image"]


def test_image_checks_existence_bytes_and_ratio(tmp_path):
    (tmp_path / "square.jpg").write_bytes(jpeg((400, 400)))
    (tmp_path / "huge.png").write_bytes(noisy_png((1200, 630)))
    assert validate.check_image({"output_path": "nope.png"}, tmp_path) == [
        "image: nope.png does not exist in the output"]
    (ratio,) = validate.check_image(
        {"output_path": "square.jpg", "width": 400, "height": 400}, tmp_path)
    assert "ratio 1.00" in ratio
    (size,) = validate.check_image(
        {"output_path": "huge.png", "width": 1200, "height": 630}, tmp_path)
    assert "more than 1,000,000" in size


def test_build_warns_naming_the_post_and_field_and_still_builds_the_rest(build_site):
    site = build_site({
        "posts/square.md": "Title: Square\nDate: 2024-01-01\nShare_image: images/sq.jpg\n\nText.\n",
        "posts/long.md": f"Title: {'Long ' * 20}\nDate: 2024-01-02\n\nText.\n",
        "posts/lost.md": "Title: Lost\nDate: 2024-01-03\nCard_background: images/none.jpg\n\nT.\n",
        "posts/fine.md": "Title: Fine\nDate: 2024-01-04\n\nText.\n",
        "images/sq.jpg": jpeg((400, 400)),
    })
    warnings = site.warnings
    assert any(w.startswith("Share: posts/square.md: image:") and "ratio" in w for w in warnings)
    assert any(w.startswith("Share: posts/long.md: title:") and "characters" in w
               for w in warnings)
    assert any(w.startswith("Share: posts/lost.md: card_background:") for w in warnings)
    assert not any("posts/fine.md" in w for w in warnings)
    assert site.exists("2024/01/fine/index.html") and site.exists("2024/01/square/index.html")


def test_missing_glyphs_warn_with_the_post_and_the_characters(build_site):
    site = build_site({"posts/party.md": "Title: Party 🎉 time\nDate: 2024-01-01\n\nText.\n"})
    assert any("posts/party.md" in w and "'🎉'" in w for w in site.warnings)


def test_strict_mode_fails_the_build_on_a_share_warning(tmp_path):
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    (content / "long.md").write_text(f"Title: {'Long ' * 20}\nDate: 2024-01-02\n\nText.\n")
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(tmp_path / 'content')!r}\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        f"THOUGHTFUL_CACHE_PATH = {str(tmp_path / 'cache')!r}\nLOAD_CONTENT_CACHE = False\n"
        "PLUGINS = ['thoughtful.share']\n"
    )
    pelican = Path(sys.executable).with_name("pelican")
    command = [str(pelican), "-s", str(settings), "-o", str(tmp_path / "out")]

    relaxed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    strict = subprocess.run([*command, "--fatal", "warnings"], capture_output=True, text=True,
                            timeout=120)

    assert relaxed.returncode == 0
    assert strict.returncode != 0
    assert "posts/long.md" in strict.stdout + strict.stderr


def test_an_unreadable_background_is_reported_and_the_rest_still_builds(build_site):
    site = build_site({
        "posts/broken.md": "Title: Broken\nDate: 2024-01-01\nCard_background: images/bg.png\n\n.",
        "posts/fine.md": "Title: Fine\nDate: 2024-01-02\n\nText.\n",
        "images/bg.png": b"not a png at all",
    })
    assert any(w.startswith("Share: posts/broken.md: card: could not be drawn")
               for w in site.warnings)
    assert any(w.startswith("Share: posts/broken.md: image:") and "does not exist" in w
               for w in site.warnings)
    assert site.exists("2024/01/fine/index.html")
    assert len(list((site.output / "cards").glob("*.png"))) == 2  # fine's card, the site card
