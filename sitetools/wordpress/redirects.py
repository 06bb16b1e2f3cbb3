"""Old WordPress addresses for the redirects the site builds (plugins/thoughtful/site/redirects.py).

A post's own old addresses go into its ``Aliases:`` line (so a writer who renames
a post by hand adds one the same way); addresses that belong to no post (feeds,
category and tag archives) go into content/redirects.txt as ``old target`` lines,
where the target may name a feed or archive by its WordPress name.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit


def link_path(url: str, hosts: set[str]) -> str:
    """The decoded path of a link to the old blog (``/2019/05/03/slug/``), or ""."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host and host not in hosts:
        return ""
    if parts.query and (not parts.path or parts.path == "/"):
        return ""  # ?p=123: no path a static host can answer
    return unquote(parts.path) if parts.path not in ("", "/") else ""


_DATE_IN_PATH = re.compile(r"/(\d{4})/(\d{2})(?:/(\d{2}))?/")


def old_paths(link: str, old_slugs: list[str], hosts: set[str], new_url: str,
              old_dates: list[str] = ()) -> list[str]:
    """Every old path of a public item that differs from its new URL: its permalink, the
    same with each slug (``_wp_old_slug``) and each date (``_wp_old_date``) it had before."""
    path = link_path(link, hosts)
    if not path:
        return []
    found = [path]
    segments = path.rstrip("/").split("/")
    for old in old_slugs:
        old = unquote(old).strip()
        if old and "/" not in old:
            found.append("/".join(segments[:-1] + [old]) + ("/" if path.endswith("/") else ""))
    for old in old_dates:
        date = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", old.strip())
        match = _DATE_IN_PATH.search(path)
        if date and match:
            year, month, day = date.groups()
            replacement = f"/{year}/{month}/" + (f"{day}/" if match.group(3) else "")
            found.append(path[:match.start()] + replacement + path[match.end():])
    new = "/" + new_url.lstrip("/")
    unique = []
    for candidate in found:
        if candidate.rstrip("/") != new.rstrip("/") and candidate not in unique:
            unique.append(candidate)
    return unique


def site_lines(categories: dict[str, str], tags: dict[str, str]) -> str:
    """content/redirects.txt: WordPress's feed, category and tag addresses.

    ``categories``/``tags`` map WordPress slugs to names. Targets are resolved
    when the site is built (``feed:all``, ``category:Name``, ``tag:Name``,
    ``feed:category:Name``), so they follow the site's own URL settings.
    """
    lines = ["# Old WordPress addresses -> this site. One redirect per line: OLD-PATH TARGET",
             "# (TARGET: a path on this site, or feed:all, category:Name, tag:Name,",
             "# feed:category:Name). Written by `invoke import-wordpress`; edit freely.",
             "/feed/ feed:all", "/rss/ feed:all"]
    for slug, name in sorted(categories.items()):
        lines.append(f"/category/{slug}/ category:{name}")
        lines.append(f"/category/{slug}/feed/ feed:category:{name}")
    for slug, name in sorted(tags.items()):
        lines.append(f"/tag/{slug}/ tag:{name}")
    return "\n".join(lines) + "\n"
