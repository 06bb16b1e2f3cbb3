"""The comments half's settings are checked once, by name; a bad one never crashes the build."""

import pytest

POST = "Title: Hello\nDate: 2024-05-02 10:00\nSlug: hello\n{extra}\nThe body.\n"
PAGE = "2024/05/hello/index.html"


def build(build_site, extra="", **settings):
    return build_site({"posts/hello.md": POST.format(extra=extra)},
                      **{"PLUGINS": ["thoughtful.site", "thoughtful.comments"],
                         "THOUGHTFUL_COMMENTS_EMAIL": "maya@example.org", **settings})


def mode_of(site) -> str:
    return site.soup(PAGE).find("section", id="comments")["data-comments-mode"]


@pytest.mark.parametrize(("name", "value", "words"), [
    ("THOUGHTFUL_COMMENTS_ISSO", {"URL": "https://comments.example.org"}, "unknown key 'URL'"),
    ("THOUGHTFUL_COMMENTS_GISCUS", {"repo": "m/b", "repoid": "R"}, "unknown key 'repoid'"),
    ("THOUGHTFUL_COMMENTS_STATES", {"post": "open"}, "unknown key 'post'"),
    ("THOUGHTFUL_COMMENTS_STATES", {"page": "shown"}, "'shown' is not one of"),
    ("THOUGHTFUL_COMMENTS_WEBMENTION", {"domain": 3}, "expected str"),
    ("THOUGHTFUL_COMMENTS_ISSO", {"url": "https://a.example/ x"}, "expected an http(s) URL"),
    ("THOUGHTFUL_COMMENTS_PATH", "../..", "leads outside content/"),
    ("THOUGHTFUL_COMMENTS_PATH", "/home/maya", "leads outside content/"),
])
def test_a_wrong_key_or_value_in_a_dict_setting_is_named(build_site, name, value, words):
    site = build(build_site, **{name: value})
    assert any(name in m and words in m for m in site.errors), site.errors
    assert site.exists(PAGE)


def test_a_misspelt_isso_address_does_not_fall_back_to_this_machine(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="isso", SITEURL="https://lessons.example",
                 THOUGHTFUL_COMMENTS_ISSO={"URL": "https://comments.example.org"})
    assert any("unknown key 'URL'" in m for m in site.errors)
    assert any("127.0.0.1:8080" in m and "THOUGHTFUL_COMMENTS_ISSO" in m for m in site.errors)
    assert mode_of(site) == "closed"
    assert "127.0.0.1" not in site.read("_headers") + site.read(PAGE)


@pytest.mark.parametrize("url", ["http://localhost:8080", "http://127.0.0.2:9", "http://[::1]:8080"])
def test_a_loopback_backend_is_refused_when_building_for_the_web(build_site, url):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="remark42", SITEURL="https://lessons.example",
                 THOUGHTFUL_COMMENTS_REMARK42={"host": url, "site_id": "s"})
    assert any("THOUGHTFUL_COMMENTS_REMARK42['host']" in m and "SITEURL" in m
               for m in site.errors)
    assert mode_of(site) == "closed"


def test_a_loopback_default_is_only_refused_where_a_post_uses_it(build_site):
    quiet = build(build_site, SITEURL="https://lessons.example")  # mailto: Isso unused
    assert quiet.errors == []
    one_post = build(build_site, extra="Comments_mode: isso\n", SITEURL="https://lessons.example")
    assert any("hello.md" in m and "127.0.0.1:8080" in m for m in one_post.errors)
    assert mode_of(one_post) == "closed"


def test_a_loopback_backend_is_fine_for_a_local_preview(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="isso")
    assert site.errors == [] and mode_of(site) == "isso"


def test_a_remark42_provider_without_an_icon_is_named_not_a_crash(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_MODE="remark42",
                 THOUGHTFUL_COMMENTS_REMARK42={"host": "https://remark.example.org",
                                               "site_id": "s", "providers": ["github", "yandex"]})
    assert any("THOUGHTFUL_COMMENTS_REMARK42" in m and "'yandex'" in m for m in site.errors)
    assert mode_of(site) == "closed"  # the setting's default has no host: honest, not broken


@pytest.mark.parametrize(("key", "text", "words"), [
    ("mailto_subject", "Re: {post}", "uses {post}, which it does not have ({title})"),
    ("reply_on", "Reply on {network}", "uses {network}"),
    ("heading", "Reply {", "lone {"),
])
def test_a_text_with_a_field_it_does_not_have_is_named(build_site, key, text, words):
    site = build(build_site, THOUGHTFUL_COMMENTS_TEXT={key: text},
                 Mastodon="https://social.example/@m/1")
    assert any("THOUGHTFUL_COMMENTS_TEXT" in m and words in m for m in site.errors), site.errors
    assert site.exists(PAGE)


def test_settings_that_moved_to_the_site_half_are_named(build_site):
    site = build(build_site, THOUGHTFUL_COMMENTS_CSP_EXTRA={"img-src": ["data:"]})
    assert any("THOUGHTFUL_COMMENTS_CSP_EXTRA is now THOUGHTFUL_SITE_CSP_EXTRA" in m
               for m in site.errors)
