"""The smallest real builds: one post in, one readable page out; the sample site builds strictly."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

POST = """Title: Hello & welcome
Date: 2024-05-02 10:00
Category: Notes

A first paragraph.
"""


def test_one_post_builds_into_a_page_with_its_title_escaped(build_site):
    site = build_site({"posts/hello.md": POST})

    page = site.soup("2024/05/hello-welcome/index.html")
    assert page.h1.get_text() == "Hello & welcome"
    assert "Hello &amp; welcome" in site.read("2024/05/hello-welcome/index.html")
    assert site.errors == []


def test_a_rebuild_with_the_content_cache_on_gives_the_same_page(build_site):
    # Pelican pickles what it reads (and the settings it refers to) into its cache:
    # anything a plugin keeps in the settings must survive that.
    first = build_site({"posts/hello.md": POST}, LOAD_CONTENT_CACHE=True, CACHE_CONTENT=True)
    html = first.read("2024/05/hello-welcome/index.html")

    again = build_site({}, LOAD_CONTENT_CACHE=True, CACHE_CONTENT=True)

    assert again.errors == []
    assert again.read("2024/05/hello-welcome/index.html") == html


@pytest.mark.slow
@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_the_sample_site_builds_in_strict_mode(tmp_path, settings):
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(ROOT / settings),
         "-o", str(tmp_path / "output"), "--fatal", "warnings",
         "-e", f'CACHE_PATH="{tmp_path / "cache"}"', f'THOUGHTFUL_CACHE_PATH="{tmp_path}"'],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "output" / "index.html").exists()
    assert (tmp_path / "output" / "sitemap.xml").exists()
