"""Accessibility audit with axe-core in Debian's headless Chromium, of the pages that matter.

The home page, one article, one category page and the 404 page share every
template between them, so four pages catch most theme-wide problems quickly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .report import Problem
from .server import serve_folder
from .site import OutputSite

NAME = "a11y"
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.x A and AA: the level the theme promises.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")), count: v.nodes.length,
  }));
}"""


def pages_to_audit(site: OutputSite) -> dict[str, Path | None]:
    """The four pages to audit, by role; None where the site has no such page."""
    # This project's article URLs first (cheap); any page that says og:type=article else.
    articles = sorted(site.folder.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    articles = articles or [
        p for p in site.html_files if site.page(p).meta.get("og:type") == "article"
    ]
    categories = sorted(site.folder.glob("category/*/index.html"))
    home, missing = site.folder / "index.html", site.folder / "404.html"
    return {
        "home page": home if home.is_file() else None,
        "article": articles[0] if articles else None,
        "category page": categories[0] if categories else None,
        "404 page": missing if missing.is_file() else None,
    }


def check_accessibility(site: OutputSite, axe_js: Path = AXE_JS) -> list[Problem]:
    """axe-core's WCAG A/AA violations on each audited page, one problem per rule."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return [Problem(NAME, ".", "chromium is not installed (bash scripts/setup.sh --test)")]
    if not axe_js.is_file():
        return [Problem(NAME, ".", f"axe-core is missing at {axe_js} (run npm ci)")]
    pages = pages_to_audit(site)
    problems = [Problem(NAME, ".", f"no {role} to audit") for role, p in pages.items() if p is None]
    from playwright.sync_api import sync_playwright

    with serve_folder(site.folder) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            # bypass_csp: the page's own Content-Security-Policy must not block the injected audit.
            context = browser.new_context(bypass_csp=True)
            context.route("**/*", _local_only(site, base))
            for role, path in pages.items():
                if path is not None:
                    problems.extend(_audit(context, base, site, role, path, axe_js))
        finally:
            browser.close()
    return problems


def _local_only(site: OutputSite, base: str):
    """A route handler: serve SITEURL from the folder, let 127.0.0.1 through, block the rest.

    A production build links its CSS at SITEURL; the audit must see the page styled
    as readers will, and must never reach the network.
    """

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(base + "/"):
            route.continue_()
            return
        target = site.resolve(url, site.folder / "index.html")
        if not target.external and target.path is not None:
            route.fulfill(path=str(target.path))
        else:
            route.abort()

    return handle


def _audit(
    context, base: str, site: OutputSite, role: str, path: Path, axe_js: Path
) -> list[Problem]:
    page = context.new_page()
    try:
        page.goto(base + site.url_of(path).removesuffix("index.html"), wait_until="load")
        page.add_script_tag(path=str(axe_js))
        violations = page.evaluate(_RUN_AXE, AXE_TAGS)
    finally:
        page.close()
    return [
        Problem(
            NAME,
            site.rel(path),
            f"{role}: {v['impact']} {v['id']}: {v['help']} ({v['count']} element(s), "
            f"e.g. {', '.join(v['targets'])})",
        )
        for v in violations
    ]
