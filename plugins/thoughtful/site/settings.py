"""Settings of the ``thoughtful.site`` half: every default in one dict.

Set any of these in pelicanconf.py to change it; a wrong value is reported by
name and the default is used.
"""

from thoughtful.config import of_type

DEFAULTS = {
    # Reject dates that are not full dates ("2024", "Tuesday"): Pelican would
    # silently fill in the missing parts from today's date.
    "THOUGHTFUL_SITE_CHECK_DATES": True,
    # Report two files that would be written to the same URL, and skip the
    # later one, instead of stopping the whole build.
    "THOUGHTFUL_SITE_CHECK_COLLISIONS": True,
    # Redirects that belong to no post (old feeds, archives): OLD-PATH TARGET lines,
    # relative to PATH (content/). Posts list their own old paths in Aliases:.
    "THOUGHTFUL_SITE_REDIRECTS_FILE": "redirects.txt",
}

VALIDATORS = {
    "THOUGHTFUL_SITE_CHECK_DATES": of_type(bool),
    "THOUGHTFUL_SITE_CHECK_COLLISIONS": of_type(bool),
    "THOUGHTFUL_SITE_REDIRECTS_FILE": of_type(str),
}

# The loaded settings are kept on the build's settings under this name.
KEY = "THOUGHTFUL_SITE"
PLUGIN = "thoughtful.site"
