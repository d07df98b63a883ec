"""Dates and times as staff type them, in WIB: "1 Des 2026 08.00", "01/12/2026 8:00",
"2026-12-01T08:00", "1 Desember" (the next such day). Returned as aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "february": 2, "pebruari": 2,
    "mar": 3, "maret": 3, "march": 3,
    "apr": 4, "april": 4,
    "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "agu": 8, "agt": 8, "ags": 8, "agustus": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "nop": 11, "november": 11, "nopember": 11,
    "des": 12, "desember": 12, "dec": 12, "december": 12,
}  # fmt: skip
_NOW = ("sekarang", "now", "saat ini")
_NOISE = re.compile(r"\b(?:wib|pukul|pkl|jam|at|tanggal|tgl|on)\b\.?|,")
_ISO_T = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})t")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?")
_WORDS = re.compile(r"(\d{1,2})\s*([a-z]+)\.?(?:\s+(\d{4}))?")


def parse_moment(text: str, now: datetime, end_of_day: bool = False) -> datetime | None:
    """The moment typed in WIB, as an aware UTC datetime, or None when it can't be read.

    Without a time it is the start of the day (00:00), or its end (23:59) for `end_of_day`;
    without a year it is the next such date from `now`.
    """
    if text.strip().lower() in _NOW:
        return now.astimezone(UTC).replace(second=0, microsecond=0)
    words = _NOISE.sub(" ", _ISO_T.sub(r"\1 ", text.strip().lower())).split()
    at = None
    for size in (2, 1):
        if len(words) > size:
            at = _time_of("".join(words[-size:]))
            if at is not None:
                words = words[:-size]
                break
    day = _date_of(" ".join(words), now.astimezone(WIB).date())
    if day is None:
        return None
    clock = at or (time(23, 59) if end_of_day else time(0, 0))
    return datetime.combine(day, clock, WIB).astimezone(UTC)


def _time_of(token: str) -> time | None:
    match = _TIME.fullmatch(token)
    if match is None or (match.group(2) is None and match.group(3) is None):
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half and not 1 <= hour <= 12:
        return None
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _date_of(text: str, today: date) -> date | None:
    if match := _ISO.fullmatch(text):
        return _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _NUMERIC.fullmatch(text):
        return _dated(today, match.group(3), int(match.group(2)), int(match.group(1)))
    if (match := _WORDS.fullmatch(text)) and match.group(2) in _MONTHS:
        return _dated(today, match.group(3), _MONTHS[match.group(2)], int(match.group(1)))
    return None


def _dated(today: date, year: str | None, month: int, day: int) -> date | None:
    if year is not None:
        return _day(int(year) + (2000 if len(year) == 2 else 0), month, day)
    this_year = _day(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    return _day(today.year + 1, month, day)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
