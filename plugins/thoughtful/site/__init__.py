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
- redirects.py   old addresses (Aliases:, content/redirects.txt) -> redirect pages
"""

from pelican import signals

from thoughtful import config, reading

from . import collisions, readers, redirects, tables
from .settings import DEFAULTS, KEY, PLUGIN, VALIDATORS


def load_settings(pelican) -> None:
    """``initialized`` handler: validate this half's settings once per build."""
    if PLUGIN in (pelican.settings.get("PLUGINS") or []):
        pelican.settings[KEY] = config.load(pelican.settings, DEFAULTS, VALIDATORS)
        tables.use_align_classes(pelican.settings)


def register() -> None:
    """Connect the content checks to Pelican's signals."""
    signals.initialized.connect(load_settings)
    signals.content_object_init.connect(reading.annotate)
    signals.readers_init.connect(readers.use_strict_readers)
    signals.article_generator_pretaxonomy.connect(collisions.check_articles)
    signals.page_generator_finalized.connect(collisions.check_pages)
    signals.all_generators_finalized.connect(redirects.collect)
    signals.finalized.connect(redirects.write)
