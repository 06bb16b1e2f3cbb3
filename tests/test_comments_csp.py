"""The Content-Security-Policy and security headers written to output/_headers."""

from thoughtful.comments import csp


def directives(policy: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in policy.split(";")]
    return {p[0]: p[1:] for p in parts}


def test_the_base_policy_allows_only_the_site_itself():
    policy = directives(csp.policy({}))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp.policy({})


def test_modes_add_their_origins_and_frames_lose_none():
    origins = csp.merge_origins(
        {"script-src": {"https://giscus.app"}, "frame-src": {"https://giscus.app"}},
        {"connect-src": {"https://social.example"}},
    )
    policy = directives(csp.policy(origins))
    assert policy["script-src"] == ["'self'", "https://giscus.app"]
    assert policy["frame-src"] == ["https://giscus.app"]
    assert policy["connect-src"] == ["'self'", "https://social.example"]


def test_the_headers_file_reads_back_as_netlify_rules(tmp_path):
    written = csp.write_headers(tmp_path, {"script-src": {"https://comments.example.org"}})
    rules = csp.parse_headers(written.read_text())

    assert list(rules) == ["/*"]
    headers = rules["/*"]
    assert "https://comments.example.org" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]


def test_a_headers_file_the_writer_made_is_never_overwritten(tmp_path, caplog):
    mine = tmp_path / "_headers"
    mine.write_text("/*\n  X-Mine: yes\n")

    assert csp.write_headers(tmp_path, {}) is None
    assert mine.read_text() == "/*\n  X-Mine: yes\n"
    assert "_headers" in caplog.text and "left as it is" in caplog.text


def test_a_build_writes_the_policy_of_the_modes_in_use(build_site):
    post = "Title: A\nDate: 2024-05-02\nSlug: a\n{}\nA.\n"
    site = build_site(
        {"posts/a.md": post.format(""), "posts/b.md": post.format("Comments_mode: isso").replace(
            "Slug: a", "Slug: b")},
        PLUGINS=["thoughtful.comments"],
        THOUGHTFUL_COMMENTS_EMAIL="maya@example.org",
        THOUGHTFUL_COMMENTS_ISSO={"url": "https://comments.example.org"},
    )
    policy = directives(csp.parse_headers(site.read("_headers"))["/*"]["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # the theme's form talks to Isso's JSON API
    assert policy["connect-src"] == ["'self'", "https://comments.example.org"]
    assert policy["frame-src"] == ["'none'"]


def test_a_mailto_only_build_allows_no_third_party(build_site):
    site = build_site({"posts/a.md": "Title: A\nDate: 2024-05-02\n\nA.\n"},
                      PLUGINS=["thoughtful.comments"], THOUGHTFUL_COMMENTS_EMAIL="m@example.org")
    policy = csp.parse_headers(site.read("_headers"))["/*"]["Content-Security-Policy"]
    assert "http" not in policy
