"""The comment section as a first-time reader meets it, in every mode, light and dark,
desktop and phone: the sentence and the marks are there, nothing looks disabled, an
icon that cannot log in says why when clicked, and "Reply" moves the form.

Real Chromium on a real build; every third-party request is aborted (nothing is
contacted before a click, and these tests click only what stays on the page).
"""

from pathlib import Path

import pytest
from support.browser import browser
from support.servers import serve_folder

pytestmark = pytest.mark.browser

TOOT = "https://social.example/@maya/111222333"
BACKENDS = {
    "THOUGHTFUL_COMMENTS_EMAIL": "maya@example.org",
    "THOUGHTFUL_COMMENTS_ISSO": {"url": "https://comments.example.org"},
    "THOUGHTFUL_COMMENTS_GISCUS": {"repo": "maya/blog", "repo_id": "R_1", "category_id": "C_1"},
    "THOUGHTFUL_COMMENTS_UTTERANCES": {"repo": "maya/blog"},
    "THOUGHTFUL_COMMENTS_REMARK42": {"host": "https://remark.example.org", "site_id": "lessons"},
}
# mode: (the intro sentence, the icons' accessible names)
EXPECTED = {
    "mailto": ("Fill in your details below or click an icon to log in:",
               ["Log in with WordPress.com", "Log in with Google", "Log in with X",
                "Log in with Facebook"]),
    "isso": ("Fill in your details below or click an icon to log in:",
             ["Log in with WordPress.com", "Log in with Google", "Log in with X",
              "Log in with Facebook"]),
    "giscus": ("Click an icon to log in:", ["Log in with GitHub"]),
    "utterances": ("Click an icon to log in:", ["Log in with GitHub"]),
    "remark42": ("Click an icon to log in:",
                 ["Log in with Google", "Log in with GitHub", "Log in with Facebook",
                  "Log in with Microsoft", "Log in with Apple", "Log in with Telegram",
                  "Log in with Email", "Log in with Anonymous"]),
    "mastodon": ("Reply from your own account:", ["Reply on Mastodon"]),
}
VIEWS = {
    "desktop-light": ({"width": 1280, "height": 900}, "light", False),
    "desktop-dark": ({"width": 1280, "height": 900}, "dark", False),
    "phone-light": ({"width": 390, "height": 844}, "light", True),
    "phone-dark": ({"width": 390, "height": 844}, "dark", True),
}
THREAD = {
    "isso-1.md": "Author: Ana Souza\nDate: 2024-05-02 18:00\n\nA sticky note.\n",
    "isso-2.md": "Author: Maya Lindqvist\nDate: 2024-05-03 08:00\nReplyto: isso-1\n\nMine too.\n",
}

# Anything that reads as "off": see-through, greyed, dashed, or marked disabled.
LOOKS_DISABLED = """(root) => {
  const found = [];
  for (const el of root.querySelectorAll("a, button, input, textarea, img, li, p, label")) {
    if (!el.checkVisibility()) continue;
    const css = getComputedStyle(el);
    const name = el.tagName + (el.className ? "." + el.className : "") +
                 (el.getAttribute("aria-label") ? "[" + el.getAttribute("aria-label") + "]" : "");
    let opacity = 1;
    for (let n = el; n && n !== document; n = n.parentNode) {
      opacity *= Number(getComputedStyle(n).opacity);
    }
    if (opacity < 1) found.push(name + ": opacity " + opacity);
    if (css.filter !== "none") found.push(name + ": filter " + css.filter);
    for (const side of ["top", "right", "bottom", "left"]) {
      const style = css.getPropertyValue("border-" + side + "-style");
      if (["dashed", "dotted"].includes(style)) found.push(name + ": " + side + " " + style);
    }
    if (el.disabled || el.getAttribute("aria-disabled") === "true") found.push(name + ": disabled");
    if (/unavailable/i.test(el.textContent)) found.push(name + ": says unavailable");
  }
  return found;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from support.site import build

    files = {}
    for mode in [*EXPECTED, "webmention", "closed"]:
        extra = f"Mastodon: {TOOT}\n" if mode == "mastodon" else ""
        files[f"posts/{mode}.md"] = (f"Title: Keep Small Promises\nDate: 2024-05-02 10:00\n"
                                     f"Slug: {mode}\nComments_mode: {mode}\n{extra}\nBody.\n")
        files.update({f"comments/{mode}/{name}": text for name, text in THREAD.items()})
    return build(tmp_path_factory.mktemp("reader"), files, PLUGINS=["thoughtful.comments"],
                 SITEURL="https://lessons.example", RELATIVE_URLS=True, **BACKENDS)


@pytest.fixture(scope="module")
def chrome():
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def base(site):
    with serve_folder(site.output) as url:
        yield url


@pytest.fixture(params=list(VIEWS))
def page(request, chrome):
    viewport, scheme, mobile = VIEWS[request.param]
    context = chrome.new_context(viewport=viewport, color_scheme=scheme, is_mobile=mobile,
                                 has_touch=mobile)
    page = context.new_page()
    page.route("https://**", lambda route: route.abort())
    yield page
    context.close()


@pytest.mark.parametrize("mode", list(EXPECTED))
def test_the_sentence_and_the_marks_are_there_and_nothing_looks_disabled(base, page, mode):
    intro, names = EXPECTED[mode]
    page.goto(f"{base}/2024/05/{mode}/")
    page.wait_for_load_state("networkidle")

    assert page.locator(".comment-intro").inner_text() == intro
    icons = page.locator(".comment-providers .provider-item")
    assert [icons.nth(i).get_attribute("aria-label") for i in range(icons.count())] == names
    for i in range(icons.count()):
        icon = icons.nth(i)
        assert icon.is_visible()
        img = icon.locator("img")
        box = img.bounding_box()
        assert box["width"] >= 28 and box["height"] >= 28  # a mark, not a speck
        assert img.evaluate("img => img.complete && img.naturalWidth > 0")  # the file loaded
    # The icons sit beside the sentence (same row) wherever the width allows.
    if page.viewport_size["width"] > 600:
        row = page.locator(".comment-intro").bounding_box()
        first = icons.first.bounding_box()
        assert abs((row["y"] + row["height"] / 2) - (first["y"] + first["height"] / 2)) < 12
    assert page.locator("#comments").evaluate(LOOKS_DISABLED) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert "%s" not in page.locator("#comments").inner_text()


@pytest.mark.parametrize("mode", ["mailto", "isso"])
def test_an_icon_that_cannot_log_in_says_why_and_focuses_email(base, page, mode):
    page.goto(f"{base}/2024/05/{mode}/")
    status = page.locator("[data-login-status]")
    assert status.get_attribute("aria-live") == "polite" and status.inner_text() == ""
    fallback = ("Or reply by email: your address is never published." if mode == "mailto"
                else "Fill in your details below instead: your email address is never published.")
    for provider in ["WordPress.com", "Google", "X", "Facebook"]:
        page.get_by_role("link", name=f"Log in with {provider}").click()
        assert status.inner_text() == (f"Signing in with {provider} needs a comment server "
                                       f"this blog does not run. {fallback}")
        assert page.evaluate("document.activeElement.id") == "comment-email"
        assert page.url.endswith(f"/2024/05/{mode}/")  # the click stayed on the form
    # Email's description is the message, so a screen reader hears it on focus too.
    assert page.get_by_label("Email (required)").get_attribute("aria-describedby") == \
        "comment-login-status"


@pytest.mark.parametrize("mode", ["mailto", "isso"])
def test_reply_moves_the_form_under_the_comment_and_cancel_brings_it_back(base, page, mode):
    page.goto(f"{base}/2024/05/{mode}/")
    ana = page.locator("#comment-isso-1 > .comment-body")
    ana.get_by_role("link", name="Reply to Ana Souza", exact=True).click()

    assert page.locator("#comment-isso-1 > #respond #commentform").is_visible()
    assert page.locator("#reply-title").inner_text() == "Leave a Reply to Ana Souza"
    assert page.evaluate("document.activeElement.id") == "comment-email"
    # The form under the comment lies inside the column, on a phone too.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.get_by_role("link", name="Cancel reply").click()
    assert page.locator("#comments > #respond #commentform").is_visible()
    assert page.locator("#reply-title").inner_text() == "Leave a Reply"
    assert not page.get_by_role("link", name="Cancel reply").is_visible()


@pytest.mark.parametrize("mode", ["giscus", "webmention", "closed"])
def test_where_there_is_no_form_reply_goes_to_the_reply_area(base, page, mode):
    page.goto(f"{base}/2024/05/{mode}/")
    replies = page.locator(".comment-reply-link")
    if mode == "closed":
        assert replies.count() == 0  # no invitation that leads nowhere
        assert page.locator(".comments-closed").inner_text() == "Comments are closed."
        return
    assert replies.first.get_attribute("href") == "#respond"
    replies.first.click()
    assert page.url.endswith("#respond")


AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => (await axe.run("#comments", {runOnly: {type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations.map(
    v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", "))"""


@pytest.mark.skipif(not AXE_JS.is_file(), reason="axe-core is not installed (npm ci)")
@pytest.mark.parametrize("mode", [*EXPECTED, "webmention", "closed"])
def test_axe_finds_nothing_before_and_after_the_clicks(base, page, mode):
    page.goto(f"{base}/2024/05/{mode}/")
    page.add_script_tag(path=str(AXE_JS))
    problems = {"as loaded": page.evaluate(RUN_AXE)}
    if mode in ("mailto", "isso"):
        page.get_by_role("link", name="Log in with Google").click()
        page.locator("#comment-isso-1 > .comment-body").get_by_role(
            "link", name="Reply to Ana Souza", exact=True).click()
        problems["explained and replying"] = page.evaluate(RUN_AXE)
    assert problems == {k: [] for k in problems}
