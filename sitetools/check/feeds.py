"""Feeds that feed readers cannot parse, found with feedparser (its ``bozo`` flag)."""

from __future__ import annotations

from pathlib import Path

import feedparser

from .report import Problem
from .site import OutputSite

NAME = "feeds"
_FEED_SUFFIXES = {".xml", ".atom", ".rss"}


def feed_files(site: OutputSite) -> list[Path]:
    """Files that claim to be feeds: .xml/.atom/.rss whose start names <feed> or <rss>."""
    found = []
    for path in sorted(site.folder.rglob("*")):
        if path.suffix in _FEED_SUFFIXES and path.is_file():
            head = path.read_bytes()[:1024]
            if b"<feed" in head or b"<rss" in head:
                found.append(path)
    return found


def check_feeds(site: OutputSite) -> list[Problem]:
    """Every feed must parse cleanly and have a title; every entry needs a link."""
    problems = []
    for path in feed_files(site):
        parsed = feedparser.parse(path.read_bytes())
        name = site.rel(path)
        if parsed.bozo:
            problems.append(Problem(NAME, name, f"does not parse: {parsed.bozo_exception}"))
            continue
        if not parsed.feed.get("title"):
            problems.append(Problem(NAME, name, "feed has no title"))
        for number, entry in enumerate(parsed.entries, start=1):
            if not entry.get("link"):
                problems.append(
                    Problem(NAME, name, f"entry {number} ({entry.get('title', '?')}) has no link")
                )
    return problems
