"""Settings of the ``thoughtful.parallel`` half: every default in one dict."""

from thoughtful.config import of_type

DEFAULTS = {
    # Processes that render pages, the main one included. None: one per CPU this
    # process may use. 1 turns parallel rendering off.
    "THOUGHTFUL_PARALLEL_WORKERS": None,
    # Below this many articles and pages the site is rendered in one process:
    # starting the others would cost more than it saves.
    "THOUGHTFUL_PARALLEL_MIN_ITEMS": 200,
}


def _positive_or_none(value):
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return None
    return f"expected a whole number of at least 1, or None, got {value!r}"


VALIDATORS = {
    "THOUGHTFUL_PARALLEL_WORKERS": _positive_or_none,
    "THOUGHTFUL_PARALLEL_MIN_ITEMS": of_type(int),
}

PLUGIN = "thoughtful.parallel"
KEY = "THOUGHTFUL_PARALLEL"  # this build's Plan, kept on the settings
