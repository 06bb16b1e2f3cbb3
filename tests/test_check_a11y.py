"""The accessibility audit: axe-core in Debian's headless Chromium, on four kinds of page."""

import pytest
from test_check import SITE_URL, page, write_clean_site

from sitetools.check import run_check
from sitetools.check.a11y import pages_to_audit
from sitetools.check.site import OutputSite

pytestmark = pytest.mark.browser
OTHERS = ["links", "feeds", "share", "html"]


def test_the_audit_picks_home_an_article_a_category_and_404(tmp_path):
    site = OutputSite(write_clean_site(tmp_path / "site"), SITE_URL)

    chosen = {role: site.rel(path) for role, path in pages_to_audit(site).items()}

    assert chosen == {
        "home page": "index.html",
        "article": "2024/01/promises/index.html",
        "category page": "category/notes/index.html",
        "404 page": "404.html",
    }


def test_a_clean_site_passes_and_planted_barriers_are_reported(tmp_path):
    # The pages link their stylesheet at SITEURL, as a production build does: the audit
    # serves it from the folder (never the network), and the styles keep targets 24px.
    site = write_clean_site(tmp_path / "site")
    clean = run_check(site, site_url=SITE_URL, skip=OTHERS)
    assert clean.ok, clean.format()

    # An image with no text alternative and a form field without a label, on the 404 page.
    (site / "404.html").write_text(
        page(
            "Page not found",
            '<img src="/images/photo.png" width="1" height="1"><form><input type="search"></form>',
            robots="noindex",
        )
    )
    found = run_check(site, site_url=SITE_URL, skip=OTHERS).of("a11y")

    rules = sorted(p.message.split(": ")[1].split()[1] for p in found)
    assert rules == ["image-alt", "label"]
    assert {p.file for p in found} == {"404.html"}
    assert all(p.message.startswith("404 page: critical ") for p in found)
