"""Bad input: the writer is told which file and which field, and the rest of the site builds.

Each test builds a real site with one good post and one bad file, then checks
the error message, that the good post is there, and that the bad one is not.
Strict builds (``pelican --fatal warnings``, as ``invoke build --strict`` and
publish run it) must exit non-zero.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

GOOD = """Title: A good post
Date: 2024-05-02 10:00
Category: Notes

Still here.
"""
GOOD_PAGE = "2024/05/a-good-post/index.html"


def post(title: str = "Bad post", date: str = "2024-05-03 10:00", slug: str = "") -> str:
    head = [f"Title: {title}", f"Date: {date}", "Category: Notes"]
    if slug:
        head.append(f"Slug: {slug}")
    return "\n".join(head) + "\n\nBody text.\n"


def published_titles(site) -> list[str]:
    return [h2.get_text(strip=True) for h2 in site.soup("index.html").select("main h2")]


@pytest.mark.parametrize(
    ("date", "problem"),
    [
        ("2024", "is not a full date"),
        ("Tuesday", "is not a full date"),
        ("2024-05", "is not a full date"),
        ("May 2024", "is not a full date"),
        ("2024-13-45", "is not a real date"),
        ("2024-02-30 10:00", "is not a real date"),
        ("2024-05-02 25:00", "is not a valid date"),
    ],
)
def test_a_partial_or_impossible_date_is_named_and_the_post_skipped(build_site, date, problem):
    site = build_site({"posts/good.md": GOOD, "posts/bad-date.md": post(date=date)})

    expected = (
        f"content/posts/bad-date.md: date: '{date}' {problem} "
        "(use YYYY-MM-DD or YYYY-MM-DD HH:MM)"
    )
    assert expected in site.errors
    assert site.exists(GOOD_PAGE)
    assert not site.exists("2024/05/bad-post/index.html")
    assert "Bad post" not in site.read("archives/index.html")


@pytest.mark.parametrize(
    "date",
    ["2024-05-02", "2024-05-02 10:00", "2024-05-02T10:00:30", "2024-05-02 10:00+02:00",
     "2024-05-02_10:00"],
)
def test_full_dates_in_the_usual_spellings_are_accepted(build_site, date):
    site = build_site({"posts/ok.md": post(title="Fine", date=date)})

    assert site.errors == []
    assert site.exists("2024/05/fine/index.html")


def test_a_partial_modified_date_is_named_too(build_site):
    bad = post().replace("Category:", "Modified: 2025\nCategory:")
    site = build_site({"posts/good.md": GOOD, "posts/late.md": bad})

    assert any(m.startswith("content/posts/late.md: modified: '2025'") for m in site.errors)
    assert site.exists(GOOD_PAGE)


def test_date_checks_can_be_switched_off_and_pelican_fills_the_date_in(build_site):
    site = build_site(
        {"posts/year.md": post(title="Only a year", date="2024")},
        THOUGHTFUL_SITE_CHECK_DATES=False,
    )

    assert site.errors == []
    assert list(site.output.glob("2024/*/only-a-year/index.html"))


def test_a_post_without_a_title_is_named_with_the_field(build_site):
    site = build_site({"posts/good.md": GOOD, "posts/untitled.md": "Date: 2024-05-03\n\nText.\n"})

    [message] = [m for m in site.errors if "untitled.md" in m]
    assert "content/posts/untitled.md" in message
    assert "'title'" in message
    assert site.exists(GOOD_PAGE)


def test_an_empty_title_is_named_with_the_field(build_site):
    site = build_site({"posts/good.md": GOOD, "posts/blank.md": post(title="")})

    assert "content/posts/blank.md: title: is empty" in site.errors
    assert published_titles(site) == ["A good post"]


def test_invalid_utf8_is_named_with_its_line_and_the_rest_builds(build_site):
    latin1 = "Title: Caf\u00e9\nDate: 2024-05-03\n\nNa\u00efve.\n".encode("latin-1")
    site = build_site({"posts/good.md": GOOD, "posts/latin1.md": latin1})

    assert (
        "content/posts/latin1.md: is not valid UTF-8 (byte 0xe9 on line 1); "
        "save it with UTF-8 encoding"
    ) in site.errors
    assert site.exists(GOOD_PAGE)
    # Nothing the writer wrote is touched.
    assert (site.content / "posts/latin1.md").read_bytes() == latin1


def test_two_posts_with_one_url_are_both_named_and_the_later_is_skipped(build_site):
    site = build_site(
        {
            "posts/good.md": GOOD,
            "posts/a-first.md": post(title="First", slug="same"),
            "posts/b-second.md": post(title="Second", slug="same"),
        }
    )

    [message] = [m for m in site.errors if "same" in m]
    assert "content/posts/b-second.md" in message
    assert "content/posts/a-first.md" in message
    assert "2024/05/same/" in message
    assert site.soup("2024/05/same/index.html").h1.get_text() == "First"
    assert sorted(published_titles(site)) == ["A good post", "First"]
    assert "Second" not in site.read("archives/index.html")


def test_a_page_cannot_take_the_url_of_another_page(build_site):
    about = "Title: About\n\nMe.\n"
    site = build_site(
        {
            "posts/good.md": GOOD,
            "pages/about.md": about,
            "pages/about-copy.md": about.replace("Me.", "Copy."),
        }
    )

    [message] = [m for m in site.errors if "about" in m]
    assert "content/pages/about-copy.md" in message
    assert "content/pages/about.md" in message
    assert "Me." in site.read("about/index.html")
    nav = [a.get_text() for a in site.soup(GOOD_PAGE).select("header nav a")]
    assert nav.count("About") == 1


def test_a_page_cannot_take_the_url_of_an_article(build_site):
    squatter = "Title: Squatter\nSave_as: 2024/05/a-good-post/index.html\n\nMine now.\n"
    site = build_site({"posts/good.md": GOOD, "pages/squatter.md": squatter})

    [message] = [m for m in site.errors if "squatter" in m]
    assert "content/posts/good.md" in message
    assert "still here." in site.read(GOOD_PAGE).lower()


def test_a_page_cannot_take_the_url_of_the_sites_own_archives(build_site):
    site = build_site({"posts/good.md": GOOD, "pages/archives.md": "Title: Archives\n\nMine.\n"})

    assert (
        "content/pages/archives.md: slug/URL 'archives/' is already used by the site's "
        "archives page; skipping content/pages/archives.md (give one of them its own Slug:)"
    ) in site.errors
    assert "A good post" in site.read("archives/index.html")


def test_drafts_with_one_slug_are_reported_too(build_site):
    draft = post(title="Draft", slug="wip")
    draft = draft.replace("Category:", "Status: draft\nCategory:")
    site = build_site({"posts/good.md": GOOD, "posts/d1.md": draft, "posts/d2.md": draft})

    assert any("content/posts/d2.md" in m and "drafts/wip/" in m for m in site.errors)
    assert site.exists("drafts/wip/index.html")
    assert site.exists(GOOD_PAGE)


def test_without_the_site_half_pelican_would_stop_at_the_collision(build_site):
    # The reason the check exists: plain Pelican aborts the whole build.
    with pytest.raises(RuntimeError, match="overwrite"):
        build_site(
            {"posts/a.md": post(slug="same"), "posts/b.md": post(slug="same")},
            PLUGINS=[],
        )


@pytest.mark.parametrize(
    "bad",
    [
        post(date="2024"),
        "Date: 2024-05-03\n\nNo title.\n",
        b"Title: Caf\xe9\nDate: 2024-05-03\n\nText.\n",
        None,  # a second post with the good post's slug
    ],
    ids=["partial-date", "no-title", "latin1", "collision"],
)
def test_a_strict_build_fails_on_bad_input(tmp_path, bad):
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    (content / "good.md").write_text(GOOD, encoding="utf-8")
    bad_file = content / "zz-bad.md"
    if bad is None:
        bad_file.write_text(GOOD.replace("Still here.", "Again."), encoding="utf-8")
    elif isinstance(bad, bytes):
        bad_file.write_bytes(bad)
    else:
        bad_file.write_text(bad, encoding="utf-8")

    def pelican(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pelican", str(tmp_path / "content"),
             "-s", str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "output"),
             "-e", f'CACHE_PATH="{tmp_path / "cache"}"', "LOAD_CONTENT_CACHE=false",
             f'THOUGHTFUL_CACHE_PATH="{tmp_path / "cache"}"', *extra],
            capture_output=True, text=True, cwd=tmp_path, timeout=120,
        )

    lenient = pelican()
    strict = pelican("--fatal", "warnings")

    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    assert strict.returncode != 0
    assert "zz-bad.md" in strict.stdout + strict.stderr


def test_a_wrong_setting_is_named_and_the_default_kept(build_site):
    site = build_site(
        {"posts/good.md": GOOD, "posts/year.md": post(date="2024")},
        THOUGHTFUL_SITE_CHECK_DATES="yes",
    )

    assert any(m.startswith("Setting THOUGHTFUL_SITE_CHECK_DATES:") for m in site.errors)
    # The default (checks on) still catches the partial date.
    assert any(m.startswith("content/posts/year.md: date: '2024'") for m in site.errors)
