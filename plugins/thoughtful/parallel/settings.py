"""Settings of the ``thoughtful.parallel`` half: every default in one dict."""

from thoughtful.config import of_type

DEFAULTS = {
    # Processes that read posts and render pages, the main one included. None: one
    # per CPU this process may use (at most 4). 1 turns all of it off.
    "THOUGHTFUL_PARALLEL_WORKERS": None,
    # Below this many posts and pages to read or render, one process does it:
    # starting the others would cost more than it saves.
    "THOUGHTFUL_PARALLEL_MIN_ITEMS": 200,
    # Seconds a worker may still take once the main process has done its own share.
    # Shares are even, so a worker this late is stuck: it is stopped, its Python
    # stack is shown and the build fails (it never waits forever).
    "THOUGHTFUL_PARALLEL_TIMEOUT": 300,
}


def _positive_or_none(value):
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return None
    return f"expected a whole number of at least 1, or None, got {value!r}"


def _positive_seconds(value):
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return None
    return f"expected a number of seconds above 0, got {value!r}"


VALIDATORS = {
    "THOUGHTFUL_PARALLEL_WORKERS": _positive_or_none,
    "THOUGHTFUL_PARALLEL_MIN_ITEMS": of_type(int),
    "THOUGHTFUL_PARALLEL_TIMEOUT": _positive_seconds,
}

PLUGIN = "thoughtful.parallel"
KEY = "THOUGHTFUL_PARALLEL"  # this build's Plan, kept on the settings
