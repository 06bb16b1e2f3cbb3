"""The comment section in headless Chromium: the mailto form, click-to-load, screenshots.

Third-party services (giscus, Mastodon) cannot be reached from here; where a test
needs one, Playwright's router stands in for that host and records what was asked.
"""

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from support.browser import browser
from support.servers import serve_folder

pytestmark = pytest.mark.browser

TOOT = "https://social.example/@maya/111222333"
MODES = ["mailto", "closed", "isso", "giscus", "utterances", "remark42", "mastodon",
         "webmention"]
BACKENDS = {
    "THOUGHTFUL_COMMENTS_ISSO": {"url": "https://comments.example.org"},
    "THOUGHTFUL_COMMENTS_GISCUS": {"repo": "maya/blog", "repo_id": "R_1", "category_id": "C_1"},
    "THOUGHTFUL_COMMENTS_UTTERANCES": {"repo": "maya/blog"},
    "THOUGHTFUL_COMMENTS_REMARK42": {"host": "https://remark.example.org", "site_id": "lessons"},
}
THREAD = {
    "a-ana.md": "Author: Ana Souza\nDate: 2024-05-02 18:00\nWebsite: https://ana.example\n\n"
    "“A promise kept in your head is a promise on loan” is going on a sticky note.\n",
    "b-maya.md": "Author: Maya Lindqvist\nDate: 2024-05-03 08:00\nReplyto: a-ana\n\n"
    "Mine is next to the kettle.\n",
    "c-rtl.md": "Author: مريم العلي\nDate: 2024-05-04 09:00\n\nשלום, a right-to-left hello.\n",
    "d-long.md": "Author: " + "Bartholomew" * 8 + "\nDate: 2024-05-05 09:00\n\n"
    + "https://example.org/" + "a-very-long-unbroken-path" * 12 + "\n",
}
AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def post(mode: str) -> str:
    extra = f"Mastodon: {TOOT}\n" if mode in ("mastodon", "mailto") else ""
    return (f"Title: Keep Small Promises ({mode})\nDate: 2024-05-02 10:00\nSlug: {mode}\n"
            f"Comments_mode: {mode}\n{extra}\nThe body of the post.\n")


@pytest.fixture
def site(build_site):
    files = {f"posts/{mode}.md": post(mode) for mode in MODES}
    for mode in MODES:
        files.update({f"comments/{mode}/{name}": text for name, text in THREAD.items()})
    return build_site(files, PLUGINS=["thoughtful.comments"],
                      SITEURL="https://lessons.example", RELATIVE_URLS=True,
                      THOUGHTFUL_COMMENTS_EMAIL="maya@example.org", **BACKENDS)


def test_the_mailto_form_composes_the_email_from_the_fields(site):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        page.goto(f"{base}/2024/05/mailto/")
        form = page.locator("form[data-mailto-form]")
        assert form.is_visible()  # JavaScript shows the form, hides the plain link
        assert not page.locator("[data-mailto-fallback]").is_visible()

        page.get_by_label("Email (required)").fill("rosa@example.org")
        page.get_by_label("Name (required)").fill("Rosa & Co")
        page.get_by_label("Website").fill("https://rosa.example/?a=1&b=2")
        page.get_by_label("Comment (required)").fill("Line one\nLine two: 100% sure")
        page.get_by_role("button", name="Post Comment").click()

        href = page.locator("[data-mailto-link]").get_attribute("href")
        assert page.locator("[data-mailto-result]").is_visible()

    parts = urlsplit(href)
    query = parse_qs(parts.query)
    assert unquote(parts.path) == "maya@example.org"
    assert query["subject"] == ["Comment on “Keep Small Promises (mailto)”"]
    assert query["body"][0].split("\r\n") == [
        "Post: https://lessons.example/2024/05/mailto/",
        "Name: Rosa & Co",
        "Email: rosa@example.org",
        "Website: https://rosa.example/?a=1&b=2",
        "",
        "Line one", "Line two: 100% sure",
    ]


def test_a_reply_by_email_names_the_comment_so_it_lands_threaded(site):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        page.goto(f"{base}/2024/05/mailto/")
        page.locator("#comment-a-ana > .comment-body").get_by_role(
            "link", name="Reply to Ana Souza", exact=True).click()
        page.get_by_label("Email (required)").fill("rosa@example.org")
        page.get_by_label("Name (required)").fill("Rosa")
        page.get_by_label("Comment (required)").fill("Mine is on the fridge.")
        page.get_by_role("button", name="Post Comment").click()
        href = page.locator("[data-mailto-link]").get_attribute("href")

    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == ["Re: Ana Souza’s comment on “Keep Small Promises (mailto)”"]
    assert query["body"][0].split("\r\n")[:3] == [
        "Post: https://lessons.example/2024/05/mailto/", "Replyto: a-ana", "Name: Rosa"]


def test_missing_fields_are_announced_and_nothing_is_composed(site):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        page.goto(f"{base}/2024/05/mailto/")
        page.get_by_label("Website").fill("javascript:alert(1)")
        page.get_by_role("button", name="Post Comment").click()

        alert = page.get_by_role("alert")
        assert alert.inner_text() == ("Please fill in: Email, Name, Comment. "
                                      "The website must start with http:// or https://.")
        assert page.get_by_label("Email (required)").get_attribute("aria-invalid") == "true"
        assert page.evaluate("document.activeElement.id") == "comment-email"
        assert not page.locator("[data-mailto-result]").is_visible()


def test_without_javascript_the_reader_gets_plain_links_that_work(site):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_context(java_script_enabled=False).new_page()
        page.goto(f"{base}/2024/05/mailto/")
        assert not page.locator("form[data-mailto-form]").is_visible()
        # The sentence names what is there: no fields without the script, an email link.
        assert not page.locator(".comment-intro").is_visible()
        assert page.locator(".comment-intro-nojs").inner_text() == \
            "Reply by email, or click an icon to log in:"
        link = page.locator("[data-mailto-fallback]").get_by_role(
            "link", name="Email your reply to Maya Lindqvist")
        assert link.get_attribute("href").startswith("mailto:maya@example.org?subject=")
        # A log-in icon is a link to the same explanation the script would announce.
        note = page.get_by_text("Signing in with Google needs a comment server")
        assert not note.is_visible()
        page.get_by_role("link", name="Log in with Google").click()
        assert note.is_visible()
        # "Reply" is an email naming the comment answered.
        reply = page.locator("#comment-a-ana > .comment-body").get_by_role(
            "link", name="Reply to Ana Souza", exact=True)
        assert "Replyto%3A%20a-ana" in reply.get_attribute("href")


def test_without_javascript_isso_mode_promises_no_form(site):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_context(java_script_enabled=False).new_page()
        page.goto(f"{base}/2024/05/isso/")
        assert not page.locator(".comment-intro").is_visible()
        assert not page.locator(".comment-providers").is_visible()
        assert not page.locator("form").is_visible()
        assert page.get_by_text("Commenting here needs JavaScript, which is off.").is_visible()


def test_without_javascript_no_dead_button_is_shown(site):
    with serve_folder(site.output) as base, browser() as chrome:
        for scripts in (False, True):
            page = chrome.new_context(java_script_enabled=scripts).new_page()
            page.goto(f"{base}/2024/05/remark42/")
            buttons = page.locator("#comments button:visible")
            note = page.get_by_text("Comments from remark.example.org need JavaScript")
            logins = page.locator("#comments [data-comments-login]:visible")
            assert logins.count() == 8  # Remark42's log-ins, links either way
            if scripts:
                assert buttons.count() == 1  # "Load comments from remark.example.org"
                assert not note.is_visible()
            else:
                assert buttons.count() == 0
                assert note.is_visible()
                logins.first.click()
                assert page.locator("#provider-note-google").inner_text() == \
                    "Signing in needs JavaScript, which is off."
                assert page.locator(".provider-note:visible").count() == 1


@pytest.mark.parametrize(("mode", "control", "host", "script"), [
    ("giscus", ("button", "Load comments from giscus.app"), "https://giscus.app",
     "https://giscus.app/client.js"),
    ("remark42", ("link", "Log in with Google"), "https://remark.example.org",
     "https://remark.example.org/web/embed.js"),
])
def test_a_backend_is_contacted_only_after_the_click_and_a_failure_is_announced(
    site, mode, control, host, script
):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_context(color_scheme="dark").new_page()
        asked = []

        def unreachable(route):
            asked.append(route.request.url)
            route.abort()

        page.route(f"{host}/**", unreachable)
        page.goto(f"{base}/2024/05/{mode}/")
        page.wait_for_load_state("networkidle")
        assert asked == []

        page.get_by_role(control[0], name=control[1]).click()
        status = page.get_by_role("status").filter(has_text="Could not load")
        status.wait_for()
        name = host.removeprefix("https://")
        assert status.inner_text() == (f"Could not load comments from {name}. "
                                       "The comments above are still here.")
        assert asked == [script]
        load = page.get_by_role("button", name=f"Load comments from {name}")
        assert load.is_enabled() and load.get_attribute("aria-disabled") is None  # may retry
        assert page.locator("[data-account]").inner_text() == ""  # no "Connecting" left
        if mode == "remark42":
            config = page.evaluate("window.remark_config")
            assert config["site_id"] == "lessons" and config["theme"] == "dark"
            assert config["url"] == "https://lessons.example/2024/05/remark42/"


# A stand-in for giscus.app: its client adds a frame, the frame says who is signed in,
# as giscus does with data-emit-metadata.
GISCUS_CLIENT = """
var frame = document.createElement("iframe");
frame.src = "https://giscus.app/widget";
document.currentScript.after(frame);
"""
GISCUS_WIDGET = """<!doctype html><title>giscus</title><script>
parent.postMessage({giscus: {discussion: {id: "D_1"},
                             viewer: {login: "rosa", avatarUrl: "", url: ""}}}, "*");
</script>"""


def test_the_github_icon_connects_then_says_who_is_commenting(site):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        page.route("https://giscus.app/client.js", lambda route: route.fulfill(
            body=GISCUS_CLIENT, content_type="text/javascript"))
        page.route("https://giscus.app/widget", lambda route: route.fulfill(
            body=GISCUS_WIDGET, content_type="text/html"))
        page.goto(f"{base}/2024/05/giscus/")
        assert page.locator("[data-account]").inner_text() == ""
        page.evaluate("""() => { window.seen = [];
            new MutationObserver(() => window.seen.push(
                document.querySelector("[data-account]").textContent)).observe(
                document.querySelector("[data-account]"), {childList: true, subtree: true}); }""")
        page.get_by_role("link", name="Log in with GitHub").click()
        account = page.locator("[data-account]")
        account.filter(has_text="You are commenting").wait_for()

        assert page.evaluate("window.seen")[0] == "Connecting to GitHub…"
        assert account.inner_text() == "You are commenting using your GitHub account."
        assert page.get_by_role("button", name="Log Out").is_visible()
        assert page.get_by_role("button", name="Change").is_visible()
        assert "%s" not in page.locator("#comments").inner_text()


def test_mastodon_replies_are_shown_as_plain_text(site):
    context = {"ancestors": [], "descendants": [{
        "url": "https://social.example/@ana/2", "created_at": "2024-05-03T10:00:00Z",
        "account": {"display_name": "<img src=x onerror=alert(1)>Ana", "acct": "ana"},
        "content": "<p>Kept one today.</p><script>alert(2)</script><p>And one more.</p>",
    }, {
        "url": "javascript:alert(3)", "created_at": "2024-05-03T11:00:00Z",
        "account": {"display_name": "Eve"}, "content": "<p>hi</p>",
    }]}
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_page()
        page.route("https://social.example/api/v1/statuses/111222333/context",
                   lambda route: route.fulfill(json=context))
        page.goto(f"{base}/2024/05/mastodon/")
        page.get_by_role("button", name="Load comments from social.example").click()
        replies = page.locator(".comment-list-remote li")
        replies.first.wait_for()

        assert replies.count() == 2
        assert "Kept one today." in replies.first.inner_text()
        assert page.locator(".comment-list-remote img, .comment-list-remote script").count() == 0
        assert page.locator(".comment-list-remote a[href^='javascript']").count() == 0
        assert "<img src=x onerror=alert(1)>Ana" in replies.first.inner_text()


@pytest.mark.skipif(not AXE_JS.is_file(), reason="axe-core is not installed (npm ci)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_problems_in_the_section(site, scheme):
    with serve_folder(site.output) as base, browser() as chrome:
        page = chrome.new_context(color_scheme=scheme).new_page()
        problems = {}
        for mode in MODES:
            page.goto(f"{base}/2024/05/{mode}/")
            page.add_script_tag(path=str(AXE_JS))
            found = page.evaluate(
                """async (tags) => (await axe.run("#comments", {runOnly: {type: "tag",
                   values: tags}})).violations.map(v => v.id + ": " + v.nodes.map(
                   n => n.target.join(" ")).slice(0, 3).join(", "))""", AXE_TAGS)
            if found:
                problems[mode] = found
        assert problems == {}


def test_the_json_embed_survives_the_attribute(site):
    # The embed rides in a single-quoted attribute; |tojson escapes quotes inside it.
    page = site.soup("2024/05/isso/index.html")
    embed = json.loads(page.find(attrs={"data-comments-embed": True})["data-comments-embed"])
    assert embed["title"] == "Keep Small Promises (isso)"
