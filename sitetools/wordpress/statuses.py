"""What each WordPress item becomes here: a published post or page, a draft, or nothing.

Nothing that was not public on WordPress becomes public here: drafts, pending,
scheduled, private and password-protected items are kept as drafts (never
``hidden``, which Pelican still builds and serves at an address).
"""

from __future__ import annotations

from dataclasses import dataclass

from .wxr import WPItem

# Post types that hold no article: the reason each is skipped, as the report says it.
NOT_CONTENT = {
    "attachment": "media library entry (its file is used where a post shows it)",
    "nav_menu_item": "menu entry (menus are the theme's here)",
    "wp_block": "reusable block (inlined where a post uses it)",
    "wp_template": "block theme template", "wp_template_part": "block theme template",
    "wp_global_styles": "block theme styles", "wp_navigation": "block theme menu",
    "custom_css": "theme CSS", "revision": "revision",
}
DRAFT_STATUSES = {"draft": "draft", "pending": "pending review", "future": "scheduled",
                  "private": "private"}


@dataclass(frozen=True)
class Disposition:
    """``kind`` is "article", "page" or "" (skipped); ``status`` "published"/"draft"."""

    kind: str
    status: str = ""
    reason: str = ""


def dispose(item: WPItem) -> Disposition:
    """Decide what ``item`` becomes; ``reason`` says why when it is not a public post/page."""
    if item.type == "feedback":
        return Disposition("", reason="contact-form response (never read)")
    if item.type in NOT_CONTENT:
        return Disposition("", reason=NOT_CONTENT[item.type])
    if item.type not in ("post", "page"):
        return Disposition("", reason=f"post type {item.type!r} has no place on this site")
    kind = "article" if item.type == "post" else "page"
    if item.status == "trash":
        return Disposition("", reason="in WordPress's trash")
    if item.status == "publish" and item.has_password:
        return Disposition(kind, "draft", "password-protected on WordPress: kept as a draft "
                                          "(the password is not copied)")
    if item.status == "publish":
        return Disposition(kind, "published")
    if item.status in DRAFT_STATUSES:
        return Disposition(kind, "draft", f"{DRAFT_STATUSES[item.status]} on WordPress: "
                                          "kept as a draft")
    return Disposition(kind, "draft", f"unknown status {item.status!r}: kept as a draft")
