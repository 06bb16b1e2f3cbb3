"""Each item's url and save_as are worked out once per build (thoughtful.site.urls): the
site comes out byte for byte as when Pelican formats them on every read, and no
remembered value outlives its build (the memos live beside the items, never on them)."""


from pelican import signals
from thoughtful.site import urls

FILES = {
    "posts/first.md": "Title: First steps\nDate: 2024-05-02 08:00\nTags: habits\n"
                      "Category: Essays\n\nSee [the second]({filename}second.md).\n",
    "posts/second.md": "Title: Second wind\nDate: 2024-06-06 08:00\nTags: habits, rest\n\n"
                       "Back to [the first]({filename}first.md).\n",
    "posts/second-fr.md": "Title: Second souffle\nDate: 2024-06-06 08:00\nLang: fr\n"
                          "Slug: second-wind\n\nBonjour.\n",
    "posts/later.md": "Title: Not yet\nDate: 2024-07-04 08:00\nStatus: draft\n\nSoon.\n",
    "pages/about.md": "Title: About\n\nWho writes here.\n",
}


def output(site) -> dict[str, bytes]:
    return {p.relative_to(site.output).as_posix(): p.read_bytes()
            for p in site.output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")}


def test_the_site_is_byte_for_byte_the_one_pelican_makes_reading_urls_each_time(
        build_site, tmp_path):
    remembered = output(build_site(FILES, THOUGHTFUL_CACHE_PATH=str(tmp_path / "a")))
    signals.all_generators_finalized.disconnect(urls.freeze)
    try:
        each_time = output(build_site(FILES, THOUGHTFUL_CACHE_PATH=str(tmp_path / "b")))
    finally:
        signals.all_generators_finalized.connect(urls.freeze)
    assert "2024/06/second-wind/index.html" in remembered  # dated URLs, as pelicanconf.py
    assert "drafts/not-yet/index.html" in remembered
    assert "second-wind-fr.html" in remembered  # the translation: Pelican's LANG_SAVE_AS
    assert remembered == each_time


def test_values_are_remembered_while_pages_are_written_and_dropped_at_the_end(build_site):
    items, seen_while_writing = [], []

    def keep(generators):
        items.extend(item for g in generators for item in getattr(g, "articles", []))

    def writing(generator, content):
        seen_while_writing.append((content.url, dict(urls.memo_of(content) or {})))

    signals.all_generators_finalized.connect(keep)
    signals.article_generator_write_article.connect(writing)
    try:
        build_site(FILES)
    finally:
        signals.all_generators_finalized.disconnect(keep)
        signals.article_generator_write_article.disconnect(writing)
    assert ("2024/05/first-steps/", {"url": "2024/05/first-steps/"}) in [
        (url, {k: v for k, v in memo.items() if k == "url"}) for url, memo in seen_while_writing]
    assert items and all(urls.memo_of(item) is None for item in items)
    # Read after the build, the value is Pelican's own again.
    first = next(item for item in items if item.title == "First steps")
    first.date = first.date.replace(year=2023)
    assert first.url == "2023/05/first-steps/"
