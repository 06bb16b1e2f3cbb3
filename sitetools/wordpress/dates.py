"""WordPress dates as the same instant in the site's zone, written as the README's Date."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

FORMAT = "%Y-%m-%d %H:%M"
_ZERO = "0000-00-00"


def instant(local: str, gmt: str, timezone: str) -> datetime | None:
    """The moment of a WordPress date pair in ``timezone``.

    ``gmt`` (UTC) is the truth when set; never-published drafts carry
    ``0000-00-00 00:00:00`` there, and then ``local`` is read in the site's zone.
    None when neither is a date.
    """
    zone = ZoneInfo(timezone)
    for value, tz in ((gmt, UTC), (local, zone)):
        if value and not value.startswith(_ZERO):
            try:
                parsed = datetime.strptime(value.strip()[:19], "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return parsed.replace(tzinfo=tz).astimezone(zone)
    return None


def written(moment: datetime) -> str:
    """``2019-05-03 09:30``: the Date format the README asks writers for."""
    return moment.strftime(FORMAT)
