"""The site's own Pelican plugin, in three halves a site enables separately.

    PLUGINS = ["thoughtful.site", "thoughtful.share", "thoughtful.comments"]

- ``thoughtful.site``: content checks (bad dates, missing titles, colliding
  slugs) that name the file and the field, and keep the rest of the site building.
- ``thoughtful.share``: share meta (Open Graph, X, JSON-LD), card images, share links.
- ``thoughtful.comments``: the "Leave a Reply" section, static comments, backends.

Each half keeps its settings' defaults in its own ``settings.py`` and its markup
in its own ``templates/`` folder, which the theme can override.
"""


def register() -> None:
    """Loading the package alone enables nothing; name the halves in PLUGINS."""
