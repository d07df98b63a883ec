"""Locale-aware numbers, dates and times (Babel), for the bot's two languages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import dates, numbers

DEFAULT_TIMEZONE = "Asia/Jakarta"

_BABEL_LOCALES = {"id": "id_ID", "en": "en"}
_DATE_PATTERN = "d MMM y"
_DATETIME_PATTERNS = {"id": "d MMM y HH.mm", "en": "d MMM y, HH:mm"}
# Indonesian zone names are what participants know; Babel's English output would be "+0700".
# The fixed offsets are a fallback for hosts without a tz database (Indonesia has no DST).
_INDONESIAN_ZONES = {
    "Asia/Jakarta": ("WIB", 7),
    "Asia/Pontianak": ("WIB", 7),
    "Asia/Makassar": ("WITA", 8),
    "Asia/Jayapura": ("WIT", 9),
}


def babel_locale(locale: str) -> str:
    return _BABEL_LOCALES.get(locale, _BABEL_LOCALES["id"])


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        if name in _INDONESIAN_ZONES:
            return dt.timezone(dt.timedelta(hours=_INDONESIAN_ZONES[name][1]))
        raise


def to_local(value: dt.datetime, tz: str = DEFAULT_TIMEZONE) -> dt.datetime:
    """``value`` in zone ``tz``; naive datetimes are taken as UTC, as storage keeps them."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(_zone(tz))


def format_number(value: float, locale: str) -> str:
    return numbers.format_decimal(value, locale=babel_locale(locale))


def format_date(value: dt.date, locale: str, tz: str = DEFAULT_TIMEZONE) -> str:
    day = to_local(value, tz).date() if isinstance(value, dt.datetime) else value
    return dates.format_date(day, _DATE_PATTERN, locale=babel_locale(locale))


def format_datetime(value: dt.datetime, locale: str, tz: str = DEFAULT_TIMEZONE) -> str:
    local = to_local(value, tz)
    pattern = _DATETIME_PATTERNS.get(locale, _DATETIME_PATTERNS["id"])
    text = dates.format_datetime(local, pattern, locale=babel_locale(locale))
    zone = _INDONESIAN_ZONES.get(tz)
    if zone is not None:
        return f"{text} {zone[0]}"
    return f"{text} {dates.format_datetime(local, 'zzz', locale=babel_locale(locale))}"
