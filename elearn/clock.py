"""The organisation's calendar: which day it is, and where a day, month or year begins.

Times are stored and compared in UTC. Calendar questions — "today", due dates, the day a
lesson opens, a survey round's last day, "this year", a month in a chart — are answered in
`ORG_TIMEZONE` (default Europe/Stockholm), here and nowhere else, so a completion at 00:30
on 1 January Swedish time counts in the new year on every server."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Stockholm"


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    name = current_app.config.get("ORG_TIMEZONE", DEFAULT_ZONE) if has_app_context() else DEFAULT_ZONE
    return _zone(name)


def now() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The organisation's calendar day of a UTC moment."""
    return moment.astimezone(zone()).date()


def today(at: datetime | None = None) -> date:
    return local_date(at or now())


def start_of_day(day: date) -> datetime:
    """The UTC moment the organisation's `day` begins."""
    return datetime.combine(day, time.min, tzinfo=zone()).astimezone(UTC)


def end_of_day(day: date) -> datetime:
    """The last UTC moment of the organisation's `day`."""
    return start_of_day(day + timedelta(days=1)) - timedelta(microseconds=1)


def start_of_year(year: int) -> datetime:
    return start_of_day(date(year, 1, 1))


def end_of_year(year: int) -> datetime:
    return end_of_day(date(year, 12, 31))


def month_starts(first: date, last: date) -> list[tuple[int, int, datetime]]:
    """(year, month, UTC start) of every local month from `first`'s to `last`'s, and the
    start of the month after, so each month is [start, next start)."""
    year, month = first.year, first.month
    found = []
    while (year, month) <= (last.year, last.month):
        found.append((year, month, start_of_day(date(year, month, 1))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    found.append((year, month, start_of_day(date(year, month, 1))))
    return found
