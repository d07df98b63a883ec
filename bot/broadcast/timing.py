"""Times as people type them ("28/11 08.00", "besok 08:00") and quiet hours. Pure functions."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_DAYS = {
    "hari ini": 0, "today": 0, "nanti": 0, "besok": 1, "tomorrow": 1, "lusa": 2,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
}  # fmt: skip
_TIME = re.compile(r"(?:(?:jam|pukul|pkl\.?|at)\s*)?(\d{1,2})(?:[.:](\d{2}))?\s*(?:wib)?$")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2,4}))?")
_NAMED_DATE = re.compile(r"(\d{1,2})\s+([a-z]{3})[a-z]*\.?(?:\s+(\d{4}))?")


def parse_when(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    """The moment meant by `text` (in `tz`), in UTC; None when it cannot be read.

    A time alone means its next occurrence; a date without a year the next such date.
    """
    cleaned = " ".join(text.lower().replace(",", " ").split())
    local_now = now.astimezone(tz)
    found = _split(cleaned, local_now.date())
    if found is None:
        return None
    day, rest, explicit_day = found
    clock = _clock(rest)
    if clock is None or day is None:
        return None
    moment = datetime.combine(day, clock, tz)
    if not explicit_day and moment <= local_now:
        moment += timedelta(days=1)
    return moment.astimezone(UTC)


def _split(text: str, today: date) -> tuple[date | None, str, bool] | None:
    if _TIME.match(text):
        return today, text, False
    for word, offset in _DAYS.items():
        if text.startswith(word):
            return today + timedelta(days=offset), text[len(word) :].strip(), True
    for pattern, reader in ((_NUMERIC_DATE, _numeric), (_NAMED_DATE, _named)):
        match = pattern.match(text)
        if match:
            return reader(match, today), text[match.end() :].strip(), True
    return today, text, False


def _numeric(match: re.Match[str], today: date) -> date | None:
    day, month, year = match.group(1), match.group(2), match.group(3)
    return _date(today, int(day), int(month), year)


def _named(match: re.Match[str], today: date) -> date | None:
    month = _MONTHS.get(match.group(2))
    return None if month is None else _date(today, int(match.group(1)), month, match.group(3))


def _date(today: date, day: int, month: int, year: str | None) -> date | None:
    try:
        if year is not None:
            full = int(year) + (2000 if len(year) == 2 else 0)
            return date(full, month, day)
        found = date(today.year, month, day)
        return found if found >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def _clock(text: str) -> time | None:
    match = _TIME.match(text.strip())
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


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
