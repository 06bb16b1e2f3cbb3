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


@task(help={"title": "The post's title", "category": "Category (default: Thoughtful Thursday)"})
def new_post(c, title, category="Thoughtful Thursday"):
    """Create content/posts/<YYYY-MM-DD>-<slug>.md (a draft with front matter); never overwrites."""
    from pelican.settings import read_settings

    from sitetools.newpost import PostExists, create_post

    timezone = read_settings(str(DEV_SETTINGS))["TIMEZONE"]
    try:
        path = create_post(CONTENT / "posts", title, category=category, timezone=timezone)
    except (PostExists, ValueError) as err:
        raise Exit(str(err), code=1) from None
    print(path.relative_to(ROOT))


@task(help={"strict": "Fail on any warning or error (as publish does)"})
def build(c, strict=False):
    """Build the site into output/ with the development settings."""
    from sitetools.commands import pelican_command
    from sitetools.paths import MARKER, mark_if_ours

    # Marked as the project's, so `invoke clean` may remove it later. A folder of unknown
    # files is built into but never emptied, even if DELETE_OUTPUT_DIRECTORY is on.
    extra = None
    if mark_if_ours(OUTPUT, ROOT) is None:
        print(f"note: {OUTPUT} has no {MARKER} file, so `invoke clean` will refuse it; "
              "if it is an old build, delete it once yourself")
        extra = {"DELETE_OUTPUT_DIRECTORY": False}
    c.run(pelican_command(DEV_SETTINGS, OUTPUT, strict=strict, extra=extra), pty=False)


@task
def clean(c):
    """Remove the output folder; refuses when it points at anything of yours."""
    from sitetools.paths import UnsafePath, remove_output

    try:
        removed = remove_output(OUTPUT, ROOT)
    except UnsafePath as err:
        raise Exit(str(err), code=1) from None
    print(f"removed {removed}" if removed else "nothing to remove")


@task
def rebuild(c):
    """Delete output/ (safely) and build everything again."""
    clean(c)
    build(c)


@task(help={"host": "Address to listen on", "port": "Port to listen on"})
def serve(c, host="127.0.0.1", port=8000):
    """Serve output/ at http://HOST:PORT/ as a host would, 404 page included (build first)."""
    from sitetools.commands import serve_command

    c.run(serve_command(DEV_SETTINGS, OUTPUT, host, int(port)), pty=False)


@task(help={
    "host": "Address to listen on (default 127.0.0.1: this machine only)",
    "port": "Port to listen on",
    "mode": "preview (default) or rebuild (the old whole-build-per-save tool)",
})
def livereload(c, host="127.0.0.1", port=8000, mode="preview"):
    """Preview while writing: each save shows in the open page; output/ follows it."""
    from sitetools.livereload import watch_and_serve

    watch_and_serve(ROOT, DEV_SETTINGS, OUTPUT, host=host, port=int(port), mode=mode)


@task(help={"host": "Address to listen on", "port": "Port to listen on"})
def preview(c, host="127.0.0.1", port=8001):
    """Build with publishconf.py into output-preview/ and serve it (links point at it)."""
    from sitetools.commands import local_url, pelican_command, serve_command
    from sitetools.paths import UnsafePath, empty_output, prune_empty_folders

    try:
        empty_output(PREVIEW_OUTPUT, ROOT)
    except UnsafePath as err:
        raise Exit(str(err), code=1) from None
    # The production settings, but every absolute link points at this preview.
    here = local_url(host, int(port))
    extra = {"SITEURL": here, "FEED_DOMAIN": here}
    c.run(pelican_command(PUBLISH_SETTINGS, PREVIEW_OUTPUT, extra=extra), pty=False)
    prune_empty_folders(PREVIEW_OUTPUT.resolve())
    c.run(serve_command(PUBLISH_SETTINGS, PREVIEW_OUTPUT, host, int(port)), pty=False)


# --- publishing: check, publish, deploy (sitetools/check, sitetools/deploy) ---
CHECK_HELP = {
    "path": "The built folder to check (default: output-publish)",
    "settings": "Settings whose SITEURL maps absolute links to files (default: publishconf.py)",
    "skip_vnu": "Skip the HTML validator (needs java; a few seconds)",
    "skip_a11y": "Skip the axe-core audit in headless Chromium",
    "skip_links": "Skip links, anchors and assets",
    "skip_feeds": "Skip the feed parser",
    "skip_share": "Skip the og:image / twitter:image check",
    "headers": "Also require a _headers file with security headers",
}


def _skipped(skip_vnu=False, skip_a11y=False, skip_links=False, skip_feeds=False, skip_share=False):
    flags = {"html": skip_vnu, "a11y": skip_a11y, "links": skip_links, "feeds": skip_feeds,
             "share": skip_share}
    return [name for name, on in flags.items() if on]


@task(help=CHECK_HELP)
def check(c, path=str(PUBLISH_OUTPUT), settings=str(PUBLISH_SETTINGS), skip_vnu=False,
          skip_a11y=False, skip_links=False, skip_feeds=False, skip_share=False, headers=False):
    """Check a built site: links, anchors, assets, HTML (vnu), feeds, share images, a11y (axe)."""
    from sitetools.check import run_check
    from sitetools.publish import load_settings

    site_url = load_settings(Path(settings)).get("SITEURL", "")
    try:
        report = run_check(Path(path), site_url=site_url, require_headers=headers,
                           skip=_skipped(skip_vnu, skip_a11y, skip_links, skip_feeds, skip_share))
    except (FileNotFoundError, ValueError) as err:
        raise Exit(str(err), code=2) from None
    print(report.format())
    if not report.ok:
        raise Exit(code=1)


@task(help={**{k: v for k, v in CHECK_HELP.items() if k != "headers"},
            "target": "rsync, ghpages, s3 or folder (default: DEPLOY_TARGET)",
            "dry_run": "Build and check, then list what the deploy would change",
            "allow_placeholder": "Publish even for a placeholder SITEURL (*.example, localhost)"})
def publish(c, target=None, dry_run=False, skip_vnu=False, skip_a11y=False, skip_links=False,
            skip_feeds=False, skip_share=False, settings=str(PUBLISH_SETTINGS),
            path=str(PUBLISH_OUTPUT), allow_placeholder=False):
    """Build with publishconf.py strictly into a fresh folder, check it, then deploy it.

    The folder is emptied first only if the project made it (README "Deleting").
    """
    from sitetools.deploy import DeployError, format_changes
    from sitetools.paths import in_project
    from sitetools.publish import PublishError
    from sitetools.publish import publish as publish_site

    skip = _skipped(skip_vnu, skip_a11y, skip_links, skip_feeds, skip_share)
    try:
        done = publish_site(ROOT, in_project(settings, ROOT), in_project(path, ROOT),
                            target=target, dry_run=dry_run, skip=skip,
                            allow_placeholder=allow_placeholder)
    except (PublishError, DeployError) as err:
        raise Exit(str(err), code=1) from None
    print(done.report.format())
    print(format_changes(done.changes, dry_run=dry_run))
    print(f"built for {done.site_url} in {done.output}; "
          f"{'would deploy' if dry_run else 'deployed'} to {done.target}")


@task(help={"target": "rsync, ghpages, s3 or folder (default: DEPLOY_TARGET)",
            "dry_run": "List what would change; change nothing",
            "path": "The built folder to deploy (default: output-publish)",
            "settings": "Settings with DEPLOY_TARGET and DEPLOY (default: publishconf.py)",
            "adopt": "S3: take over a prefix that holds keys but no deploy manifest "
                     "(look at --dry-run first)"})
def deploy(c, target=None, dry_run=False, path=str(PUBLISH_OUTPUT), settings=str(PUBLISH_SETTINGS),
           adopt=False):
    """Deploy a folder `invoke publish` built, checked and stamped; refuses any other."""
    from sitetools.deploy import DeployError, format_changes
    from sitetools.deploy import deploy as deploy_site
    from sitetools.paths import in_project
    from sitetools.publish import load_settings

    try:
        name, changes = deploy_site(in_project(path, ROOT),
                                    load_settings(in_project(settings, ROOT)), project=ROOT,
                                    target=target, dry_run=dry_run, adopt=adopt)
    except DeployError as err:
        raise Exit(str(err), code=1) from None
    print(format_changes(changes, dry_run=dry_run))
    print(f"{'would deploy' if dry_run else 'deployed'} {path} to {name}")


# --- share cards: cards preview (plugins/thoughtful/share) ---
@task(help={"serve": "Also serve output/ and print the preview's address"})
def cards(c, serve=False):
    """Preview every post's share card as each platform shows it (output/cards/preview/).

    Builds with the development settings plus SHARE_PREVIEW_PAGE; local files only.
    """
    from sitetools.commands import pelican_command, serve_command

    c.run(pelican_command(DEV_SETTINGS, OUTPUT, extra={"SHARE_PREVIEW_PAGE": True}), pty=False)
    page = OUTPUT / "cards" / "preview" / "index.html"
    if not page.is_file():
        raise Exit("no card preview was written: is thoughtful.share in PLUGINS?", code=1)
    print(f"card preview: {page} (open it in a browser; local files only)")
    if serve:
        print("also at http://127.0.0.1:8000/cards/preview/")
        c.run(serve_command(DEV_SETTINGS, OUTPUT, "127.0.0.1", 8000), pty=False)


# --- comments: comments-server, comments-snapshot (plugins/thoughtful/comments) ---
COMMENTS_DATA = ROOT / ".data" / "isso"


def _comments_settings() -> dict:
    """The comments half's settings as the development build sees them."""
    import sys

    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican.settings import read_settings
    from thoughtful.comments import settings

    site = read_settings(str(DEV_SETTINGS))
    return {**settings.load(site), "THOUGHTFUL_CACHE_PATH": site.get("THOUGHTFUL_CACHE_PATH"),
            "CACHE_PATH": site["CACHE_PATH"]}


@task(help={"port": "Port for Isso (default 8080)",
            "site": "The site's origin, allowed by CORS (default http://127.0.0.1:8000)",
            "moderation": "Hold new comments for approval"})
def comments_server(c, port=8080, site="http://127.0.0.1:8000", moderation=False):
    """Run Isso on 127.0.0.1 with its SQLite database in .data/isso/ (Ctrl-C stops it)."""
    import shlex

    cfg = _comments_settings()
    from thoughtful.comments import isso_server
    from thoughtful.paths import OutsideError, inside

    try:
        inside(COMMENTS_DATA, ROOT)
    except OutsideError as err:
        raise Exit(str(err), code=1) from None
    isso = cfg["THOUGHTFUL_COMMENTS_ISSO"]
    config = isso_server.write_config(
        COMMENTS_DATA, port=int(port), site_origins=[site], moderation=moderation,
        require_author=isso["require_author"], require_email=isso["require_email"],
    )
    print(f"Isso at http://127.0.0.1:{port}/ for {site}; database {COMMENTS_DATA}/comments.db")
    print(f'Build with THOUGHTFUL_COMMENTS_MODE = "isso" and '
          f'THOUGHTFUL_COMMENTS_ISSO = {{"url": "http://127.0.0.1:{port}"}}.')
    c.run(shlex.join(isso_server.isso_command(config)), pty=False)


@task(help={"url": "Isso's address (default: THOUGHTFUL_COMMENTS_ISSO['url'])"})
def comments_snapshot(c, url=None):
    """Copy approved comments from Isso into content/comments/ (never overwrites a file)."""
    cfg = _comments_settings()
    from thoughtful.comments import THREADS_FILE, snapshot
    from thoughtful.paths import cache_root

    threads_file = cache_root(cfg) / "comments" / THREADS_FILE
    if not threads_file.exists():
        raise Exit(f"{threads_file} is missing: build the site in isso mode first "
                   "(it lists each post's Isso thread)", code=1)
    base = url or cfg["THOUGHTFUL_COMMENTS_ISSO"]["url"]
    try:
        result = snapshot.snapshot(base, snapshot.read_threads(threads_file),
                                   CONTENT / cfg["THOUGHTFUL_COMMENTS_PATH"],
                                   anonymous=cfg["THOUGHTFUL_COMMENTS_ANONYMOUS"])
    except OSError as err:
        raise Exit(f"Cannot read comments from Isso at {base}: {err}", code=1) from None
    for path in result.written:
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(result.written)} new comment files, {len(result.kept)} already there (kept)")


# --- moving in: import-wordpress (sitetools/wordpress) ---
WORDPRESS_STATE = ROOT / "wordpress-import"


@task(help={"export": "The WordPress export: an .xml file, or WordPress.com's .zip of them",
            "media": "The media library export: a folder (YYYY/MM/file) or its .tar",
            "dry_run": "Read and convert everything, print the report, write nothing",
            "strict": "Write nothing and fail if anything would be lost",
            "force": "Also replace files edited since the last import"})
def import_wordpress(c, export, media=None, dry_run=False, strict=False, force=False):
    """Import a WordPress export into content/: posts, pages, comments, images, redirects.

    Prints a report of every item and writes it to wordpress-import/report.txt
    (and .json), outside content/. Running it again changes nothing.
    """
    import sys

    from pelican.settings import read_settings

    sys.path.insert(0, str(ROOT / "plugins"))
    from sitetools.wordpress import ImportFailed, Options, run_import

    options = Options(export=Path(export), content=CONTENT, state=WORDPRESS_STATE,
                      settings=read_settings(str(DEV_SETTINGS)),
                      media=Path(media) if media else None,
                      dry_run=dry_run, strict=strict, force=force)
    try:
        report = run_import(options)
    except ImportFailed as err:
        raise Exit(str(err), code=1) from None
    print(report.format())
    if not dry_run:
        print(f"report: {WORDPRESS_STATE / 'report.txt'} (and .json)")
