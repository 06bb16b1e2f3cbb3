"""What counts as a full date in a post's ``Date:`` or ``Modified:`` field.

Pelican hands dates to dateutil with today's date as the default, so "2024"
becomes today's month and day in 2024 and "Tuesday" becomes some Tuesday near
today: a post silently moves in the archive. We accept only full dates.
"""

import datetime
import re

DATE_FIELDS = ("date", "modified")
HINT = "use YYYY-MM-DD or YYYY-MM-DD HH:MM"

# YYYY-MM-DD, optionally a time (HH:MM, seconds, fractions) and a UTC offset.
_FULL_DATE = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a full date, or None when it is one.

    >>> date_problem("2024")
    "'2024' is not a full date (use YYYY-MM-DD or YYYY-MM-DD HH:MM)"
    """
    # Pelican reads "2024-05-02_10:00" (from file names) as a space.
    text = " ".join(value.replace("_", " ").split())
    match = _FULL_DATE.fullmatch(text)
    if not match:
        return f"{value!r} is not a full date ({HINT})"
    try:
        datetime.date.fromisoformat(match["day"])
    except ValueError:
        return f"{value!r} is not a real date ({HINT})"
    return None
