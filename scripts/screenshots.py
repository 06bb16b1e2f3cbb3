"""Screenshots of the comment section in every mode, light and dark, desktop and phone.

Usage::

    .venv/bin/python scripts/screenshots.py            # writes docs/comments/*.png
    .venv/bin/python scripts/screenshots.py --out DIR  # somewhere else
    .venv/bin/python scripts/screenshots.py --modes mailto isso

It builds a small fixture site (one post per mode, the same short thread under each;
never the writer's own posts), serves it on 127.0.0.1, and photographs the comment
section with Debian's headless Chromium. No request leaves the machine: every
third-party URL is aborted, so backend modes show their state before a reader clicks.
The PNGs are cropped to the section and reduced to a palette with Pillow, so they stay
small enough to commit. tests/test_comments_screenshots.py runs this to keep them true.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "plugins", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from PIL import Image  # noqa: E402

from sitetools.check.a11y import CHROMIUM_ARGS  # noqa: E402
from sitetools.check.server import serve_folder  # noqa: E402

DOCS = ROOT / "docs" / "comments"
MODES = ("mailto", "isso", "giscus", "utterances", "remark42", "mastodon", "webmention",
         "closed")
TOOT = "https://social.example/@maya/111222333"
BACKENDS = {
    "THOUGHTFUL_COMMENTS_EMAIL": "maya@example.org",
    "THOUGHTFUL_COMMENTS_ISSO": {"url": "https://comments.example.org"},
    "THOUGHTFUL_COMMENTS_GISCUS": {"repo": "maya/blog", "repo_id": "R_1", "category_id": "C_1"},
    "THOUGHTFUL_COMMENTS_UTTERANCES": {"repo": "maya/blog"},
    "THOUGHTFUL_COMMENTS_REMARK42": {"host": "https://remark.example.org", "site_id": "lessons",
                                     "providers": ["google", "github", "apple", "email"]},
}
THREAD = {
    "isso-1.md": "Author: Ana Souza\nDate: 2024-05-02 18:00\nWebsite: https://ana.example\n\n"
    "“A promise kept in your head is a promise on loan” is going on a sticky note.\n",
    "isso-2.md": "Author: Maya Lindqvist\nDate: 2024-05-03 08:00\nReplyto: isso-1\n\n"
    "Mine is next to the kettle.\n",
}


@dataclass(frozen=True)
class Shot:
    """One way of looking: a viewport and a colour scheme."""

    name: str  # "desktop-light", ...
    width: int
    height: int
    scheme: str
    mobile: bool = False


SHOTS = (
    Shot("desktop-light", 1280, 900, "light"),
    Shot("desktop-dark", 1280, 900, "dark"),
    Shot("phone-light", 390, 844, "light", mobile=True),
    Shot("phone-dark", 390, 844, "dark", mobile=True),
)


# Moments after a click, photographed too: (name, mode, what the reader clicks).
MOMENTS = (
    ("mailto-clicked-google", "mailto", ("link", "Log in with Google")),
    ("mailto-replying", "mailto", ("link", "Reply to Ana Souza")),
)


def fixture_files(modes: Iterable[str] = MODES) -> dict[str, str]:
    """Content files: one post per mode (slug = mode), each with the same two comments."""
    files = {}
    for mode in modes:
        extra = f"Mastodon: {TOOT}\n" if mode == "mastodon" else ""
        files[f"posts/{mode}.md"] = (
            f"Title: Keep Small Promises\nDate: 2024-05-02 10:00\nSlug: {mode}\n"
            f"Comments_mode: {mode}\n{extra}\nThe body of the post.\n")
        files.update({f"comments/{mode}/{name}": text for name, text in THREAD.items()})
    return files


def build_fixture(folder: Path, modes: Iterable[str] = MODES) -> Path:
    """Build the fixture site under ``folder`` with the project's settings; its output."""
    from pelican import Pelican
    from pelican.settings import read_settings

    content = folder / "content"
    for rel, text in fixture_files(modes).items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    output = folder / "output"
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(folder / "cache" / "pelican"),
        "THOUGHTFUL_CACHE_PATH": str(folder / "cache"), "LOAD_CONTENT_CACHE": False,
        "PLUGINS": ["thoughtful.site", "thoughtful.comments"],
        "SITEURL": "", "RELATIVE_URLS": True, **BACKENDS,
    })
    Pelican(settings).run()
    return output


def shrink(path: Path, colours: int = 96) -> None:
    """Reduce a screenshot to a palette PNG (text stays sharp; the file gets small)."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def shoot(output: Path, target: Path, modes: Iterable[str] = MODES,
          shots: Iterable[Shot] = SHOTS) -> list[Path]:
    """Photograph ``#comments`` of each mode's post in each shot; the files written."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (bash scripts/setup.sh --test)")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_folder(output) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for shot in shots:
                context = browser.new_context(
                    viewport={"width": shot.width, "height": shot.height},
                    color_scheme=shot.scheme, is_mobile=shot.mobile, has_touch=shot.mobile)
                page = context.new_page()
                page.route("https://**", lambda route: route.abort())  # nothing leaves
                views = [(mode, mode, None) for mode in modes]
                views += [m for m in MOMENTS if m[1] in modes]
                for name, mode, click in views:
                    page.goto(f"{base}/2024/05/{mode}/")
                    page.wait_for_load_state("networkidle")
                    if click:
                        page.get_by_role(click[0], name=click[1], exact=True).click()
                    path = target / f"{name}-{shot.name}.png"
                    page.locator("#comments").screenshot(path=str(path), animations="disabled",
                                                         caret="hide")
                    shrink(path)
                    written.append(path)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> list[Path]:
    """Build the fixture site in a temporary folder and write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the PNGs")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        output = build_fixture(Path(tmp), args.modes)
        written = shoot(output, args.out, args.modes)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return written


if __name__ == "__main__":
    main()
