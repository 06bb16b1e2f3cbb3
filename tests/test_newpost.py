"""new-post: a ready-to-write draft with full front matter, and never an overwrite."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitetools.newpost import PostExists, create_post, slug_for

ZONE = "Europe/Stockholm"
THURSDAY = datetime(2024, 5, 2, 8, 30, tzinfo=ZoneInfo(ZONE))
README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_file_is_named_by_the_date_and_the_slug_pelican_would_give_the_title(tmp_path):
    path = create_post(tmp_path / "posts", "Thoughtful Thursday: Café Über-Ideas!", now=THURSDAY)

    assert path == tmp_path / "posts" / "2024-05-02-thoughtful-thursday-cafe-uber-ideas.md"


def test_the_front_matter_has_title_date_category_tags_and_summary(tmp_path):
    path = create_post(tmp_path, "Keep Small Promises", category="Craft", now=THURSDAY,
                       timezone=ZONE)

    front = path.read_text(encoding="utf-8").split("\n\n")[0]
    head = dict(line.split(":", 1) for line in front.splitlines())
    assert head["Title"].strip() == "Keep Small Promises"
    assert head["Date"].strip() == "2024-05-02 08:30"
    assert head["Category"].strip() == "Craft"
    assert "Tags" in head
    assert head["Summary"].strip()
    assert head["Status"].strip() == "draft"


def test_a_post_is_a_thoughtful_thursday_unless_told_otherwise(tmp_path):
    path = create_post(tmp_path, "Rest", now=THURSDAY)
    assert "\nCategory: Thoughtful Thursday\n" in path.read_text(encoding="utf-8")


def test_the_date_is_now_in_the_sites_timezone(tmp_path):
    before = datetime.now(ZoneInfo("Asia/Tokyo")).replace(second=0, microsecond=0)
    path = create_post(tmp_path, "Now", timezone="Asia/Tokyo")

    date_line = path.read_text(encoding="utf-8").splitlines()[1]
    written = datetime.strptime(date_line, "Date: %Y-%m-%d %H:%M")
    assert written.replace(tzinfo=ZoneInfo("Asia/Tokyo")) >= before
    assert path.name.startswith(f"{written:%Y-%m-%d}-")


def test_a_time_given_in_another_zone_is_written_in_the_sites_zone(tmp_path):
    path = create_post(tmp_path, "Later", now=THURSDAY, timezone="UTC")
    assert "\nDate: 2024-05-02 06:30\n" in path.read_text(encoding="utf-8")


def test_the_date_has_the_format_the_readme_documents(tmp_path):
    documented = re.search(r"\| `Date` \| yes \| full date and time, `([^`]+)`",
                           README.read_text(encoding="utf-8"))
    assert documented and documented[1] == "YYYY-MM-DD HH:MM"
    shape = documented[1].replace("YYYY", r"\d{4}").replace("MM", r"\d{2}") \
        .replace("DD", r"\d{2}").replace("HH", r"\d{2}")
    text = create_post(tmp_path, "Shape", now=THURSDAY, timezone=ZONE).read_text(encoding="utf-8")
    assert re.fullmatch(shape, text.splitlines()[1].removeprefix("Date: "))


def test_an_existing_post_is_never_overwritten(tmp_path):
    first = create_post(tmp_path, "Twice", now=THURSDAY)
    first.write_text("What I wrote.", encoding="utf-8")

    with pytest.raises(PostExists, match="2024-05-02-twice.md already exists"):
        create_post(tmp_path, "Twice", now=THURSDAY)

    assert first.read_text(encoding="utf-8") == "What I wrote."


@pytest.mark.parametrize("title", ["", "   ", "!!!"])
def test_a_title_without_letters_is_refused(tmp_path, title):
    with pytest.raises(ValueError):
        create_post(tmp_path, title, now=THURSDAY)
    assert list(tmp_path.iterdir()) == []


def test_a_title_cannot_steer_the_file_out_of_the_posts_folder(tmp_path):
    path = create_post(tmp_path / "posts", "../../etc/passwd", now=THURSDAY)

    assert path.parent == tmp_path / "posts"
    assert path.name == "2024-05-02-" + slug_for("../../etc/passwd") + ".md"


def test_a_new_post_builds_as_a_draft_without_errors(tmp_path, build_site):
    path = create_post(tmp_path / "new", "First Draft", now=THURSDAY, timezone=ZONE)

    site = build_site({f"posts/{path.name}": path.read_text(encoding="utf-8")}, TIMEZONE=ZONE)

    assert site.errors == [] and site.warnings == []
    assert site.soup("drafts/first-draft/index.html").h1.get_text() == "First Draft"
    assert "First Draft" not in site.read("index.html")
