"""Dates and times as staff type them, one grammar for rounds and broadcasts.

"1 Des 2026 08.00", "01/12/2026 8:00", "2026-12-01T08:00", "Selasa, 1 Desember 2026 pukul
14.30 WIB", "28/11 08.00", "besok jam 7 malam", "15.00". Read in the bot's time zone (WIB),
returned as aware UTC datetimes; None when the text can't be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

WIB = timezone(timedelta(hours=7), "WIB")

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "february": 2, "peb": 2, "pebruari": 2,
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
_WEEKDAYS = {
    "senin": 0, "monday": 0, "selasa": 1, "tuesday": 1, "rabu": 2, "wednesday": 2,
    "kamis": 3, "thursday": 3, "jumat": 4, "friday": 4, "sabtu": 5, "saturday": 5,
    "minggu": 6, "ahad": 6, "sunday": 6,
}  # fmt: skip
_DAYS_FROM_TODAY = {
    "hari ini": 0, "today": 0, "nanti": 0, "besok": 1, "tomorrow": 1, "lusa": 2,
}  # fmt: skip
# (first hour, last hour, hours to add): "7 malam" is 19.00, and so is "19.00 malam".
_DAY_PARTS = {
    "am": ((1, 11, 0), (12, 12, -12)),
    "pm": ((1, 11, 12), (12, 12, 0)),
    "pagi": ((0, 11, 0),),
    "siang": ((10, 15, 0), (1, 3, 12)),
    "sore": ((15, 18, 0), (3, 6, 12)),
    "malam": ((18, 23, 0), (6, 11, 12)),
}
_NOW = ("sekarang", "now", "saat ini")
_NOISE = re.compile(r"\b(?:wib|pukul|pkl|jam|at|on|tanggal|tgl|hari(?! ini))\b\.?|,")
_ISO_T = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})t")
_PART_FIRST = re.compile(r"\b(pagi|siang|sore|malam) +(\d{1,2}(?:[:.]\d{2})?)\b")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm|pagi|siang|sore|malam)?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?")
_DAY_MONTH = re.compile(r"(\d{1,2})\s*([a-z]+)\.?(?:\s+(\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s*(\d{1,2})(?:\s+(\d{4}))?")


@dataclass(frozen=True)
class _Reading:
    day: date | None  # None: no date typed
    clock: time | None  # None: no time typed


def parse_moment(text: str, now: datetime, end_of_day: bool = False) -> datetime | None:
    """A moment that needs a date (a round opens or closes), typed in WIB.

    Without a time it is the start of the day (00:00), or its end (23:59) for `end_of_day`;
    without a year the next such date from `now`. "sekarang" is now.
    """
    if text.strip().lower() in _NOW:
        return now.astimezone(UTC).replace(second=0, microsecond=0)
    for reading in _readings(text, now.astimezone(WIB).date()):
        if reading.day is not None:
            clock = reading.clock or (time(23, 59) if end_of_day else time(0, 0))
            return datetime.combine(reading.day, clock, WIB).astimezone(UTC)
    return None


def parse_when(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    """A moment that needs a time (a broadcast goes out), typed in `tz`.

    A time alone means its next occurrence; a date without a year the next such date. A typed
    day is kept even when that moment has passed (the caller says so).
    """
    local_now = now.astimezone(tz)
    for reading in _readings(text, local_now.date()):
        if reading.clock is not None:
            moment = datetime.combine(reading.day or local_now.date(), reading.clock, tz)
            if reading.day is None and moment <= local_now:
                moment += timedelta(days=1)
            return moment.astimezone(UTC)
    return None


def _readings(text: str, today: date) -> list[_Reading]:
    """Every way to read `text`, those with both a date and a time first."""
    words = _words(text)
    found = []
    for size in (2, 1):
        for clock_words, rest, bare_hour in (
            (words[-size:], words[:-size], True),
            (words[:size], words[size:], False),  # "08.00 besok"; a lone number there is a day
        ):
            clock = _time_of("".join(clock_words), bare_hour) if len(words) >= size else None
            day = _date_of(" ".join(rest), today) if rest else None
            if clock is not None and (day is not None or not rest):
                found.append(_Reading(day, clock))
    if (day := _date_of(" ".join(words), today)) is not None:
        found.append(_Reading(day, None))
    return sorted(found, key=lambda r: (r.day is None, r.clock is None))


def _words(text: str) -> list[str]:
    typed = text.strip().lower().replace("'", "")  # "jum'at"
    cleaned = _NOISE.sub(" ", _ISO_T.sub(r"\1 ", typed))
    return _PART_FIRST.sub(r"\2 \1", cleaned).split()  # "besok pagi jam 8": "besok 8 pagi"


def _time_of(token: str, bare_hour: bool) -> time | None:
    match = _TIME.fullmatch(token)
    if match is None or not (bare_hour or match.group(2) or match.group(3)):
        return None
    hour, minute, part = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if part is not None:
        hour = next((hour + add for low, high, add in _DAY_PARTS[part] if low <= hour <= high), -1)
    return time(hour, minute) if 0 <= hour < 24 and minute < 60 else None


def _date_of(text: str, today: date) -> date | None:
    if text in _DAYS_FROM_TODAY:
        return today + timedelta(days=_DAYS_FROM_TODAY[text])
    first, _, rest = text.partition(" ")
    if first in _WEEKDAYS:
        return _on_weekday(_WEEKDAYS[first], rest, today)
    if match := _ISO.fullmatch(text):
        return _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _NUMERIC.fullmatch(text):
        return _dated(today, match.group(3), int(match.group(2)), int(match.group(1)))
    if (match := _DAY_MONTH.fullmatch(text)) and match.group(2) in _MONTHS:
        return _dated(today, match.group(3), _MONTHS[match.group(2)], int(match.group(1)))
    if (match := _MONTH_DAY.fullmatch(text)) and match.group(1) in _MONTHS:
        return _dated(today, match.group(3), _MONTHS[match.group(1)], int(match.group(2)))
    return None


def _on_weekday(weekday: int, rest: str, today: date) -> date | None:
    """A weekday alone ("Senin") is the next such day, today included. With a date ("Senin,
    1 Des") it is that date when the two agree, else refused: one is a slip, we can't tell which."""
    if not rest:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    day = _date_of(rest, today)
    return day if day is not None and day.weekday() == weekday else None


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
