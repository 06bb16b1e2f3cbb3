"""The preview's pieces without a browser: every page its model renders equals a build's
file, the output sync deletes only what a build of ours wrote, editor files are ignored."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from support.preview import FILES

from sitetools.preview.changes import classify, ignored
from sitetools.preview.model import SiteModel, load_settings
from sitetools.preview.settle import sync_into

ROOT = Path(__file__).resolve().parent.parent


def model_of(site, tmp_path: Path, **settings) -> SiteModel:
    """The preview's model of a built fixture site, its caches under ``tmp_path``."""
    values = load_settings(ROOT / "pelicanconf.py", site.output)
    values.update(PATH=str(site.content), CACHE_PATH=str(tmp_path / "model-cache"), **settings)
    return SiteModel(values)


def test_every_page_the_model_renders_is_byte_for_byte_the_built_file(build_site, tmp_path):
    site = build_site(FILES)
    model = model_of(site, tmp_path, THOUGHTFUL_CACHE_PATH=str(tmp_path / "cache"))
    refresh = model.refresh()

    html = [name for name in refresh.routes if name.endswith(".html")]
    assert "2024/05/morning-pages/index.html" in html and "drafts/half-an-idea/index.html" in html
    for name in refresh.routes:
        rendered = model.render(name)
        expected = (site.output / name).read_bytes()
        if isinstance(rendered, str):  # a static file, served from its source
            rendered = Path(rendered).read_bytes()
        assert rendered == expected, name
    built = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html")}
    assert built == set(html)


def test_a_saved_post_is_read_again_and_the_others_are_not(build_site, tmp_path):
    site = build_site(FILES)
    model = model_of(site, tmp_path)
    model.refresh()
    morning = site.content / "posts/morning.md"
    morning.write_text(morning.read_text().replace("First words.", "Second thoughts."))

    model.refresh({str(morning)})

    assert b"Second thoughts." in model.render("2024/05/morning-pages/index.html")
    evening = next(a for g in model.generators for a in getattr(g, "articles", [])
                   if a.slug == "evening-walks")
    kept = model._contents[type(model.generators[0])].kept["posts/evening.md"][1]
    assert evening is not kept and evening._content is kept._content  # copied, not re-read


def test_templates_compiled_once_are_reused_and_a_saved_one_is_compiled_again(
        build_site, tmp_path):
    site = build_site(FILES)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    model = model_of(site, tmp_path, THEME=str(theme))
    model.refresh()
    for name in ("2024/05/morning-pages/index.html", "index.html"):
        model.render(name)  # compiles what these pages include, too
    assert model._compiled.kept  # kept for the next refresh's new environments
    compiled_again = []
    dump = model._compiled.dump_bytecode  # called only for a template compiled anew
    model._compiled.dump_bytecode = lambda bucket: (compiled_again.append(bucket), dump(bucket))

    template = theme / "templates/article.html"
    template.write_text(template.read_text().replace(
        "{% block content %}", "{% block content %}<p>Compiled again.</p>", 1))
    model.refresh()

    assert b"<p>Compiled again.</p>" in model.render("2024/05/morning-pages/index.html")
    assert b"Compiled again." not in model.render("index.html")
    assert [bucket.key for bucket in compiled_again] == [compiled_again[0].key]
    assert "<p>Compiled again.</p>" in compiled_again[0].environment.loader.get_source(
        compiled_again[0].environment, "article.html")[0]


def test_sync_deletes_only_files_the_previous_build_wrote(tmp_path):
    built, output, manifest = tmp_path / "built", tmp_path / "output", tmp_path / "m.json"
    (built / "old").mkdir(parents=True)
    (built / "old/index.html").write_text("old")
    (built / "index.html").write_text("home")
    output.mkdir()
    (output / "mine.txt").write_text("not from a build")
    assert sync_into(built, output, manifest).unknown == ["mine.txt"]
    assert (output / "old/index.html").read_text() == "old"

    again = tmp_path / "again"
    again.mkdir()
    (again / "index.html").write_text("home, again")
    outcome = sync_into(again, output, manifest)

    assert outcome.deleted == ["old/index.html"]
    assert not (output / "old").exists()  # its folder went with it
    assert (output / "mine.txt").read_text() == "not from a build"  # never ours: kept
    assert (output / "index.html").read_text() == "home, again"


@pytest.mark.parametrize("name", [
    ".morning.md.swp", "morning.md~", "4913", ".#morning.md", "#morning.md#",
    "morning.md___jb_tmp___", "morning.md___jb_old___", "morning.md.tmp",
])
def test_editor_temp_swap_and_lock_files_are_ignored(name):
    assert ignored(f"/blog/content/posts/{name}")
    assert not ignored("/blog/content/posts/morning.md")


def test_changes_are_sorted_by_what_they_need(tmp_path):
    settings = tmp_path / "pelicanconf.py"
    change = classify({
        str(tmp_path / "content/posts/a.md"), str(tmp_path / "theme/templates/base.html"),
        str(tmp_path / "theme/static/css/site.css"), str(tmp_path / "plugins/x/__init__.py"),
        str(settings), str(tmp_path / "content/posts/.a.md.swp"),
    }, tmp_path, settings)
    assert [p.name for p in change.model] == ["a.md", "base.html"]
    assert [p.name for p in change.styles] == ["site.css"]
    assert sorted(p.name for p in change.restart) == ["__init__.py", "pelicanconf.py"]


def test_a_folder_under_content_counts_and_one_elsewhere_does_not(tmp_path):
    # A folder renamed under content/ sends events for itself only, never for its files.
    for folder in ("content/comments/2024/05/hello", "theme/static/new"):
        (tmp_path / folder).mkdir(parents=True)
    change = classify({str(tmp_path / "content/comments/2024/05/hello"),
                       str(tmp_path / "theme/static/new")}, tmp_path, tmp_path / "pelicanconf.py")
    assert [p.name for p in change.model] == ["hello"] and not change.assets


def test_a_words_only_edit_is_swapped_in_and_a_moved_post_is_not(build_site, tmp_path):
    site = build_site(FILES)
    model = model_of(site, tmp_path)
    model.refresh()
    morning = site.content / "posts/morning.md"
    text = morning.read_text()

    morning.write_text(text.replace("First words.", "Swapped words."))
    assert model.swap(str(morning))
    assert b"Swapped words." in model.render("2024/05/morning-pages/index.html")

    morning.write_text(text.replace("2024-05-02 08:00", "2024-05-03 08:00"))
    assert not model.swap(str(morning))  # its date (and so its place in the lists) changed
    morning.write_text(text.replace("2024-05-02 08:00", "2024"))
    assert not model.swap(str(morning))  # broken: the refresh reports it


def test_the_preview_draws_no_card_and_starts_no_process(build_site, tmp_path):
    # Enough posts for a build to draw its cards in a pool of worker processes.
    posts = {f"posts/p{n}.md": f"Title: Post {n}\nDate: 2024-06-{n + 1:02d} 08:00\n\nWords.\n"
             for n in range(14)}
    site = build_site({**FILES, **posts})
    cards = tmp_path / "fresh-cache"  # no card drawn yet: a build would draw all 16
    model = model_of(site, tmp_path, THOUGHTFUL_CACHE_PATH=str(cards))
    model.refresh()

    for name in ("index.html", "2024/06/post-3/index.html", "2024/05/morning-pages/index.html"):
        page = model.render(name)
        assert b'property="og:image"' in page  # its share meta names its card
    assert multiprocessing.active_children() == []
    assert not list(cards.rglob("*.png"))  # the background build draws them


def test_saved_comments_show_at_once_on_their_posts_and_in_the_counts(build_site, tmp_path):
    site = build_site(FILES)
    model = model_of(site, tmp_path)
    model.refresh()

    def save(name: str, author: str) -> str:
        path = site.content / "comments" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Author: {author}\nDate: 2024-05-10 09:00\n\nMine too.\n")
        return str(path)

    # In the morning post's (older, slug-named) folder, and the first comment of the
    # evening post, in the folder named by its URL, which did not exist yet.
    saved = {save("morning-pages/2024-05-04-ben.md", "Ben Okafor"),
             save("2024/05/evening-walks/2024-05-10-ana.md", "Ana Souza")}
    model.comments_changed(saved)

    rebuilt = build_site({})  # the same content folder, built again from scratch
    for page, author in (("2024/05/morning-pages/index.html", b"Ben Okafor"),
                         ("2024/05/evening-walks/index.html", b"Ana Souza"),
                         ("index.html", None)):
        rendered = model.render(page)
        assert author is None or author in rendered
        assert rendered == (rebuilt.output / page).read_bytes(), page
    # A first comment in a post's older, slug-named folder (no post read it before).
    model.comments_changed({save("evening-walks/2024-05-11-ben.md", "Ben Okafor")})
    evening = model.render("2024/05/evening-walks/index.html")
    assert evening.count(b"Ben Okafor") >= 1 and b"Ana Souza" in evening
    assert evening == (build_site({}).output / "2024/05/evening-walks/index.html").read_bytes()

    # ... and that comment deleted with its folder: the post no longer reads the folder.
    gone = site.content / "comments/evening-walks/2024-05-11-ben.md"
    gone.unlink()
    gone.parent.rmdir()
    model.comments_changed({str(gone)})
    evening = model.render("2024/05/evening-walks/index.html")
    assert b"Ben Okafor" not in evening
    assert evening == (build_site({}).output / "2024/05/evening-walks/index.html").read_bytes()

    # A folder renamed: only the folders themselves send events, not the files inside.
    folder = site.content / "comments/2024/05/evening-walks"
    folder.rename(folder.with_name("evening-walks-old"))
    model.comments_changed({str(folder), str(folder.with_name("evening-walks-old"))})
    evening = model.render("2024/05/evening-walks/index.html")
    assert b"Ana Souza" not in evening
    assert evening == (build_site({}).output / "2024/05/evening-walks/index.html").read_bytes()


def test_a_swapped_title_gives_the_page_a_build_writes_share_meta_and_all(build_site, tmp_path):
    site = build_site(FILES)
    model = model_of(site, tmp_path)
    model.refresh()
    page = "2024/05/morning-pages/index.html"
    assert b"Morning pages" in model.render(page)  # its share record is made now
    morning = site.content / "posts/morning.md"
    morning.write_text(morning.read_text().replace("Title: Morning pages", "Title: Dawn pages"))

    assert model.swap(str(morning))

    swapped = model.render(page)
    assert b'property="og:title" content="Dawn pages' in swapped
    assert swapped == (build_site({}).output / page).read_bytes()


def test_a_broken_comment_is_left_to_a_refresh_that_names_it(build_site, tmp_path):
    site = build_site(FILES)
    model = model_of(site, tmp_path)
    model.refresh()
    broken = site.content / "comments/morning-pages/2024-05-05-x.md"
    broken.write_text("Author: X\nDate: someday\n\nHi.\n")

    assert not model.comments_changed({str(broken)})  # it logged: the server refreshes
    problems = model.refresh({str(broken)}).problems
    assert any("2024-05-05-x.md" in record.getMessage() for record in problems)
