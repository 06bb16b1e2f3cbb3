"""The smallest real build: one post in, one readable page out."""

POST = """Title: Hello & welcome
Date: 2024-05-02 10:00
Category: Notes

A first paragraph.
"""


def test_one_post_builds_into_a_page_with_its_title_escaped(build_site):
    site = build_site({"posts/hello.md": POST})

    page = site.soup("2024/05/hello-welcome/index.html")
    assert page.h1.get_text() == "Hello & welcome"
    assert "Hello &amp; welcome" in site.read("2024/05/hello-welcome/index.html")
    assert site.errors == []
