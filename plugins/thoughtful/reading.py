"""Word count and reading time, worked out once per post when Pelican reads it.

The theme shows "N min read" on every summary and post, and the share half puts the
word count into JSON-LD. Counting the rendered words in a template costs a regex pass
over the whole post on every page that lists it (a post on 20 list pages was counted
20 times); here it is counted once per post per build, when Pelican makes the post.
"""

from __future__ import annotations

import math
import re
from typing import Any

WORDS_PER_MINUTE = 220
_TAG = re.compile(r"<[^>]+>")


def word_count(html: str) -> int:
    """Words in ``html``: tags dropped, split on whitespace (what a reader would count)."""
    return len(_TAG.sub(" ", html).split())


def reading_minutes(words: int, per_minute: int = WORDS_PER_MINUTE) -> int:
    """Minutes to read ``words`` at ``per_minute``, rounded up, never less than one."""
    return max(1, math.ceil(words / per_minute))


def annotate(instance: Any) -> None:
    """``content_object_init`` handler: set ``word_count`` and ``reading_minutes``.

    Both halves of the plugin connect it; blinker keeps one connection per function,
    so it runs once per post whichever halves are on.
    """
    html = getattr(instance, "_content", None)
    if html is None:
        return
    instance.word_count = word_count(html)
    instance.reading_minutes = reading_minutes(instance.word_count)
