"""Old addresses that still land: ``Aliases:`` on a post or page, and content/redirects.txt.

A post lists its old paths in one metadata line (the WordPress importer writes it;
a writer renaming a post adds one by hand)::

    Aliases: /2019/05/31/keep-small-promises/, /2019/05/31/small-promises/

Addresses that belong to no post (old feeds, archives) go in content/redirects.txt,
one ``OLD-PATH TARGET`` per line, where TARGET is a path of this site or
``feed:all``, ``category:Name``, ``tag:Name``, ``feed:category:Name``.

Every redirect is written three ways, so it works in one hop on every host:
an HTML page at the old path (meta refresh + canonical link, no script: GitHub
Pages and plain folders), ``_redirects`` (Netlify, Cloudflare Pages) and
``redirects.nginx.conf`` (``include`` it in the rsync target's server block).
An old path where this site already has a page is refused with a warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pelican.urlwrappers import Category, Tag

from thoughtful.content import written_items
from thoughtful.paths import OutsideError, below

from .report import shown_path
from .settings import KEY

log = logging.getLogger(__name__)

MARKER = "thoughtful redirect"
_STATE = "_THOUGHTFUL_REDIRECTS"  # kept on the build's settings between two signals
# HTML is autoescaped; the two host files are plain text (paths there are URL-quoted).
_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html"]), trim_blocks=True,
                         lstrip_blocks=True, keep_trailing_newline=True)


@dataclass(frozen=True)
class Redirect:
    """One old path (``/2019/05/31/x/``) and the site path it leads to (``2019/06/x/``)."""

    source: str
    target: str
    title: str
    origin: str  # the file that asked for it, for messages


def aliases_of(value: object) -> list[str]:
    """The old paths of an ``Aliases:`` value (comma- or newline-separated)."""
    text = ", ".join(value) if isinstance(value, list) else str(value or "")
    return [a.strip() for a in text.replace("\n", ",").split(",") if a.strip()]


def collect(generators) -> None:
    """``all_generators_finalized``: gather every redirect before anything is written."""
    settings = generators[0].settings if generators else {}
    if KEY not in settings:
        return
    found: list[Redirect] = []
    categories, tags = {}, {}
    for generator in generators:
        for item in written_items(generator):
            if getattr(item, "status", "published") not in ("published", "hidden"):
                continue
            for alias in aliases_of(item.metadata.get("aliases")):
                found.append(Redirect(alias, item.url, item.title,
                                      shown_path(item.source_path, settings)))
        # ArticlesGenerator: categories is a list of (category, articles), tags a dict.
        # Keyed by slug, as Pelican merges them: "Habits" and "habits" are one tag,
        # named as the first post that used it spelt it.
        for category, _articles in getattr(generator, "categories", []):
            categories[category.slug] = category
        for tag in getattr(generator, "tags", {}):
            tags[tag.slug] = tag
    found += _from_file(settings, categories, tags)
    settings[_STATE] = found


def _from_file(settings, categories, tags) -> list[Redirect]:
    path = Path(settings["PATH"]) / settings[KEY].cfg["THOUGHTFUL_SITE_REDIRECTS_FILE"]
    if not path.is_file():
        return []
    shown = shown_path(str(path), settings)
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        source, _, target = line.partition(" ")
        target = _target(target.strip(), settings, categories, tags)
        if target is None:
            log.warning("%s: line %d: %r names no feed, category or tag of this site; "
                        "not redirected", shown, number, line)
        elif target and target.strip("/") != source.strip("/"):  # same path: nothing to do
            found.append(Redirect(source, target, target, f"{shown}:{number}"))
    return found


def _target(value: str, settings, categories, tags) -> str | None:
    """The site path ``value`` names; "" when it names a feed this build does not write."""
    if value.startswith("feed:category:"):
        category = categories.get(Category(value[len("feed:category:"):], settings).slug)
        pattern = settings.get("CATEGORY_FEED_ATOM")
        if category is None:
            return None
        return pattern.format(slug=category.slug) if pattern else ""
    if value == "feed:all":
        return settings.get("FEED_ALL_ATOM") or ""
    if value.startswith("category:"):
        category = categories.get(Category(value[len("category:"):], settings).slug)
        return category.url if category is not None else None
    if value.startswith("tag:"):
        tag = tags.get(Tag(value[len("tag:"):], settings).slug)
        return tag.url if tag is not None else None
    return value.lstrip("/") if value else None


def write(pelican) -> None:
    """``finalized``: write each redirect page, then ``_redirects`` and the nginx snippet."""
    settings = pelican.settings
    redirects = settings.pop(_STATE, None)
    if not redirects:
        return
    output = Path(settings["OUTPUT_PATH"])
    site_url = settings.get("SITEURL", "")
    template = _TEMPLATES.get_template("redirect.html")
    written: list[Redirect] = []
    claimed: dict[Path, Redirect] = {}
    for redirect in redirects:
        path = _page_path(output, redirect)
        if path is None:
            continue
        if path in claimed:
            log.warning("%s: alias %s is also claimed by %s; not redirected twice",
                        redirect.origin, redirect.source, claimed[path].origin)
            continue
        claimed[path] = redirect
        if path.exists() and not _ours(path):
            log.warning("%s: alias %s is already a page of this site; not redirected",
                        redirect.origin, redirect.source)
            continue
        target = f"{site_url}/{redirect.target}" if site_url else f"/{redirect.target}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.render(target=target, title=redirect.title, marker=MARKER,
                                        lang=settings.get("DEFAULT_LANG", "en")),
                        encoding="utf-8")
        written.append(redirect)
    if written:
        _write_host_files(output, written)


def _ours(path: Path) -> bool:
    """Whether ``path`` is a redirect page a build wrote (its generator line, in its head:
    a post that merely mentions the marker is never taken for one)."""
    with path.open(encoding="utf-8", errors="replace") as stream:
        head = stream.read(600)
    return f'<meta name="generator" content="{MARKER}">' in head


def _page_path(output: Path, redirect: Redirect) -> Path | None:
    source = redirect.source
    parts = PurePosixPath(source).parts
    if (not source.startswith("/") or ".." in parts or "?" in source or "#" in source
            or any(ord(c) < 32 for c in source)):
        log.warning("%s: alias %r must be a path like /2019/05/old-slug/; not redirected",
                    redirect.origin, source)
        return None
    relative = source.strip("/")
    if not relative.endswith((".html", ".htm")):
        relative = f"{relative}/index.html" if relative else ""
    try:
        return below(output / relative, output)
    except OutsideError:
        log.warning("%s: alias %r leads outside the output folder; not redirected",
                    redirect.origin, source)
        return None


def _write_host_files(output: Path, redirects: list[Redirect]) -> None:
    """_redirects (Netlify/Cloudflare: ``!`` so the rule wins over the page above) and nginx."""
    lines = _TEMPLATES.get_template("redirects.txt")
    netlify = [(quote(r.source), quote("/" + r.target)) for r in redirects]
    nginx = [(_nginx_quote(r.source), _nginx_quote("/" + r.target)) for r in redirects]
    (output / "_redirects").write_text(lines.render(rules=netlify, marker=MARKER),
                                       encoding="utf-8")
    (output / "redirects.nginx.conf").write_text(
        _TEMPLATES.get_template("redirects.nginx.conf").render(rules=nginx, marker=MARKER),
        encoding="utf-8")


def _nginx_quote(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'
