"""Serve a built folder as a static host does: `invoke serve` and `invoke preview`.

    python -m sitetools.serve output --host 127.0.0.1 --port 8000

Starlette's ``StaticFiles`` in HTML mode on uvicorn: ``/a/`` serves ``a/index.html``,
``/a`` redirects to ``/a/``, and a missing address gets the site's own 404.html with
status 404 (Pelican's ``--listen`` server answers it with an empty reply). Symlinks
that lead out of the folder are not followed.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def app_for(folder: Path, host: str = "127.0.0.1"):
    """The ASGI app serving ``folder`` (to requests addressed to ``host`` only)."""
    from starlette.staticfiles import StaticFiles

    return only_for_host(StaticFiles(directory=str(folder), html=True), host)


def only_for_host(app, host: str):
    """``app``, answering only requests whose Host names this machine as listened on.

    A page elsewhere could otherwise point a name of its own at 127.0.0.1 (DNS
    rebinding) and read the site, drafts included, through the reader's browser.
    Listening on every address (``--host 0.0.0.0``) accepts any name.
    """
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    if host in ("0.0.0.0", "::", ""):
        return app
    return TrustedHostMiddleware(app, allowed_hosts=sorted({"127.0.0.1", "localhost", host}))


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m sitetools.serve FOLDER [--host H] [--port P]``."""
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve a built site folder.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        raise SystemExit(f"{args.folder} does not exist: build the site first (invoke build)")
    print(f"serving {args.folder} at http://{args.host}:{args.port}/ (Ctrl-C stops it)",
          flush=True)
    uvicorn.run(app_for(args.folder, args.host), host=args.host, port=args.port,
                log_level="warning")


if __name__ == "__main__":
    main()
