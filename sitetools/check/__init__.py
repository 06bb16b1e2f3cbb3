"""The site check: run on any built output folder before it goes online.

``run_check(folder, site_url=...)`` returns a Report; ``report.format()`` is what
``invoke check`` prints, ``report.ok`` decides its exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .a11y import check_accessibility
from .feeds import check_feeds
from .headers import check_headers_file
from .html import check_html
from .links import check_links
from .redirects import check_redirects
from .report import Problem, Report
from .share import check_share_images
from .site import OutputSite

__all__ = ["CHECKS", "Problem", "Report", "run_check"]

# In the order they run: fast ones first, so a broken link shows before the slow audit.
CHECKS: dict[str, Callable[[OutputSite], list[Problem]]] = {
    "links": lambda site: check_links(site) + check_redirects(site),  # redirects are links
    "feeds": check_feeds,
    "share": check_share_images,
    "html": check_html,
    "a11y": check_accessibility,
}
OPTIONAL_CHECKS = {"headers": check_headers_file}


def run_check(
    folder: Path,
    *,
    site_url: str = "",
    skip: Iterable[str] = (),
    require_headers: bool = False,
) -> Report:
    """Run every check not in ``skip`` on ``folder``.

    ``site_url`` maps absolute links to SITEURL onto files in the folder;
    ``require_headers`` also checks the _headers file (folder/zip targets).
    """
    folder = Path(folder)
    skip = set(skip)
    unknown = skip - set(CHECKS) - set(OPTIONAL_CHECKS)
    if unknown:
        raise ValueError(
            f"unknown check(s) to skip: {', '.join(sorted(unknown))}; known: {', '.join(CHECKS)}"
        )
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"{folder} has no index.html: build the site first")
    site = OutputSite(folder, site_url)
    report = Report()
    checks = dict(CHECKS, **(OPTIONAL_CHECKS if require_headers else {}))
    for name, check in checks.items():
        if name in skip:
            report.skipped.append(name)
        else:
            report.add(name, check(site))
    return report
