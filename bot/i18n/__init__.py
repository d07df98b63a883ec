"""Translations (gettext catalogs, English msgids) and locale-aware formatting.

Usage: ``t = translator(locale_for(user.language_code))`` then ``t("Hello, {name}!", name=...)``,
``t.n("{count} proposal", "{count} proposals", n)``, ``t.number(...)``, ``t.date(...)``.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import cache

from bot.i18n.catalogs import load_translations
from bot.i18n.formatting import (
    DEFAULT_TIMEZONE,
    format_date,
    format_datetime,
    format_number,
)

__all__ = [
    "DEFAULT_LOCALE",
    "N_",
    "SUPPORTED_LOCALES",
    "Translator",
    "format_number",
    "locale_for",
    "translator",
]

SUPPORTED_LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"


def locale_for(language_code: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Supported locale for a Telegram/IETF language code ("en-US" -> "en"), else ``default``."""
    fallback = default if default in SUPPORTED_LOCALES else DEFAULT_LOCALE
    if not language_code:
        return fallback
    primary = language_code.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in SUPPORTED_LOCALES else fallback


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; translate it later with a Translator."""
    return msgid


class Translator:
    """Translations and formatting for one locale; get instances from ``translator()``."""

    def __init__(self, locale: str, translations: gettext.NullTranslations) -> None:
        self.locale = locale
        self._translations = translations

    def __repr__(self) -> str:
        return f"Translator({self.locale!r})"

    def __call__(self, msgid: str, /, **params: object) -> str:
        text = self._translations.gettext(msgid)
        return text.format(**params) if params else text

    def n(self, singular: str, plural: str, count: int, /, **params: object) -> str:
        text = self._translations.ngettext(singular, plural, count)
        return text.format(**{**params, "count": self.number(count)})

    def number(self, value: int | float) -> str:
        return format_number(value, self.locale)

    def date(self, value: dt.date | dt.datetime) -> str:
        return format_date(value, self.locale)

    def datetime(self, value: dt.datetime, tz: str = DEFAULT_TIMEZONE) -> str:
        return format_datetime(value, self.locale, tz)


@cache
def _translator(locale: str) -> Translator:
    return Translator(locale, load_translations(locale))


def translator(locale: str) -> Translator:
    """The (cached) Translator for ``locale``; unsupported locales get the default one."""
    return _translator(locale_for(locale))
