"""Every half loads its settings once and keeps them, with its build state, under its own name."""

POST = "Title: Hello\nDate: 2024-05-02 10:00\n\nBody.\n"


def test_each_half_keeps_its_state_under_thoughtful_and_its_name(build_site):
    site = build_site({"posts/hello.md": POST},
                      PLUGINS=["thoughtful.site", "thoughtful.share", "thoughtful.comments"],
                      THOUGHTFUL_COMMENTS_EMAIL="maya@example.org")
    assert site.settings["THOUGHTFUL_SITE"].cfg["THOUGHTFUL_SITE_HEADERS"] is True
    assert site.settings["THOUGHTFUL_SHARE"].config["SHARE_DESCRIPTION_LENGTH"] == 160
    assert site.settings["THOUGHTFUL_COMMENTS"].cfg["THOUGHTFUL_COMMENTS_MODE"] == "mailto"
    # The site's own settings stay as the writer wrote them: no half copies its defaults in.
    assert "SHARE_DESCRIPTION_LENGTH" not in site.settings
    assert "THOUGHTFUL_COMMENTS_THREAD_DEPTH" not in site.settings


def test_a_second_build_in_one_process_starts_afresh(tmp_path):
    """pelican --autoreload runs one Pelican again and again: nothing piles up."""
    from pelican import Pelican
    from pelican.settings import read_settings
    from support.site import ROOT, write_files
    from thoughtful.site import headers

    write_files(tmp_path / "content", {"posts/a.md": "Comments_mode: isso\n" + POST})
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "out"),
        "CACHE_PATH": str(tmp_path / "cache"), "THOUGHTFUL_CACHE_PATH": str(tmp_path / "cache"),
        "LOAD_CONTENT_CACHE": False, "PLUGINS": ["thoughtful.site", "thoughtful.comments"],
        "THOUGHTFUL_COMMENTS_ISSO": {"url": "https://comments.example.org"}})
    pelican = Pelican(settings)
    pelican.run()
    first = (tmp_path / "out" / "_headers").read_text()
    pelican.run()

    assert len(settings["THOUGHTFUL_COMMENTS"].sections) == 1
    assert "comments.example.org" in first
    assert (tmp_path / "out" / "_headers").read_text() == first
    assert headers.parse_headers(first)["/2024/05/hello/"]  # the post's own rule
