"""The site's own Pelican plugin, in four parts ("halves") a site enables separately.

    PLUGINS = ["thoughtful.site", "thoughtful.share", "thoughtful.comments",
               "thoughtful.parallel"]

- ``thoughtful.site``: content checks (bad dates, missing titles, colliding
  slugs) that name the file and the field, and keep the rest of the site building.
- ``thoughtful.share``: share meta (Open Graph, X, JSON-LD), card images, share links.
- ``thoughtful.comments``: the "Leave a Reply" section, static comments, backends.
- ``thoughtful.parallel``: reading and rendering on every core, failing cleanly.

Shared by all of them: ``content.py`` (what Pelican writes), ``paths.py`` (the one
path guard and cache location), ``config.py`` (settings checked once, by name).

Each half keeps its settings' defaults in its own ``settings.py`` and its markup
in its own ``templates/`` folder, which the theme can override.
"""


def register() -> None:
    """Loading the package alone enables nothing; name the halves in PLUGINS."""
