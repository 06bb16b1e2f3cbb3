"""One environment variable switches the comment mode of a build (pelicanconf.py reads it)."""

POST = "Title: Keep Small Promises\nDate: 2024-05-02 10:00\nSlug: hello\n\nThe body.\n"
ISSO = {"url": "https://comments.example.org"}


def mode_of(site) -> str:
    return site.soup("2024/05/hello/index.html").find(id="comments")["data-comments-mode"]


def test_the_environment_variable_switches_the_mode(build_site, monkeypatch):
    monkeypatch.setenv("THOUGHTFUL_COMMENTS_MODE", "isso")
    site = build_site({"posts/hello.md": POST}, THOUGHTFUL_COMMENTS_ISSO=ISSO)
    assert mode_of(site) == "isso"
    assert site.errors == []


def test_without_it_the_site_keeps_its_setting(build_site, monkeypatch):
    monkeypatch.delenv("THOUGHTFUL_COMMENTS_MODE", raising=False)
    assert mode_of(build_site({"posts/hello.md": POST})) == "mailto"


def test_a_wrong_value_is_named_and_the_default_used(build_site, monkeypatch):
    monkeypatch.setenv("THOUGHTFUL_COMMENTS_MODE", "disqus")
    site = build_site({"posts/hello.md": POST})
    assert mode_of(site) == "mailto"
    assert any("THOUGHTFUL_COMMENTS_MODE" in m and "'disqus'" in m for m in site.errors)
