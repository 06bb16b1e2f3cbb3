"""Tasks for writing, previewing and publishing the blog. Run `invoke --list`.

Tasks stay thin: each one calls a tested function in sitetools/ (or runs one
exact command) and turns a failure into a clear message with `Exit`.
"""

from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
PREVIEW_OUTPUT = ROOT / "output-preview"
PUBLISH_OUTPUT = ROOT / "output-publish"


@task(help={"title": "The post's title", "category": "Category (default: Essays)"})
def new_post(c, title, category="Essays"):
    """Create content/posts/<slug>.md with front matter; never overwrites."""
    from sitetools.newpost import PostExists, create_post

    try:
        path = create_post(CONTENT / "posts", title, category=category)
    except PostExists as err:
        raise Exit(str(err), code=1) from None
    print(path.relative_to(ROOT))


@task(help={"strict": "Fail on any warning or error (as publish does)"})
def build(c, strict=False):
    """Build the site into output/ with the development settings."""
    from sitetools.commands import pelican_command

    c.run(pelican_command(DEV_SETTINGS, OUTPUT, strict=strict), pty=False)


@task
def rebuild(c):
    """Delete output/ (safely) and build everything again."""
    clean(c)
    build(c)


@task
def clean(c):
    """Remove the output folder; refuses when it points at anything of yours."""
    from sitetools.paths import UnsafePath, remove_output

    try:
        removed = remove_output(OUTPUT, ROOT)
    except UnsafePath as err:
        raise Exit(str(err), code=1) from None
    print(f"removed {removed}" if removed else "nothing to remove")


@task(help={"host": "Address to listen on", "port": "Port to listen on"})
def serve(c, host="127.0.0.1", port=8000):
    """Serve output/ at http://HOST:PORT/ (build first)."""
    from sitetools.commands import serve_command

    c.run(serve_command(DEV_SETTINGS, OUTPUT, host, int(port)), pty=False)


@task(help={"host": "Address to listen on", "port": "Port to listen on"})
def livereload(c, host="127.0.0.1", port=8000):
    """Build, serve and rebuild on changes in content/, theme/, plugins/; reloads the browser."""
    from sitetools.livereload import watch_and_serve

    watch_and_serve(ROOT, DEV_SETTINGS, OUTPUT, host=host, port=int(port))


@task(help={"host": "Address to listen on", "port": "Port to listen on"})
def preview(c, host="127.0.0.1", port=8001):
    """Build with publishconf.py into output-preview/ and serve it."""
    from sitetools.commands import pelican_command, serve_command

    c.run(pelican_command(PUBLISH_SETTINGS, PREVIEW_OUTPUT, fresh=True), pty=False)
    c.run(serve_command(PUBLISH_SETTINGS, PREVIEW_OUTPUT, host, int(port)), pty=False)


# --- publishing: check, publish, deploy (sitetools/check, sitetools/deploy) ---
# (tasks added by the publishing work)

# --- share cards: cards preview (plugins/thoughtful/share) ---
# (tasks added by the share-cards work)

# --- comments: comments-server, comments-snapshot (plugins/thoughtful/comments) ---
# (tasks added by the comments work)
