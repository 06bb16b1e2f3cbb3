"""``invoke import-wordpress``: read, plan, convert, then write everything at once.

Nothing is written until every item has been read and converted, so a broken
export or a ``--strict`` failure leaves content/ exactly as it was.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.utils import slugify
from thoughtful.comments.store import split_header

from . import dates, redirects
from .body import BodyConverter
from .comments import convert_comments
from .media import MediaLibrary, dated_name
from .report import KEPT, SKIPPED, Entry, Report
from .statuses import dispose
from .writer import Writer
from .wxr import ExportError, WPExport, WPItem, read_export

# Page slugs that would shadow the site's own folders (pages are served at /<slug>/).
RESERVED_PAGE_SLUGS = {"category", "tag", "author", "feeds", "archives", "categories", "tags",
                       "authors", "drafts", "images", "theme", "cards", "comments", "page"}
_UNSAFE_SLUG = re.compile(r"[/\\?#%\x00-\x1f\x7f]+")


class ImportFailed(Exception):
    """The import stopped before writing anything; the message says why."""


@dataclass
class Planned:
    """One post or page as it will be written."""

    item: WPItem
    kind: str  # article / page
    status: str  # published / draft
    entry: Entry
    title: str
    slug: str
    date: datetime
    relative: str  # posts/2019-05-03-slug.md
    url: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Options:
    """What the task was asked to do."""

    export: Path
    content: Path
    state: Path  # wordpress-import/ beside content/: report and manifest
    settings: dict
    media: Path | None = None
    dry_run: bool = False
    strict: bool = False
    force: bool = False


def run_import(options: Options) -> Report:
    """Import ``options.export`` into ``options.content``; returns the report.

    Raises :class:`ImportFailed` (nothing written) for a broken export, or with
    ``strict`` when anything would be lost.
    """
    try:
        export = read_export(options.export)
    except ExportError as err:
        raise ImportFailed(str(err)) from None
    hosts = _hosts(export)
    try:
        media = MediaLibrary(options.media, hosts)
    except FileNotFoundError as err:
        raise ImportFailed(str(err)) from None
    try:
        return _run(options, export, media, hosts)
    finally:
        media.close()


def _run(options: Options, export: WPExport, media: MediaLibrary, hosts: set[str]) -> Report:
    """Plan every item, convert it, then decide and make every write (or none)."""
    settings = options.settings
    timezone = settings["TIMEZONE"]
    report = Report(source=str(options.export), dry_run=options.dry_run)
    report.general += export.notes
    attachments = {i.id: i for i in export.items if i.type == "attachment"}
    reusable = {i.id: i.content for i in export.items if i.type == "wp_block"}

    own, taken = _existing(options.content, settings)
    planned = _plan(export, options.content, settings, own, taken, report, hosts)
    link_target = _link_map(planned, hosts)
    # Addresses this site serves itself: an old WordPress address there is not redirected.
    site_paths = {f"/{settings['PAGE_URL'].format(slug=s)}" for s in taken["page"]}
    site_paths |= {f"/{s}/" for s in RESERVED_PAGE_SLUGS}
    converter = BodyConverter(media, attachments, reusable, link_target)
    files: dict[str, bytes] = {}
    owners: dict[str, Entry] = {}
    categories: dict[str, str] = {}
    tags: dict[str, str] = {}
    for plan in planned:
        item = plan.item
        converter.copies_media = plan.status == "published"
        converted = converter.convert(item.content, item.id, item.excerpt)
        plan.entry.losses += converted.losses
        plan.entry.notes += converted.notes
        if plan.status == "published":
            plan.aliases = _aliases(plan, hosts, site_paths)
            if plan.kind == "article":
                categories.update({s: n for s, n in item.categories if s and n})
                tags.update({s: n for s, n in item.tags if s and n})
        share_image = _share_image(item, attachments, media, plan.entry) \
            if plan.status == "published" else ("", "")
        text = _post_file(plan, converted.markdown, converted.summary, share_image)
        files[plan.relative] = text.encode("utf-8")
        owners[plan.relative] = plan.entry
        _comments(plan, timezone, report, files, owners)
    report.media_missing = sorted({loss for e in report.entries for loss in e.losses
                                   if loss.endswith("still points at WordPress")})
    for relative in sorted(media.used):
        files[relative] = media.read(relative)
    report.media_unused = len(media.unused())
    if categories or tags:
        files["redirects.txt"] = redirects.site_lines(categories, tags).encode("utf-8")

    writer = Writer(options.content, options.state, force=options.force)
    try:
        actions = writer.decide(files)
    except ValueError as err:  # a name that would leave content/
        raise ImportFailed(str(err)) from None
    for relative, action in sorted(actions.items()):
        report.files[action] += 1
        if action == KEPT:
            report.kept_files.append(relative)
        entry = owners.get(relative)
        if entry is not None and relative == entry.path:  # the post's own file, not a comment
            entry.outcome = action
    if options.strict and report.losses:
        raise ImportFailed(report.format() + "--strict: nothing was written because of the "
                                             "losses above")
    if not options.dry_run:
        writer.commit(files, actions)
        (options.state / "report.txt").write_text(report.format(), encoding="utf-8")
        (options.state / "report.json").write_text(report.to_json(), encoding="utf-8")
    return report


def _link_map(planned: list[Planned], hosts: set[str]) -> Callable[[str], str | None]:
    """``link_target`` for the body converter: an old link -> ``{filename}`` of the new file,
    "" for an item not published here, None for anything not on the old blog."""
    by_path, by_id = {}, {}
    for plan in planned:
        target = f"{{filename}}/{plan.relative}" if plan.status == "published" else ""
        by_id[plan.item.id] = target
        path = redirects.link_path(plan.item.link, hosts)
        if path:
            by_path[path.rstrip("/")] = target

    def link_target(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.hostname and parts.hostname.lower() not in hosts:
            return None
        query = dict(p.partition("=")[::2] for p in parts.query.split("&") if p)
        found = next((by_id[query[k]] for k in ("p", "page_id") if query.get(k) in by_id),
                     by_path.get(unquote(parts.path).rstrip("/")))
        if found is None:
            return None
        return found + (f"#{parts.fragment}" if found and parts.fragment else "")

    return link_target


def _aliases(plan: Planned, hosts: set[str], site_paths: set[str]) -> list[str]:
    """The old addresses of a published item for its Aliases: line."""
    item = plan.item
    found = []
    for alias in redirects.old_paths(item.link, item.meta.get("_wp_old_slug", []), hosts,
                                     plan.url, item.meta.get("_wp_old_date", [])):
        if alias in site_paths:
            plan.entry.notes.append(f"old address {alias} is a page of this site already: "
                                    "not redirected")
        else:
            found.append(alias)
    return found


def _hosts(export: WPExport) -> set[str]:
    hosts = set()
    for url in [export.base_url] + [i.link for i in export.items[:50]]:
        host = urlsplit(url).hostname
        if host and host != "wordpress.com":
            hosts.add(host.lower())
    return hosts


def _existing(content: Path, settings: dict) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Posts and pages already in content/: which an earlier import made (Wp-Id -> file)
    and every slug taken by anything else."""
    own: dict[str, str] = {}
    taken: dict[str, set[str]] = {"article": set(), "page": set()}
    for kind, folder in (("article", "posts"), ("page", "pages")):
        for path in sorted((content / folder).rglob("*.md")):
            relative = path.relative_to(content).as_posix()
            try:
                meta, _ = split_header(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                meta = {}
            if meta.get("wp-id"):
                own[f"{kind}:{meta['wp-id']}"] = relative
                continue
            slug = meta.get("slug") or _slugify(meta.get("title") or path.stem, settings)
            taken[kind].add(slug)
    return own, taken


def _slugify(text: str, settings: dict) -> str:
    return slugify(text, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=True)


def _plan(export: WPExport, content: Path, settings: dict, own: dict[str, str],
          taken: dict[str, set[str]], report: Report, hosts: set[str]) -> list[Planned]:
    planned: list[Planned] = []
    for item in export.items:
        if item.type == "feedback":
            report.feedback += 1  # counted only: its title and text are other people's
            continue
        decision = dispose(item)
        entry = Entry(item.id, item.type, item.status, _title(item.title) or "")
        report.entries.append(entry)
        moment = dates.instant(item.date, item.date_gmt, settings["TIMEZONE"])
        if not decision.kind or moment is None:
            reason = decision.reason if not decision.kind else "no date WordPress recorded"
            entry.outcome, entry.reason = SKIPPED, reason
            if decision.kind:
                entry.losses.append("not imported: no usable date")
            # e.g. comments on a trashed post or an attachment page: counted, not written
            report.comments_read += len(item.comments)
            if item.comments:
                report.comments[f"skipped: {reason}"] += len(item.comments)
            continue
        entry.reason = decision.reason
        title = entry.title
        if not title:
            title = _untitled(item)
            entry.title = title
            entry.notes.append(f"had no title; titled {title!r}")
        slug = _slug(item, title, settings, entry)
        kind = decision.kind
        existing = own.get(f"{kind}:{item.id}")
        if existing:
            relative = existing
            slug = _slug_of_own(content / existing) or slug
        else:
            base, number = slug, 2
            while slug in taken[kind] or (kind == "page" and slug in RESERVED_PAGE_SLUGS):
                slug = f"{base}-{number}"
                number += 1
            if slug != base:
                entry.notes.append(f"slug {base!r} is taken here; imported as {slug!r}")
            folder = "posts" if kind == "article" else "pages"
            stem = f"{moment:%Y-%m-%d}-{slug}" if kind == "article" else slug
            relative = f"{folder}/{stem}.md"
            number = 2
            while (content / relative).exists():
                relative = f"{folder}/{stem}-{number}.md"
                number += 1
        taken[kind].add(slug)
        pattern = settings["ARTICLE_URL"] if kind == "article" else settings["PAGE_URL"]
        url = pattern.format(slug=slug, date=moment)
        entry.path = relative
        planned.append(Planned(item, kind, decision.status, entry, title, slug, moment,
                               relative, url))
    return planned


def _slug_of_own(path: Path) -> str:
    meta, _ = split_header(path.read_text(encoding="utf-8"))
    return meta.get("slug", "")


def _title(raw: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", raw))
    return " ".join(text.split())


def _untitled(item: WPItem) -> str:
    words = html.unescape(re.sub(r"<[^>]+>|\[[^\]]*\]", " ", item.content)).split()
    if words:
        return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return f"Untitled {item.type} {item.id}"


def _slug(item: WPItem, title: str, settings: dict, entry: Entry) -> str:
    raw = item.name
    if raw.endswith("__trashed"):
        raw = raw[: -len("__trashed")]
    decoded = unquote(raw)
    slug = _UNSAFE_SLUG.sub("-", decoded).strip("-. ")
    if slug and slug != decoded:
        entry.notes.append(f"slug {decoded!r} had characters a URL path cannot keep; "
                           f"now {slug!r}")
    if not slug:
        slug = _slugify(title, settings) or f"{item.type}-{item.id}"
        if item.status == "publish":
            entry.notes.append(f"had no slug; given {slug!r}")
    return slug


def _header_value(text: str) -> str:
    return " ".join(str(text).split())


def _post_file(plan: Planned, markdown: str, summary: str, share: tuple[str, str]) -> str:
    item = plan.item
    lines = [f"Title: {_header_value(plan.title)}", f"Date: {dates.written(plan.date)}"]
    if plan.kind == "article":
        names = [n for _, n in item.categories if n]
        if names:
            lines.append(f"Category: {_header_value(names[0])}")
        tag_names = [n for _, n in item.tags if n] + names[1:]
        if names[1:]:
            plan.entry.notes.append("more than one category: " + ", ".join(names[1:])
                                    + " carried as tags")
        if tag_names:
            lines.append("Tags: " + ", ".join(_header_value(t).replace(",", " ")
                                              for t in tag_names))
    lines.append(f"Slug: {plan.slug}")
    if plan.status == "draft":
        lines.append("Status: draft")
    if summary:
        lines.append(f"Summary: {_header_value(summary)}")
    if share[0]:
        lines.append(f"Share_image: {share[0]}")
        if share[1]:
            lines.append(f"Share_image_alt: {_header_value(share[1])}")
    if item.comment_status == "closed" or (plan.kind == "page" and item.comments):
        lines.append(f"Comments: {'closed' if item.comment_status == 'closed' else 'open'}")
    if plan.aliases:
        lines.append("Aliases: " + ", ".join(plan.aliases))
    lines.append(f"Wp-Id: {item.id}")
    return "\n".join(lines) + "\n\n" + markdown


def _share_image(item: WPItem, attachments: dict[str, WPItem], media: MediaLibrary,
                 entry: Entry) -> tuple[str, str]:
    thumbnail = (item.meta.get("_thumbnail_id") or [""])[0]
    if not thumbnail:
        return "", ""
    attachment = attachments.get(thumbnail)
    if attachment is None or not attachment.attachment_url:
        entry.losses.append(f"featured image {thumbnail} is not in the export")
        return "", ""
    local = media.find(attachment.attachment_url)
    if local is None:
        entry.losses.append(f"featured image {dated_name(attachment.attachment_url)} is not in "
                            "the media export: it still points at WordPress")
        return "", ""
    alt = (attachment.meta.get("_wp_attachment_image_alt") or [""])[0]
    return local.relative, alt


def _comments(plan: Planned, timezone: str, report: Report, files: dict[str, bytes],
              owners: dict[str, Entry]) -> None:
    comments = plan.item.comments
    report.comments_read += len(comments)
    if not comments:
        return
    if plan.status != "published":
        report.comments[f"skipped: {plan.kind} is kept as a draft"] += len(comments)
        plan.entry.notes.append(f"{len(comments)} comment(s) not imported: not published here")
        return
    folder = "comments/" + plan.url.strip("/")
    result = convert_comments(comments, folder, timezone, dates.written(plan.date))
    for relative, text in result.files.items():
        files[relative] = text.encode("utf-8")
    report.comments["written"] += len(result.files)
    for _comment_id, reason in result.skipped:  # counted, never named: they stay private
        report.comments[f"skipped: {reason}"] += 1
    report.comment_notes += [f"{plan.item.type} {plan.item.id}: {n}" for n in result.notes]
