"""Markdown tables keep their column alignment under the site's no-inline-style CSP."""

import pytest
from support.browser import browser
from support.servers import serve_folder

POST = """Title: A week of ten minutes
Date: 2024-03-07 08:00

| Day | Minutes | Note |
|:----|:-------:|-----:|
| Mon | 10 | stopped at the bell |
| Thu | 40 | kept going |
"""
PAGE = "2024/03/a-week-of-ten-minutes/index.html"


def test_alignment_becomes_classes_and_no_style_attribute_is_left(build_site):
    site = build_site({"posts/week.md": POST}, PLUGINS=["thoughtful.site"])
    table = site.soup(PAGE).find("table")

    assert table.find(style=True) is None
    assert [c.get("class") for c in table.find("tr").find_all("th")] == [
        ["align-left"], ["align-center"], ["align-right"]]
    assert [c.get("class") for c in table.find_all("tr")[1].find_all("td")] == [
        ["align-left"], ["align-center"], ["align-right"]]


def test_without_the_site_half_pelican_writes_style_attributes(build_site):
    site = build_site({"posts/week.md": POST}, PLUGINS=[])
    cells = site.soup(PAGE).find("tbody").find("tr").find_all("td")
    assert [c.get("style") for c in cells] == [
        "text-align: left;", "text-align: center;", "text-align: right;"]


@pytest.mark.browser
def test_a_browser_aligns_the_columns_with_the_sites_stylesheet(build_site):
    site = build_site({"posts/week.md": POST}, PLUGINS=["thoughtful.site"])
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        page.goto(f"{base}/{PAGE.removesuffix('index.html')}")
        aligns = page.eval_on_selector_all(
            "tbody tr:first-child td", "cells => cells.map(c => getComputedStyle(c).textAlign)")
    assert aligns == ["left", "center", "right"]
