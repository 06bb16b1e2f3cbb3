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
