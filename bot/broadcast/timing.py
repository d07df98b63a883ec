"""Quiet hours: when reminders wait for the morning. Pure functions.

Typed dates and times ("28/11 08.00", "besok 08:00") are read by bot/moments.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo


def parse_clock(value: str) -> time:
    """A setting such as "21:00"."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def in_quiet_hours(moment: datetime, start: time, end: time, tz: tzinfo) -> bool:
    local = moment.astimezone(tz).time()
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def after_quiet_hours(moment: datetime, start: time, end: time, tz: tzinfo) -> datetime:
    """`moment` itself outside quiet hours, else the moment they end (in UTC)."""
    if not in_quiet_hours(moment, start, end, tz):
        return moment
    local = moment.astimezone(tz)
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tz).astimezone(UTC)
