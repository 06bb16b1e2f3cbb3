"""The site check reads _headers as Netlify and Cloudflare Pages do."""

import pytest

from sitetools.check import run_check

GOOD = ("/*\n  Content-Security-Policy: default-src 'self'\n  X-Content-Type-Options: nosniff\n"
        "/2024/05/a/*\n  Content-Security-Policy: script-src 'self' https://isso.example\n")


def headers_problems(tmp_path, text: str) -> list[str]:
    (tmp_path / "index.html").write_text("<!doctype html><html lang=en><title>x</title></html>")
    (tmp_path / "_headers").write_text(text)
    report = run_check(tmp_path, require_headers=True, skip=("links", "feeds", "share", "html",
                                                             "a11y"))
    return [p.message for p in report.of("headers")]


def test_the_build_kind_of_headers_file_passes(tmp_path):
    assert headers_problems(tmp_path, GOOD) == []


@pytest.mark.parametrize(("text", "problem"), [
    ("/blog/*\n  Content-Security-Policy: default-src 'self'\n  X-Content-Type-Options: nosniff\n",
     "does not set Content-Security-Policy for every path (/*)"),
    (GOOD + "/x/*\n  Content-Security-Policy: script-src 'self' *\n",
     "/x/*: script-src allows a bare *"),
    (GOOD.replace("https://isso.example", "'unsafe-eval'"),
     "/2024/05/a/*: script-src allows 'unsafe-eval'"),
    (GOOD.replace("https://isso.example", "'unsafe-inline'"),
     "/2024/05/a/*: script-src allows inline scripts"),
])
def test_a_weak_or_partial_policy_is_named(tmp_path, text, problem):
    assert problem in headers_problems(tmp_path, text)
