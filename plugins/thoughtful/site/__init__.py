"""The ``thoughtful.site`` half: content checks that name the file and the field.

Bad input never stops the site: the one file is skipped with an ERROR such as
``content/posts/x.md: date: '2024' is not a full date (...)`` and everything
else builds. ``pelican --fatal warnings`` (``invoke build --strict``, publish)
turns those errors into a failed build.

- readers.py     full dates, non-empty titles, invalid UTF-8 named by file and line
- collisions.py  two files with one URL: both named, the later one skipped
- settings.py    this half's settings and their defaults
- ../reading.py  word count and reading time, once per post (the theme shows them)
- tables.py      table alignment as classes, not style attributes the CSP would block
- typography.py  smarty's curly quotes and dashes, without trying patterns that cannot match
- headers.py     the security headers and Content-Security-Policy every half adds to,
                 as output/_headers, output/_nginx.conf and a <meta> in each page
- redirects.py   old addresses (Aliases:, content/redirects.txt) -> redirect pages
- taxonomy.py    tag, category, author and period archive pages planned in linear time
                 (Pelican's loops are quadratic: over ten seconds per build at 10,000 posts)
- urls.py        each item's url and save_as worked out once per build, not on every read
"""

from pathlib import Path
from typing import Any

from jinja2 import pass_context
from pelican import signals

from thoughtful import config, reading

from . import collisions, headers, readers, redirects, tables, taxonomy, typography, urls
from .settings import DEFAULTS, KEY, PLUGIN, VALIDATORS, State


def load_settings(pelican) -> None:
    """``initialized`` handler: validate this half's settings once per build."""
    if PLUGIN in (pelican.settings.get("PLUGINS") or []):
        cfg = config.load(pelican.settings, DEFAULTS, VALIDATORS)
        pelican.settings[KEY] = State(cfg=cfg, policy=headers.Policy())
        pelican.settings[KEY].policy.add(cfg["THOUGHTFUL_SITE_CSP_EXTRA"])
        tables.use_align_classes(pelican.settings)
        typography.use_quick_smarty(pelican.settings)


def _meta_policy(state: State):
    @pass_context
    def content_security_policy(ctx: Any) -> str:
        """The CSP of the page being rendered, for base.html's <meta http-equiv>."""
        return state.policy.meta(str(ctx.get("output_file", "")))

    return content_security_policy


def on_generator_init(generator) -> None:
    """Give base.html ``content_security_policy()`` in builds that publish (absolute SITEURL)."""
    state, env = generator.settings.get(KEY), getattr(generator, "env", None)
    siteurl = generator.settings.get("SITEURL") or ""
    if state is None or env is None or not state.cfg["THOUGHTFUL_SITE_HEADERS"]:
        return
    # A preview (SITEURL "") has none: the livereload script comes from another port.
    if siteurl.startswith(("http://", "https://")):
        env.globals["content_security_policy"] = _meta_policy(state)


def write_headers(pelican) -> None:
    """``finalized`` handler: write output/_headers and output/_nginx.conf."""
    state = pelican.settings.get(KEY)
    if state is not None and state.cfg["THOUGHTFUL_SITE_HEADERS"]:
        headers.write(Path(pelican.output_path), Path(pelican.settings["PATH"]), state.policy)
    if state is not None:
        state.policy.paths.clear()  # the next build in this process adds its own again


def register() -> None:
    """Connect the content checks to Pelican's signals."""
    signals.initialized.connect(load_settings)
    signals.generator_init.connect(on_generator_init)
    signals.generator_init.connect(taxonomy.linear_archives)
    signals.finalized.connect(write_headers)
    signals.content_object_init.connect(reading.annotate)
    signals.readers_init.connect(readers.use_strict_readers)
    signals.article_generator_pretaxonomy.connect(collisions.check_articles)
    signals.page_generator_finalized.connect(collisions.check_pages)
    signals.article_generator_finalized.connect(taxonomy.index_members)
    signals.all_generators_finalized.connect(redirects.collect)
    signals.finalized.connect(redirects.write)
    urls.install()
    signals.all_generators_finalized.connect(urls.freeze)
    signals.finalized.connect(urls.thaw)
