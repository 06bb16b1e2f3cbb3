"""The card cache: names are content hashes, so edits draw new cards and nothing else."""

import re

import extruct
import pytest

POSTS = {
    f"posts/{slug}.md": f"Title: {title}\nDate: 2024-03-0{i + 1} 08:00\nCategory: Notes\n\nText.\n"
    for i, (slug, title) in enumerate(
        [("one", "First lesson"), ("two", "Second lesson"), ("three", "Third lesson")]
    )
}


def drawn_and_reused(site) -> tuple[int, int]:
    """The counts from the build log's "Share cards: N drawn ..., M reused" line."""
    (line,) = [m for m in site.messages(0) if m.startswith("Share cards:")]
    drawn, reused = re.search(r"(\d+) drawn.*?(\d+) reused", line).groups()
    return int(drawn), int(reused)


def og_image(site, path: str) -> str:
    data = extruct.extract(site.read(path), syntaxes=["opengraph"], uniform=False)
    return dict(data["opengraph"][0]["properties"])["og:image"]


def test_unchanged_rebuild_draws_nothing_and_an_edited_title_draws_one_new_card(build_site):
    first = build_site(POSTS)
    assert drawn_and_reused(first) == (4, 0)  # three posts and the site card
    before = {slug: og_image(first, f"2024/03/{slug}-lesson/index.html")
              for slug in ("first", "second", "third")}

    again = build_site(POSTS)
    assert drawn_and_reused(again) == (0, 4)

    edited = dict(POSTS)
    # A new title, the same slug: the page keeps its URL, its card gets a new one.
    edited["posts/two.md"] = POSTS["posts/two.md"].replace(
        "Title: Second lesson", "Title: Second lesson, revised\nSlug: second-lesson")
    after_site = build_site(edited)
    assert drawn_and_reused(after_site) == (1, 3)
    after = {slug: og_image(after_site, f"2024/03/{slug}-lesson/index.html")
             for slug in ("first", "second", "third")}
    assert after["first"] == before["first"] and after["third"] == before["third"]
    assert after["second"] != before["second"]  # a new URL: no platform keeps the stale card
    served = {p.name for p in (after_site.output / "cards").glob("*.png")}
    assert before["second"].rsplit("/", 1)[1] not in served  # the old card is gone
    assert after["second"].rsplit("/", 1)[1] in served


def test_a_layout_setting_change_redraws_every_card(build_site):
    build_site(POSTS)
    site = build_site(POSTS, SHARE_CARD_LAYOUT={"accent": "#1a5fb4"})
    assert drawn_and_reused(site) == (4, 0)


def test_cards_live_in_the_cache_folder_not_in_content(build_site):
    site = build_site(POSTS)
    assert not list(site.content.rglob("*.png"))
    cached = {p.name for p in (site.root / "cache" / "cards").glob("*.png")}
    served = {p.name for p in (site.output / "cards").glob("*.png")}
    assert len(served) == 4 and served <= cached


def test_many_cards_are_drawn_by_worker_processes(build_site):
    posts = {f"posts/p{i}.md": f"Title: Lesson number {i}\nDate: 2024-01-01\nSlug: p{i}\n\nText.\n"
             for i in range(30)}
    site = build_site(posts, SHARE_CARD_WORKERS=2)
    assert drawn_and_reused(site) == (31, 0)
    assert any("2 worker processes" in m for m in site.messages(0))
    assert len(list((site.output / "cards").glob("*.png"))) == 31


def _png(color: str) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (240, 126), color).save(buffer, "PNG")
    return buffer.getvalue()


def test_new_background_bytes_under_the_same_name_draw_a_new_card(build_site):
    post = "Title: Pictured\nDate: 2024-03-09\nCard_background: {static}/images/bg.png\n\nText.\n"
    first = build_site({"posts/p.md": post, "images/bg.png": _png("navy")})
    before = og_image(first, "2024/03/pictured/index.html")

    second = build_site({"posts/p.md": post, "images/bg.png": _png("olive")})

    assert drawn_and_reused(second) == (1, 1)
    assert og_image(second, "2024/03/pictured/index.html") != before


def test_changed_font_files_redraw_every_card(build_site, tmp_path):
    import shutil

    from thoughtful.share.settings import DEFAULTS

    chains = {role: [] for role in DEFAULTS["SHARE_CARD_FONTS"]}
    for role, paths in DEFAULTS["SHARE_CARD_FONTS"].items():
        for path in paths:
            copy = tmp_path / "fonts" / path.rsplit("/", 1)[1]
            copy.parent.mkdir(exist_ok=True)
            if not copy.exists():
                shutil.copyfile(path, copy)
            chains[role].append(str(copy))
    build_site(POSTS, SHARE_CARD_FONTS=chains)
    with open(chains["title"][0], "ab") as font:
        font.write(b"\0" * 16)  # same file name, different bytes (FreeType ignores the tail)

    site = build_site(POSTS, SHARE_CARD_FONTS=chains)
    assert drawn_and_reused(site) == (4, 0)


def test_clean_up_removes_only_old_cards_never_other_files_in_the_folder(build_site):
    first = build_site(POSTS)
    cards = first.output / "cards"
    old_card = "0123456789abcdef01234567.png"  # named like a card, used by no page
    for name, body in {old_card: _png("gray"), "logo.png": _png("red"),
                       "notes.txt": b"mine"}.items():
        (cards / name).write_bytes(body)

    site = build_site(POSTS)

    left = {p.name for p in (site.output / "cards").iterdir() if p.is_file()}
    assert old_card not in left
    assert {"logo.png", "notes.txt"} <= left


@pytest.mark.parametrize("folder", ["images", "", "/", "cards/../images", "a/b"])
def test_the_cards_folder_must_be_a_plain_folder_of_its_own(build_site, folder):
    site = build_site({**POSTS, "images/photo.png": _png("teal")}, SHARE_CARDS_URL=folder)

    assert any(e.startswith("Setting SHARE_CARDS_URL:") for e in site.errors)
    assert site.exists("images/photo.png")  # the site's own image, not taken for a card
    assert len(list((site.output / "cards").glob("*.png"))) == 4  # the default folder


def test_without_fork_the_cards_are_drawn_in_the_build_process(build_site, monkeypatch):
    from thoughtful.share.cards import cache

    monkeypatch.setattr(cache, "POOL_MIN", 1)  # three posts would otherwise be drawn in-process
    monkeypatch.setattr(cache, "can_fork", lambda: False)
    site = build_site(POSTS)
    assert drawn_and_reused(site) == (4, 0)
    (line,) = [m for m in site.messages(0) if m.startswith("Share cards:")]
    assert "in-process" in line
    assert len(list((site.output / "cards").glob("*.png"))) == 4
