"""The preview server: Starlette routes on uvicorn, a watchfiles watcher, one model.

Every HTML page is rendered when the browser asks for it, from the model as it is
after the last save (requests wait while a refresh runs, so a half-refreshed site is
never served). The reload script is added to the response only; output/ is written
by the settle build alone.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response, StreamingResponse
from starlette.routing import Route

from sitetools.preview import problems as problem_text
from sitetools.preview.changes import WATCHED, Change, classify, ignored
from sitetools.preview.model import SiteModel, load_settings
from sitetools.preview.settle import Outcome, Settler

HERE = Path(__file__).parent
SNIPPET = '<script src="/__preview/reload.js?epoch={epoch}"></script>'
NO_STORE = {"Cache-Control": "no-store"}
_ERROR_PAGE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True
).get_template("error.html")


def inject(html: bytes, epoch: int) -> bytes:
    """``html`` with the reload script added before ``</body>`` (or at the end)."""
    tag = SNIPPET.format(epoch=epoch).encode()
    at = html.rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


def strip(html: bytes, epoch: int) -> bytes:
    """The page as a build writes it: ``inject`` undone."""
    return html.replace(SNIPPET.format(epoch=epoch).encode(), b"", 1)


def output_name(path: str) -> str:
    """The output file for a URL path: ``/a/`` -> ``a/index.html``, ``/`` -> ``index.html``."""
    name = path.lstrip("/")
    return name + "index.html" if name == "" or name.endswith("/") else name


@dataclass
class Preview:
    """The running preview: the model, who is watching, what was served."""

    root: Path
    settings_file: Path
    output: Path
    model: SiteModel
    settler: Settler | None = None
    epoch: int = 0  # what the browsers were last told to show
    saves: int = 0  # batches of saves applied (the settle build is for the latest)
    server_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    problems: list[problem_text.Problem] = field(default_factory=list)
    broken: problem_text.Problem | None = None  # the model could not be refreshed
    clients: dict[asyncio.Queue, str] = field(default_factory=dict)  # queue -> page path
    served: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # name -> (epoch, page)
    from_output: set[str] = field(default_factory=set)  # pages the settle build corrected
    pending: set[str] = field(default_factory=set)  # swapped-in saves not yet refreshed
    recent: dict[str, float] = field(default_factory=dict)  # page path -> last seen open
    loop: asyncio.AbstractEventLoop | None = None
    _collector: threading.Timer | None = None

    # --- updates ----------------------------------------------------------------
    def refresh(self, changed: set[str], *, collect: bool = True) -> tuple[float, int]:
        """Refresh the model (in a worker thread); returns (seconds, pages planned)."""
        try:
            result = self.model.refresh(changed, collect=collect)
        except Exception as error:  # a template that does not compile, a plugin crash
            self.broken = problem_text.from_exception(error)
            self.problems = [self.broken]
            return 0.0, 0
        self.broken = None
        self.problems = [problem_text.from_record(r) for r in result.problems]
        return result.seconds, len(result.routes)

    def update(self, change: Change, shown: list[str]) -> str:
        """Apply one batch of saves (in a worker thread); returns what was done, in words.

        - stylesheets only: nothing to refresh; the browsers swap the stylesheet;
        - other theme files only (scripts, icons): a reload, they are served from source;
        - templates only: templates are compiled again, the model stays;
        - one post or page whose words changed (not its address, date, tags...): that
          file is read again and swapped in, the open pages are rendered and the
          browsers reload; the whole model is refreshed before any other page is
          rendered (``catch_up``), and an open page that then comes out different is
          sent again;
        - stored comments only: the sections of the posts reading those folders are made
          again (the rest of the model stays), the open pages are rendered and the
          browsers reload;
        - anything else: the model is refreshed (only saved files are read again).

        The model's lock is held throughout, so no other page is rendered from a model
        that is half-way through an update.
        """
        model = self.model
        self.saves += 1
        if not (change.model or change.assets):
            self._publish(shown, styles_only=True, styles=[p.name for p in change.styles])
            return "stylesheet swapped in place"
        if not change.model:  # theme scripts, icons: served from their source as they are
            took = self._publish(shown)
            return f"reloaded; rendered {_pages(shown)} in {took:.0f} ms"
        templates = all("templates" in p.parts for p in change.model)
        changed = {str(p) for p in change.model}
        with model.lock:
            if templates and self.broken is None:
                model.reload_templates({_template_name(p) for p in change.model})
                took = self._publish(shown)
                return f"templates reloaded; rendered {_pages(shown)} in {took:.0f} ms"
            comments = Path(model.settings["PATH"]) / model.settings.get(
                "THOUGHTFUL_COMMENTS_PATH", "comments")
            only_comments = all(p.is_relative_to(comments) for p in change.model)
            # A broken comment file is named by a refresh (which gathers every problem
            # for the panel), and so is one that was broken and may be fixed now.
            if only_comments and self.broken is None and not any(
                    p.file and Path(p.file).resolve().is_relative_to(comments.resolve())
                    for p in self.problems):
                swapped = model.comments_changed(changed)
            else:
                swapped = (len(changed) == 1 and self.broken is None
                           and model.swap(next(iter(changed))))
            if swapped and only_comments:
                took = self._publish(shown)  # every section is current: nothing pending
                return f"comment sections made again; rendered {_pages(shown)} in {took:.0f} ms"
            if swapped:
                took = self._publish(shown)
                # The whole model is refreshed before any other page is rendered (see page).
                self.pending |= changed
                return (f"swapped in; rendered {_pages(shown)} in {took:.0f} ms; "
                        "the rest of the site is refreshed when a page needs it")
            moved_from = {path: model.source_of(output_name(path)) for path in shown}
            seconds, planned = self.refresh(changed | self.pending, collect=False)
            self.pending.clear()
            took = self._publish(shown, moved=follow(self, moved_from))
        self._collect_soon()
        errors = [p for p in self.problems if p.level != "WARNING"]
        trouble = f"; {len(errors)} problem(s): {errors[0].message}" if errors else ""
        return (f"model refreshed in {seconds * 1000:.0f} ms ({planned} pages planned); "
                f"rendered {_pages(shown)} in {took:.0f} ms{trouble}")

    def _collect_soon(self) -> None:
        """Free the old model a second from now, once the browsers have reloaded.

        Collecting it takes ~0.2 s at 1,000 posts and holds the interpreter: done right
        after the update, it would delay the very page requests the update asked for.
        """
        if self._collector is not None:
            self._collector.cancel()

        def collect() -> None:
            with self.model.lock:
                self.model.collect()

        self._collector = threading.Timer(1.0, collect)
        self._collector.daemon = True
        self._collector.start()

    def shown(self) -> list[str]:
        """The pages open in browsers now, or closed less than 10 s ago (reloading)."""
        now = time.monotonic()
        # Copied in one step each: the event loop changes both while a worker thread asks.
        recent = [path for path, left in list(self.recent.items()) if now - left < 10]
        return sorted({*list(self.clients.values()), *recent})[:5]

    def catch_up(self) -> None:
        """Refresh the whole model if saves were swapped in since the last refresh.

        Called before rendering any page that was not rendered for this epoch: only
        the pages re-rendered right after a swap come from the swapped model. A page
        already sent that comes out different after the refresh is sent again.
        """
        with self.model.lock:
            if not self.pending:
                return
            seconds, _ = self.refresh(set(self.pending), collect=False)
            self.pending.clear()
            self._collect_soon()
            again = [name for name, (_, body) in list(self.served.items())
                     if self._render_now(name) != body]
            note = f"; {len(again)} open page(s) sent again" if again else ""
            say(f"model refreshed in {seconds * 1000:.0f} ms for the pages that need it{note}")
            if again:
                self._publish(self.shown())

    def _render_now(self, name: str) -> bytes | None:
        try:
            body = self.model.render(name)
        except Exception:
            return None
        return body if isinstance(body, bytes) else None

    def _publish(self, shown: list[str], *, styles_only: bool = False,
                 styles: list[str] | None = None, moved: dict[str, str] | None = None) -> float:
        """A new epoch: render the pages the browsers show, then tell them; returns ms."""
        start = time.perf_counter()
        self.epoch += 1
        self.served.clear()
        self.from_output.clear()
        if not styles_only:
            for path in shown:
                self.page(output_name(path), warm=True)
        data = {**self.state(), "styles_only": styles_only, "styles": styles or [],
                "moved": moved or {}}
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.broadcast, "update", data)
        return (time.perf_counter() - start) * 1000

    def state(self) -> dict[str, Any]:
        return {
            "epoch": self.epoch,
            "server": self.server_id,
            "problems": [p.as_dict() for p in self.problems if p.level != "WARNING"],
        }

    def broadcast(self, event: str, data: dict[str, Any]) -> None:
        for queue in list(self.clients):
            queue.put_nowait((event, data))

    # --- serving ----------------------------------------------------------------
    def page(self, name: str, warm: bool = False) -> tuple[int, bytes | str | None, str]:
        """(status, body or source file path, media type) for an output file name.

        ``warm``: rendered right after an update for a page a browser shows, from the
        model as the update left it (no ``catch_up``).
        """
        if self.broken is not None:
            return 500, self.error_page("The site could not be rendered", [self.broken]), \
                "text/html"
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if name in self.from_output:
            return 200, str(self.output / name), media
        cached = self.served.get(name)
        if cached is not None and cached[0] == self.epoch:
            return 200, cached[1], media
        if self.pending and not warm and not self.model.is_file(name):
            self.catch_up()  # a stylesheet or an image needs no refreshed model
        try:
            with self.model.lock:  # an update changes the model and the epoch under it
                epoch = self.epoch
                body = self.model.render(name)
        except Exception as error:
            problem = problem_text.from_exception(error)
            return 500, self.error_page("A template failed", [problem]), "text/html"
        if body is None:
            if self.model.render(name + "/index.html") is not None:
                return 301, "/" + name + "/", ""
            built = self.output / name
            if not name.endswith((".html", ".xml", ".txt")) and built.is_file():
                return 200, str(built), media  # share cards and other build-only files
            missing = self.model.render("404.html")
            errors = [p for p in self.problems if p.level != "WARNING"]
            if errors:
                return 404, self.error_page("This page is not in the site", errors), \
                    "text/html"
            return 404, missing if isinstance(missing, bytes) else b"Not found", "text/html"
        if isinstance(body, bytes):
            self.served[name] = (epoch, body)
        return 200, body, media

    def error_page(self, title: str, problems: list[problem_text.Problem]) -> bytes:
        return _ERROR_PAGE.render(title=title, problems=problems,
                                  snippet="").encode("utf-8")

    # --- the settle build -----------------------------------------------------
    def settled(self, outcome: Outcome, saves: int) -> None:
        """The settle build finished (in its thread): report it, compare served pages."""
        if not outcome.ok:
            last = outcome.log.strip().splitlines()[-1:] or ["(no output)"]
            say(f"settle build failed after {outcome.seconds:.1f} s: {last[0]}")
            return
        if saves != self.saves:
            return  # saved again meanwhile: that save's own build follows
        differ = []
        for name, (_, body) in list(self.served.items()):
            built = self.output / name
            if not built.is_file() or built.read_bytes() != body:
                differ.append(name)
        note = f", {len(outcome.deleted)} stale removed" if outcome.deleted else ""
        say(f"output/ settled in {outcome.seconds:.1f} s: {outcome.written} files written"
            f"{note}; {len(self.served)} served pages checked, {len(differ)} differ")
        if outcome.unknown:
            say(f"output/ holds {len(outcome.unknown)} files no build of this preview wrote "
                f"(e.g. {outcome.unknown[0]}); left alone: `invoke clean` removes them")
        if differ and self.loop is not None:
            say("preview differed from the build at " + ", ".join(differ[:3])
                + "; serving the built files and reloading")
            self.from_output.update(differ)
            self.loop.call_soon_threadsafe(self.broadcast, "update",
                                           {**self.state(), "styles_only": False})


def say(line: str) -> None:
    """One line in the terminal, with the time."""
    print(time.strftime("%H:%M:%S"), line, flush=True)


def build_app(preview: Preview) -> Starlette:
    """The Starlette application: the reload script, the event stream, every page."""

    async def reload_js(request: Request) -> Response:
        return FileResponse(HERE / "static" / "reload.js", media_type="text/javascript",
                            headers=NO_STORE)

    async def events(request: Request) -> Response:
        queue: asyncio.Queue = asyncio.Queue()
        path = request.query_params.get("path", "/")
        preview.clients[queue] = path

        async def stream():
            try:
                yield "retry: 250\n\n"
                yield _event("hello", preview.state())
                while True:
                    try:
                        event, data = await asyncio.wait_for(queue.get(), timeout=15)
                    except TimeoutError:
                        yield ": still here\n\n"
                        continue
                    yield _event(event, data)
            finally:
                preview.clients.pop(queue, None)
                preview.recent[path] = time.monotonic()  # reloading: back in a moment

        return StreamingResponse(stream(), media_type="text/event-stream", headers=NO_STORE)

    async def page(request: Request) -> Response:
        name = output_name(request.url.path)
        if ".." in Path(name).parts:
            return Response(b"Not found", status_code=404)
        status, body, media = await asyncio.to_thread(preview.page, name)
        if status == 301:
            return Response(status_code=301, headers={"Location": body, **NO_STORE})
        if isinstance(body, str):
            return FileResponse(body, media_type=media, headers=NO_STORE)
        if media == "text/html":
            body = inject(body, preview.epoch)
        return Response(body, status_code=status, media_type=media, headers=NO_STORE)

    return Starlette(routes=[
        Route("/__preview/reload.js", reload_js),
        Route("/__preview/events", events),
        Route("/{path:path}", page),
    ])


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"


async def watch(preview: Preview) -> None:
    """Apply each batch of saves: refresh, re-render what browsers show, push the update."""
    import watchfiles

    root = preview.root
    paths = [str(root / name) for name in WATCHED if (root / name).is_dir()]
    paths.append(str(preview.settings_file))
    async for batch in watchfiles.awatch(
        *paths, step=20, debounce=400, watch_filter=lambda _c, p: not ignored(p),
        rust_timeout=1000,
    ):
        start = time.perf_counter()
        change = classify({path for _, path in batch}, root, preview.settings_file)
        if change.empty:
            continue
        if change.restart:
            restart(preview, change)
        await apply(preview, change, start)


async def apply(preview: Preview, change: Change, start: float) -> None:
    """One update, then the settle build queued; prints one line.

    The settle build is paused and scheduled from a worker thread: either may wait for
    the settler's lock while it moves a finished build into output/, and the server
    must keep answering meanwhile.
    """
    settler = preview.settler
    if settler is not None:
        await asyncio.to_thread(settler.pause)  # stale now: restarted once the update shows
    try:
        line = await asyncio.to_thread(preview.update, change, preview.shown())
    except Exception as error:  # a plugin that fails on one save must not end the watching
        line = f"not applied ({type(error).__name__}: {error}); the settle build follows"
    finally:
        if settler is not None:
            await asyncio.to_thread(settler.schedule, preview.saves)
    say(f"{change.describe(preview.root)} changed: {line}; "
        f"{(time.perf_counter() - start) * 1000:.0f} ms")


def _template_name(path: Path) -> str:
    """``theme/templates/partials/x.html`` -> ``partials/x.html`` (Jinja's name for it)."""
    parts = path.parts
    at = len(parts) - 1 - parts[::-1].index("templates")
    return "/".join(parts[at + 1:])


def _pages(shown: list[str]) -> str:
    return ", ".join(shown) if shown else "no open page"


def follow(preview: Preview, shown_sources: dict[str, str | None]) -> dict[str, str]:
    """Open pages whose post moved (a new title, slug or date): old path -> new path."""
    moved = {}
    for path, source in shown_sources.items():
        if source and preview.model.routes.get(output_name(path)) is None:
            new = preview.model.url_of(source)
            if new and new != path:
                moved[path] = new
    return moved


def restart(preview: Preview, change: Change) -> None:
    """Settings or plugin code changed: start this preview again in the same process id."""
    message = (f"{change.describe(preview.root)} changed: restarting the preview "
               "(settings and plugins are loaded once per process)")
    say(message)
    preview.broadcast("restart", {"message": message})
    if preview.settler is not None:
        preview.settler.stop()
    time.sleep(0.1)  # let the browsers get the message
    os.execv(sys.executable, [sys.executable, "-m", "sitetools.livereload", *sys.argv[1:]])


def run(root: Path, settings_file: Path, output: Path, *, host: str = "127.0.0.1",
        port: int = 8000, settle: bool = True) -> None:
    """Start the preview at http://host:port/ and serve until Ctrl-C (or SIGTERM)."""
    import uvicorn

    sys.path.insert(0, str(root))
    os.chdir(root)  # Pelican reads relative paths from the settings' point of view
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.dont_write_bytecode = True
    start = time.perf_counter()
    settings = load_settings(settings_file, output)
    model = SiteModel(settings)
    preview = Preview(root=root, settings_file=settings_file, output=output, model=model)
    seconds, planned = preview.refresh(set())
    say(f"preview model ready: {planned} pages in {time.perf_counter() - start:.1f} s")
    if settle:
        from thoughtful.paths import cache_root

        preview.settler = Settler(root, settings_file, output, cache_root(settings),
                                  preview.settled)
        preview.settler.schedule(preview.saves, delay=0)
    from sitetools.paths import mark_if_ours
    from sitetools.serve import only_for_host

    # The settle build fills output/ as `invoke build` does: mark it, so clean and
    # rebuild may empty it later (a folder holding files of unknown origin stays unmarked).
    mark_if_ours(output, root)
    app = only_for_host(build_app(preview), host)

    config = uvicorn.Config(app, host=host, port=port, log_level="warning",
                            lifespan="off", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)

    async def main() -> None:
        preview.loop = asyncio.get_running_loop()
        watcher = asyncio.create_task(watch(preview))
        say(f"serving http://{host}:{port}/ (Ctrl-C stops it)")
        try:
            await server.serve()
        finally:
            watcher.cancel()
            if preview.settler is not None:
                preview.settler.stop()

    asyncio.run(main())
