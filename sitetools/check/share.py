"""Pages whose share image (og:image, twitter:image) is missing, relative, or not in the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from .report import Problem
from .site import OutputSite

NAME = "share"
IMAGE_KEYS = ("og:image", "twitter:image")


def is_indexable(meta: dict[str, str]) -> bool:
    """Pages marked ``noindex`` (the 404 page, drafts) are not meant to be shared."""
    return "noindex" not in meta.get("robots", "").lower()


def check_share_images(site: OutputSite) -> list[Problem]:
    """Each shareable page needs an absolute og:image; twitter:image, when given, too.

    An image under SITEURL must exist in the folder, because platforms fetch it
    once and keep what they got.
    """
    problems = []
    for path in site.html_files:
        meta = site.page(path).meta
        if not is_indexable(meta):
            continue
        name = site.rel(path)
        if not meta.get("og:image"):
            problems.append(Problem(NAME, name, "no og:image: platforms will show no picture"))
        for key in IMAGE_KEYS:
            url = meta.get(key)
            if not url:
                continue
            parts = urlsplit(url)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                problems.append(Problem(NAME, name, f"{key} is not an absolute http(s) URL: {url}"))
                continue
            target = site.resolve(url, path)
            if not target.external and target.path is None:
                problems.append(Problem(NAME, name, f"{key} points at a missing file: {url}"))
    return problems
