"""The plugin's templates are only used with Jinja's autoescape on."""

import pytest
from thoughtful.templating import AutoescapeOff

POST = "Title: Hello\nDate: 2024-05-02 10:00\n\nBody.\n"
NO_AUTOESCAPE = {"trim_blocks": True, "lstrip_blocks": True, "extensions": []}


@pytest.mark.parametrize("half", ["thoughtful.comments", "thoughtful.share"])
def test_a_build_with_autoescape_off_is_refused_naming_the_setting(build_site, half):
    with pytest.raises(AutoescapeOff, match="JINJA_ENVIRONMENT") as refused:
        build_site({"posts/hello.md": POST}, PLUGINS=[half], JINJA_ENVIRONMENT=NO_AUTOESCAPE,
                   THOUGHTFUL_COMMENTS_EMAIL="maya@example.org")
    assert half in str(refused.value)


def test_autoescape_chosen_by_file_name_counts_as_on(build_site):
    from jinja2 import select_autoescape

    site = build_site({"posts/hello.md": POST}, PLUGINS=["thoughtful.comments"],
                      JINJA_ENVIRONMENT={**NO_AUTOESCAPE, "autoescape": select_autoescape()},
                      THOUGHTFUL_COMMENTS_EMAIL="maya@example.org")
    assert site.errors == []


def test_sites_without_the_plugins_templates_may_leave_it_off(build_site):
    site = build_site({"posts/hello.md": POST}, PLUGINS=["thoughtful.site"],
                      JINJA_ENVIRONMENT=NO_AUTOESCAPE)
    assert site.exists("2024/05/hello/index.html")
