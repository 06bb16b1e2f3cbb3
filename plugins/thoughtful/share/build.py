"""One build of the share half: plan records and cards, draw, copy, validate.

A ``ShareBuild`` lives in the Pelican settings (key ``THOUGHTFUL_SHARE``)
from the ``initialized`` signal on; ``begin`` and ``finish`` run once per build.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from PIL import Image

from thoughtful.content import KIND, written_items
from thoughtful.paths import OutsideError, cache_root, inside
from thoughtful.share import meta, validate
from thoughtful.share.cards import fonts
from thoughtful.share.cards.cache import CardSet
from thoughtful.share.report import say
from thoughtful.share.settings import card_layout

log = logging.getLogger(__name__)


class ShareBuild:
    """Everything the share half knows about the build in progress."""

    def __init__(self, settings: dict[str, Any], config: dict[str, Any]) -> None:
        self.settings = settings
        self.config = config
        self.env = None  # a generator's Jinja environment, for the preview page
        self.records: dict[str, dict[str, Any]] = {}  # output path -> share record
        self.problems: dict[str, list[str]] = defaultdict(list)  # source -> messages
        self.cards: CardSet | None = None
        self.site_image: dict[str, Any] = {}
        self.card_sources: dict[str, str] = {}  # card name -> the file it was drawn for
        self._drawing_pid: int | None = None  # the process that starts drawing, until it does
        # The live preview renders one page at a time and never draws cards (its background
        # build does): records are then made when a page asks for one, not all at `begin`.
        self.on_demand = False
        self._items: dict[str, tuple[Any, str]] = {}  # output path -> (item, kind)
        self._indexes: set[str] = set()  # index pages whose text was checked
        # A build keeps only each page's image (its card) from `begin`, where its text is
        # checked, to the end; the full record is made when the page is rendered and let go
        # (~9 KB a post: 90 MB at 10,000 posts). The preview and the card preview page keep
        # every record.
        # output -> (a card's name or an image record, source)
        self._planned: dict[str, tuple[str | dict[str, Any], str]] = {}
        self._last: tuple[str, dict[str, Any]] | None = None  # the page being rendered

    def __reduce__(self) -> tuple:
        # Pelican's content cache pickles articles, and with them the settings that hold
        # this object: store a placeholder, never the Jinja environment or the worker pool.
        return (str, ("ShareBuild (not cached)",))

    # --- the start of a build: after Pelican read every file ---------------
    def begin(self, generators: list[Any]) -> None:
        """Make the records of every article and page, and plan their cards."""
        if self.cards is not None:
            self.cards.close()  # the previous build in this process (pelican -r) failed
        s = self.settings
        self.records, self.problems, self.card_sources = {}, defaultdict(list), {}
        self.site = meta.Site(
            url=(s.get("SITEURL") or self.config["SHARE_SITEURL"]).rstrip("/"),
            name=s.get("SITENAME", ""),
            subtitle=s.get("SITESUBTITLE") or "",
            locale=self.config["SHARE_LOCALE"],
            lang=s.get("DEFAULT_LANG", "en"),
            config=self.config,
        )
        self.content = Path(s["PATH"])
        cache = cache_root(s) / "cards"
        layout = card_layout(self.config["SHARE_CARD_LAYOUT"])
        self.cards = CardSet(cache, Path(s["OUTPUT_PATH"]), layout,
                             self.config["SHARE_CARD_FONTS"], self.config["SHARE_CARD_WORKERS"])
        self.logo = self._local_file(layout["logo"], "SHARE_CARD_LAYOUT", "logo") \
            if layout["logo"] else None

        items = [
            (item, kind)  # every page Pelican writes gets a record (thoughtful.content)
            for generator in generators
            for cls, kind in KIND.items()
            if isinstance(generator, cls)
            for item in written_items(generator)
        ]
        for item, _ in items:
            for author in getattr(item, "authors", []):
                self.site.author_pages.setdefault(author.name, self.site.absolute(author.url))
        # Not written (say, drafts in a published build): no page to share, no record.
        self._items = {item.save_as: (item, kind) for item, kind in items if item.save_as}
        self._planned, self._last, self._indexes = {}, None, set()
        if not self.on_demand:
            for output, (item, kind) in self._items.items():
                self._plan(output, item, kind)
            if self.keeps_records:
                for output in self._items:
                    self._make(output)
        self.site_image = self._card(
            title=self.site.name, source="(site card)",
            byline=self.site.subtitle, site=self.site.url.split("://", 1)[-1],
        )
        # Drawing starts when the first page is rendered here (record_for), not now:
        # thoughtful.parallel forks its page workers just before that first page, and a
        # process should not fork while a pool's threads run.
        self._drawing_pid = None if self.on_demand else os.getpid()

    @property
    def keeps_records(self) -> bool:
        """Whether every record stays until the end (the preview; the card preview page)."""
        return self.on_demand or bool(self.config["SHARE_PREVIEW_PAGE"])

    def _plan(self, output: str, item: Any, kind: str) -> None:
        """Plan the card of the item written at ``output`` and check its text, here in the
        build's own process, in Pelican's order (page workers would report out of order)."""
        source = item.relative_source_path  # a relpath each time it is read: once
        image = self._image_for(item, source)
        # Until the page renders, a card is kept as its name, not its whole image record
        # (at 10,000 posts the records would hold ~8 MB of strings for nothing).
        self._planned[output] = (image["url"].rsplit("/", 1)[1] if image["generated"]
                                 else image, source)
        record = {"kind": kind, "source": source, "title": str(item.title),
                  "description": meta.describe(item, self.site),  # made again when rendered:
                  "url": self.site.absolute(item.url), "image": image}  # cheaper than kept
        self._report(record, validate.check_text(record) + self._url_problems(record))

    def _make(self, output: str) -> dict[str, Any]:
        """The record (and the planned card) of the item written at ``output``."""
        item, kind = self._items[output]
        if output in self._planned:  # at `begin`
            image, source = self._planned[output]
            if isinstance(image, str):  # a card's name
                image = self._card_image(image, str(item.title))
        else:
            source = item.relative_source_path  # a relpath each time it is read: once
            image = self._image_for(item, source)
        record = meta.content_record(item, kind, image, self.site, source)
        if self.keeps_records:
            self.records[record["output"]] = record
        return record

    def _byline(self, item: Any) -> str:
        by = self.cards.layout["byline"]
        values = {
            "author": ", ".join(a.name for a in getattr(item, "authors", [])),
            "date": getattr(item, "locale_date", "") if hasattr(item, "date") else "",
            "category": getattr(getattr(item, "category", None), "name", ""),
            "series": str(item.metadata.get("series", "")),
        }
        values["series_or_category"] = values["series"] or values["category"]
        return by["separator"].join(values[f] for f in by["fields"] if values.get(f))

    def _image_for(self, item: Any, source: str) -> dict[str, Any]:
        own = item.metadata.get("share_image")
        if own:
            image = self._own_image(str(own), source)
            if image:
                image["alt"] = str(item.metadata.get("share_image_alt") or item.title)
                return image
        background = item.metadata.get("card_background")
        background_path = (self._local_file(str(background), source, "card_background")
                           if background else None)
        return self._card(title=str(item.title), source=source, byline=self._byline(item),
                          site=self.site.name, background=background_path)

    def _card(self, title: str, source: str, byline: str, site: str,
              background: str | None = None) -> dict[str, Any]:
        chains = self.cards.chains
        lost = fonts.missing(title, chains["title"]) + fonts.missing(byline + site, chains["text"])
        if lost:
            self.warn(source, "title", f"no card font has the characters {lost!r}; "
                      "the card leaves them out (add a font to SHARE_CARD_FONTS)")
        name = self.cards.add(title, site, byline, background, self.logo)
        self.card_sources.setdefault(name, source)
        return self._card_image(name, title)

    def _card_image(self, name: str, alt: str) -> dict[str, Any]:
        """The image record of the generated card ``name``."""
        width, height = self.cards.layout["size"]
        folder = self.config["SHARE_CARDS_URL"].strip("/")
        return {"url": f"{self.site.url}/{folder}/{name}", "output_path": f"{folder}/{name}",
                "width": width, "height": height, "type": "image/png", "alt": alt,
                "generated": True}

    def _local_file(self, value: str, source: str, field: str) -> str | None:
        """A file named in metadata or settings, relative to content/; None (and a warning) if
        it is missing or outside content/."""
        relative = value.replace("{static}", "").replace("{attach}", "").lstrip("/")
        try:
            path = inside(self.content / relative, self.content)
        except OutsideError:
            self.warn(source, field, f"{value!r} points outside the content folder; ignored")
            return None
        if not path.is_file():
            self.warn(source, field, f"{value!r} does not exist under content/; ignored")
            return None
        return str(path)

    def _own_image(self, value: str, source: str) -> dict[str, Any] | None:
        """The record of an image a post names itself (with its real size), or None."""
        if value.startswith(("https://", "http://")):
            kind = mimetypes.guess_type(value)[0] or ""
            return {"url": value, "output_path": "", "width": 0, "height": 0, "type": kind,
                    "generated": False}
        path = self._local_file(value, source, "share_image")
        if path is None:
            return None
        try:
            with Image.open(path) as picture:
                width, height = picture.size
                kind = Image.MIME.get(picture.format or "", "")
        except OSError as err:
            self.warn(source, "share_image", f"{value!r} is not an image Pillow can read ({err})")
            return None
        relative = Path(path).relative_to(self.content.resolve()).as_posix()
        return {"url": f"{self.site.url}/{relative}", "output_path": relative, "width": width,
                "height": height, "type": kind, "generated": False}

    def _start_drawing(self) -> None:
        """Start the card pool once, in the build's own process (not in a page worker)."""
        if self._drawing_pid == os.getpid():
            self._drawing_pid = None
            self.cards.start()

    def forget(self, output: str) -> None:
        """The item written at ``output`` changed in place (the live preview read its file
        again): its record is made anew when next asked for."""
        self.records.pop(output, None)
        self._planned.pop(output, None)
        self._last = None

    # --- while templates render ---------------------------------------------
    def record_for(self, ctx: Any) -> dict[str, Any]:
        """The record of the page being rendered, from its template context."""
        self._start_drawing()
        item = ctx.get("article") or ctx.get("page")
        record = self.records.get(item.save_as) if item is not None else None
        if record is None and self._last is not None and item is not None \
                and self._last[0] == item.save_as:
            record = self._last[1]  # the templates ask more than once per page
        if record is None and item is not None and item.save_as in self._items:
            record = self._make(item.save_as)
            if not self.keeps_records:
                self._last = (item.save_as, record)
        if record is None:
            record = meta.index_record(ctx, self.site_image, self.site)
            if record["output"] not in self._indexes:
                self._indexes.add(record["output"])
                if self.keeps_records:
                    self.records[record["output"]] = record
                # Checked here, not at the end: with thoughtful.parallel this page may be
                # rendered in another process, whose warnings reach the build log.
                self._report(record, validate.check_text(record) + self._url_problems(record))
        return record

    # --- the end of a build: after Pelican wrote every file ------------------
    def finish(self) -> None:
        """Wait for the cards, copy them into the output, check every record, log a summary."""
        if self.cards is None:
            return
        self._start_drawing()  # no page was rendered in this process
        seconds = self.cards.finish()
        self.cards.copy_into_output(self.config["SHARE_CARDS_URL"].strip("/"))
        cards = self.cards
        for name, error in cards.errors.items():
            self.warn(self.card_sources.get(name, name), "card", f"could not be drawn: {error}")
        if cards.results:
            way = f"{cards.workers} worker processes" if cards.pooled else "in-process"
            say(log, "Share cards: %d drawn in %.2f s (%.1f ms CPU each, %s), %d reused",
                len(cards.results), seconds, cards.cpu_ms_per_card, way, cards.reused)
        else:
            say(log, "Share cards: 0 drawn, %d reused", cards.reused)
        self.check()
        if self.config["SHARE_PREVIEW_PAGE"]:
            from thoughtful.share import preview

            page = preview.write(self)
            say(log, "Share card preview: %s", page)

    def check(self) -> None:
        """Check every page's image; each problem is a warning naming the source file."""
        output = Path(self.settings["OUTPUT_PATH"])
        checked: dict[str, list[str]] = {}
        # The text of every page was checked: articles and pages at `begin`, index pages
        # when rendered (record_for). Their images are checked now that the cards exist.
        for image, source in self._planned.values():
            if isinstance(image, str):  # a card's name
                image = self._card_image(image, "")
            key = image.get("output_path") or image["url"]
            if key not in checked:
                checked[key] = validate.check_image(image, output)
            for problem in checked[key]:
                self.warn(source, *problem.split(": ", 1))
        # Every index page shares the site card.
        for problem in validate.check_image(self.site_image, output):
            self.warn("(site card)", *problem.split(": ", 1))

    def _url_problems(self, record: dict[str, Any]) -> list[str]:
        return validate.check_url(record, self.settings.get("SITEURL", ""))

    def _report(self, record: dict[str, Any], problems: list[str]) -> None:
        for problem in problems:
            field, _, message = problem.partition(": ")
            self.warn(record["source"], field, message)

    def warn(self, source: str, field: str, message: str) -> None:
        """Log a warning naming the file and the field (``--fatal warnings`` fails on it)."""
        self.problems[source].append(f"{field}: {message}")
        log.warning("Share: %s: %s: %s", source, field, message)
