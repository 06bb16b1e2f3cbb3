"""Save-to-screen time of `invoke livereload` against the previous livereload and Pelican's own.

    .venv/bin/python benchmarks/preview_benchmark.py                     # 100 and 1,000 posts
    .venv/bin/python benchmarks/preview_benchmark.py -n 10000 --modes preview --repeats 2

For each size it generates the posts (benchmarks/corpus.py) into a fresh copy of
this project's settings, theme and plugins, and for each mode

- preview   `invoke livereload` now (sitetools/preview/),
- rebuild   the previous `invoke livereload` (``--mode rebuild``: a whole build per save),
- pelican   ``pelican --autoreload --listen`` (it never reloads the browser: the page is
            reloaded in a loop until it shows the change, which only flatters it),

starts the server, opens the newest post in Debian's headless Chromium and saves one
edit of each kind, ``--repeats`` times: the post's body, its title, a stored comment,
the article template, the stylesheet, a new post (the home page open) and deleting
that post. It reports the median and 90th percentile from the moment the file is
written to the moment the open page shows the change, and the server's peak memory
next to a full build's. Edits are 3.5 s apart: the rebuild mode drops a reload that
comes less than 3 s after the previous one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from build_benchmark import machine  # noqa: E402
from corpus import generate  # noqa: E402
from support.browser import browser  # noqa: E402
from support.servers import free_port  # noqa: E402

from sitetools.commands import pelican_command  # noqa: E402

KINDS = ("body", "title", "comment", "template", "css", "new post", "delete post")
MODES = ("preview", "rebuild", "pelican")
PAUSE = 3.5


@dataclass
class Result:
    mode: str
    posts: int
    times: dict[str, list[float]] = field(default_factory=dict)
    peak_mb: float = 0.0
    build_peak_mb: float = 0.0

    def all(self) -> list[float]:
        return [t for values in self.times.values() for t in values]


def project(folder: Path, posts: int) -> Path:
    """A copy of this project's settings, theme and plugins with ``posts`` generated posts."""
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", folder / "pelicanconf.py")
    generate(folder / "content", posts)
    (folder / "content/pages").mkdir()
    (folder / "content/pages/about.md").write_text("Title: About\n\nAbout this blog.\n")
    return folder


def newest(posts: int) -> str:
    date = datetime(2015, 1, 1, 8, 0) + timedelta(days=posts - 1)
    return f"{date:%Y}/{date:%m}/post-{posts - 1}/"


def full_build_peak(folder: Path) -> float:
    """Peak memory (MB) of `invoke build`'s command on this project, run twice (warm)."""
    command = pelican_command(folder / "pelicanconf.py", folder / "output-full").split()
    peak = 0.0
    for _ in range(2):
        process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        peak = usage.ru_maxrss / 1024
    return peak


def start(mode: str, folder: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    if mode == "pelican":
        command = [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", "output",
                   "--autoreload", "--listen", "-b", "127.0.0.1", "-p", str(port)]
    else:
        command = [sys.executable, "-m", "sitetools.livereload", "--root", str(folder),
                   "--port", str(port), "--mode", mode]
    log = (folder / f"{mode}.log").open("w")
    return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_http(url: str, limit: float = 1800) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} never answered")


def peak_rss(pid: int) -> float:
    """VmHWM of a process and its children, in MB (the settle build is not counted)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def text(page) -> str:
    try:
        return page.evaluate("document.body ? document.body.innerText : ''")
    except Exception:  # navigating
        return ""


def outline(page) -> str:
    try:
        return page.evaluate("getComputedStyle(document.body).outlineWidth")
    except Exception:
        return ""


def measure(page, mode: str, save, shown, limit: float = 300) -> float:
    """Seconds from ``save()`` to ``shown()`` being true in the open page."""
    start = time.monotonic()
    save()
    while time.monotonic() - start < limit:
        if mode == "pelican":
            try:
                page.reload(wait_until="domcontentloaded")
            except Exception:
                pass
        if shown():
            return time.monotonic() - start
        time.sleep(0.005)
    raise SystemExit(f"{mode}: the change never showed")


class Edits:
    """One save of each kind, and how to tell that the open page shows it."""

    def __init__(self, folder: Path, posts: int, page) -> None:
        self.page = page
        self.source = folder / f"content/posts/post-{posts - 1:05d}.md"
        self.template = folder / "theme/templates/article.html"
        self.css = folder / "theme/static/css/site.css"
        self.comment = folder / f"content/comments/post-{posts - 1}/bench.md"
        self.comment.parent.mkdir(parents=True, exist_ok=True)
        self.posts = folder / "content/posts"
        self.date = datetime(2015, 1, 1, 8, 0) + timedelta(days=posts)
        self.added: Path | None = None
        self.added_title = ""

    def make(self, kind: str, counter: int):
        """(save, shown): a function that saves, and one that is true once it shows."""
        token = f"bench{counter}x{kind.replace(' ', '')}"
        if kind == "css":
            width = f"{counter % 9 + 1}px"
            return (lambda: self._append(self.css, f"\nbody {{ outline: {width} solid red; }}\n"),
                    lambda: outline(self.page) == width)
        if kind == "delete post":
            gone, path = self.added_title, self.added
            return path.unlink, lambda: (lambda body: bool(body) and gone not in body)(
                text(self.page))
        saves = {
            "body": lambda: self._body(token),
            "title": lambda: self._title(token),
            "comment": lambda: self.comment.write_text(
                f"Author: Ana\nDate: 2026-01-01 10:00\n\n{token}\n"),
            "template": lambda: self.template.write_text(self.template.read_text().replace(
                "{% block content %}", f"{{% block content %}}<p>{token}</p>", 1)),
            "new post": lambda: self._new_post(token),
        }
        return saves[kind], lambda: token in text(self.page)

    def _append(self, path: Path, extra: str) -> None:
        path.write_text(path.read_text() + extra)

    def _body(self, token: str) -> None:
        parts = self.source.read_text().split("\n\n")
        parts[1] = token + " " + parts[1]
        self.source.write_text("\n\n".join(parts))

    def _title(self, token: str) -> None:
        lines = self.source.read_text().splitlines(keepends=True)
        lines[0] = f"Title: Title {token}\n"
        self.source.write_text("".join(lines))

    def _new_post(self, token: str) -> None:
        self.added, self.added_title = self.posts / f"{token}.md", f"New {token}"
        self.added.write_text(f"Title: New {token}\nDate: {self.date:%Y-%m-%d %H:%M}\n"
                              "Category: Notes\n\nNew.\n")


def run_mode(mode: str, posts: int, repeats: int, work: Path, chrome,
             show_log: bool = False) -> Result:
    folder = project(work / f"{mode}-{posts}", posts)
    result = Result(mode, posts)
    result.build_peak_mb = full_build_peak(folder)
    shutil.rmtree(folder / "output-full")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start(mode, folder, port)
    try:
        post_url = f"{base}/{newest(posts)}"
        wait_http(post_url)
        if mode == "preview":
            deadline = time.monotonic() + 1800
            while "output/ settled" not in (folder / "preview.log").read_text():
                if time.monotonic() > deadline:
                    raise SystemExit("the preview never settled")
                time.sleep(0.5)
        page = chrome.new_page()
        page.goto(post_url)
        edits = Edits(folder, posts, page)
        counter = 0
        for _ in range(repeats):
            for kind in KINDS:
                counter += 1
                time.sleep(PAUSE)
                wanted = f"{base}/" if kind in ("new post", "delete post") else post_url
                if page.url != wanted:
                    page.goto(wanted)
                save, shown = edits.make(kind, counter)
                seconds = measure(page, mode, save, shown)
                result.times.setdefault(kind, []).append(seconds)
                print(f"  {mode} {posts} {kind}: {seconds * 1000:.0f} ms", flush=True)
        result.peak_mb = peak_rss(process.pid)
        page.close()
        if show_log:
            print((folder / f"{mode}.log").read_text(), flush=True)
    finally:
        stop(process)
    return result


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def table(results: list[Result]) -> str:
    head = " | ".join(KINDS)
    lines = [f"| posts | mode | median | p90 | {head} | peak RSS | full build peak |",
             "|---|---|---|---|" + "---|" * len(KINDS) + "---|---|"]
    for r in results:
        values = r.all()
        kinds = " | ".join(f"{statistics.median(r.times[k]) * 1000:.0f}" if k in r.times else "–"
                           for k in KINDS)
        lines.append(f"| {r.posts:,} | {r.mode} | {statistics.median(values) * 1000:.0f} ms | "
                     f"{p90(values) * 1000:.0f} ms | {kinds} | {r.peak_mb:.0f} MB | "
                     f"{r.build_peak_mb:.0f} MB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--posts", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--show-log", action="store_true",
                        help="print each server's terminal output (what it did per save)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as tmp, browser() as chrome:
        for posts in args.posts:
            for mode in args.modes:
                results.append(run_mode(mode, posts, args.repeats, Path(tmp), chrome,
                                       args.show_log))
    load = os.getloadavg()
    print(f"\n{machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"load average at the end {load[0]:.1f} (machine shared)")
    print("Times are from the file write to the open page showing the change, in ms.\n")
    print(table(results))


if __name__ == "__main__":
    main()
