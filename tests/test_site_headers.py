"""The site's security headers: one policy, per-path origins, written for every kind of host."""

import pytest
from thoughtful.site import headers
from thoughtful.site.headers import Policy

POST = "Title: {slug}\nDate: 2024-05-02\nSlug: {slug}\n{extra}\nBody.\n"
ISSO = "https://comments.example.org"
BOTH = ["thoughtful.site", "thoughtful.comments"]


def directives(policy: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in policy.split(";")]
    return {p[0]: p[1:] for p in parts}


def csp_of(rules: dict, path: str) -> dict[str, list[str]]:
    return directives(headers.headers_for(rules, path)["Content-Security-Policy"])


def joined(rules: dict, path: str) -> list[dict[str, list[str]]]:
    """Cloudflare's reading: every matching rule's policy, all enforced."""
    return [directives(v["Content-Security-Policy"]) for p, v in rules.items()
            if "Content-Security-Policy" in v
            and (p == path or (p.endswith("*") and path.startswith(p[:-1])))]


def allows(policy: dict[str, list[str]], directive: str, source: str) -> bool:
    """What a browser decides: a directive left out falls back to default-src, or allows all."""
    sources = policy.get(directive, policy.get("default-src"))
    return sources is None or source in sources


def build(build_site, files: dict, **settings):
    return build_site(files, **{"PLUGINS": BOTH, "THOUGHTFUL_COMMENTS_EMAIL": "m@example.org",
                                "THOUGHTFUL_COMMENTS_ISSO": {"url": ISSO}, **settings})


def post(slug: str, extra: str = "") -> dict[str, str]:
    return {f"posts/{slug}.md": POST.format(slug=slug, extra=extra)}


def test_the_base_policy_allows_only_the_site_itself():
    policy = Policy().directives()
    assert policy["script-src"] == ("'self'",) and policy["style-src"] == ("'self'",)
    assert policy["frame-src"] == ("'none'",) and policy["frame-ancestors"] == ("'none'",)
    assert policy["object-src"] == ("'none'",)
    assert "'unsafe-inline'" not in headers.policy_text(policy)


def test_origins_added_for_one_page_stay_on_that_page():
    policy = Policy()
    policy.add({"script-src": {"https://giscus.app"}, "frame-src": {"https://giscus.app"},
                "style-src": {"'unsafe-inline'"}}, "2024/05/a/")
    assert policy.directives("/2024/05/a/index.html")["frame-src"] == ("https://giscus.app",)
    assert policy.directives("2024/05/b/")["style-src"] == ("'self'",)
    assert "'unsafe-inline'" not in headers.policy_text(policy.directives())


def test_a_build_allows_a_backend_only_on_the_posts_that_use_it(build_site):
    site = build(build_site, {**post("a"), **post("b", "Comments_mode: isso\n"),
                              **post("c", "Comments_mode: giscus\n")},
                 THOUGHTFUL_COMMENTS_GISCUS={"repo": "m/b", "repo_id": "R", "category_id": "C"},
                 SITEURL="https://lessons.example")
    rules = headers.parse_headers(site.read("_headers"))

    def meta(path: str) -> list[dict[str, list[str]]]:
        page = site.soup(path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        return [directives(page.find("meta", attrs={"http-equiv": True})["content"])]

    # Every policy a browser gets must agree: Netlify's rule, or Cloudflare's joined
    # rules, each with the page's own <meta> policy.
    for reading in (lambda p: [csp_of(rules, p), *meta(p)], lambda p: joined(rules, p) + meta(p)):
        # Isso is reached by the theme's own form (its JSON API): its scripts stay blocked.
        assert not all(allows(d, "script-src", ISSO) for d in reading("/2024/05/b/"))
        assert all(allows(d, "connect-src", ISSO) for d in reading("/2024/05/b/index.html"))
        assert all(allows(d, "style-src", "'unsafe-inline'") for d in reading("/2024/05/c/"))
        assert not all(allows(d, "connect-src", ISSO) for d in reading("/2024/05/a/"))
    everything_else = rules["/*"]["Content-Security-Policy"]
    assert ISSO not in everything_else and "giscus" not in everything_else
    assert "frame-ancestors 'none'" in everything_else
    assert rules["/*"]["X-Content-Type-Options"] == "nosniff"
    assert rules["/*"]["X-Frame-Options"] == "DENY"
    assert site.errors == []


def test_published_pages_carry_their_policy_as_a_meta_element(build_site):
    site = build(build_site, {**post("a"), **post("b", "Comments_mode: isso\n")},
                 SITEURL="https://lessons.example")
    meta = {p: site.soup(p).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            for p in ("2024/05/a/index.html", "2024/05/b/index.html", "index.html")}
    assert ISSO in meta["2024/05/b/index.html"]["content"]
    assert ISSO not in meta["2024/05/a/index.html"]["content"]
    assert directives(meta["index.html"]["content"])["script-src"] == ["'self'"]
    assert "frame-ancestors" not in meta["index.html"]["content"]  # ignored in <meta>
    first = site.soup("index.html").head.find_all(["meta", "link", "script"])[:2]
    assert [t.attrs.get("charset") or t.attrs.get("http-equiv") for t in first] == \
        ["utf-8", "Content-Security-Policy"]  # before any link or script it governs


def test_a_preview_build_has_no_meta_policy_so_livereload_still_works(build_site):
    site = build(build_site, post("a"))
    assert site.soup("index.html").find("meta", attrs={"http-equiv": True}) is None


def test_the_nginx_snippet_has_the_same_policy_per_location(build_site):
    site = build(build_site, {**post("a"), **post("b", "Comments_mode: isso\n")})
    nginx = site.read("_nginx.conf")
    server, _, location = nginx.partition("location ^~ /2024/05/b/ {")
    assert 'add_header Content-Security-Policy "default-src' in server and ISSO not in server
    assert ISSO in location and 'add_header X-Frame-Options "DENY" always;' in location
    assert nginx.count("{") == nginx.count("}") == 1


def test_a_mailto_only_build_allows_no_third_party(build_site):
    site = build(build_site, post("a"))
    rules = headers.parse_headers(site.read("_headers"))
    assert list(rules) == ["/*"] and "http" not in rules["/*"]["Content-Security-Policy"]


def test_the_comments_half_alone_writes_no_headers_and_the_site_half_alone_does(build_site):
    comments_only = build(build_site, post("a"), PLUGINS=["thoughtful.comments"])
    assert not comments_only.exists("_headers")
    site_only = build(build_site, post("b"), PLUGINS=["thoughtful.site"])
    assert "Content-Security-Policy" in site_only.read("_headers")


def test_the_writers_own_rules_are_added_and_a_shipped_file_left_alone(build_site):
    site = build(build_site, {**post("a"), "_headers": "/images/*\n  Cache-Control: max-age=60\n"})
    rules = headers.parse_headers(site.read("_headers"))
    assert rules["/images/*"] == {"Cache-Control": "max-age=60"} and "/*" in rules

    shipped = build(build_site, {**post("a"), "extra/_headers": "/*\n  X-Mine: yes\n"},
                    STATIC_PATHS=["extra/_headers"],
                    EXTRA_PATH_METADATA={"extra/_headers": {"path": "_headers"}})
    assert shipped.read("_headers") == "/*\n  X-Mine: yes\n"
    assert shipped.warnings == [] and shipped.errors == []  # an info line, not a failure
    assert any("left as it is" in m for m in shipped.messages(0))


@pytest.mark.parametrize(("extra", "problem"), [
    ({"img-src": "https://*.cdn.example"}, "a string would be read letter by letter"),
    ({"script-src": ["*"]}, "a bare *"),
    ({"script-src": ["'unsafe-eval'"]}, "'unsafe-eval'"),
    ({"img-src": ["https://a.example https://b.example"]}, "space"),
    ({"img-src": ["https://a.example\n  X-Evil: 1"]}, "space"),
    ({"img src": ["https://a.example"]}, "not a CSP directive"),
    ({"connect-src": ["evil"]}, "is not an origin"),
])
def test_csp_extras_are_refused_by_name_and_the_default_kept(build_site, extra, problem):
    site = build(build_site, post("a"), THOUGHTFUL_SITE_CSP_EXTRA=extra)
    assert any("THOUGHTFUL_SITE_CSP_EXTRA" in m and problem in m for m in site.errors)
    policy = site.read("_headers")
    assert "*" not in policy.replace("/*", "") and "X-Evil" not in policy


def test_good_csp_extras_reach_every_page(build_site):
    site = build(build_site, post("a"),
                 THOUGHTFUL_SITE_CSP_EXTRA={"img-src": ["https://*.cdn.example", "data:"]})
    policy = directives(headers.parse_headers(site.read("_headers"))["/*"]
                        ["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https://*.cdn.example"]
    assert site.errors == []
