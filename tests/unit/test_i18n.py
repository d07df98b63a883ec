from __future__ import annotations

import datetime as dt

import pytest
from babel.messages.catalog import Catalog

from bot.i18n import (
    DEFAULT_LOCALE,
    N_,
    SUPPORTED_LOCALES,
    Translator,
    locale_for,
    translator,
)
from bot.i18n.catalogs import compile_catalog, load_translations

MOMENT = dt.datetime(2026, 11, 27, 12, 5, tzinfo=dt.UTC)  # 19.05 in Jakarta
UNKNOWN = "A message that is in no catalog, {name}."


def _translator(
    locale: str, entries: dict[str | tuple[str, str], str | tuple[str, ...]]
) -> Translator:
    catalog = Catalog(locale=locale)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    return Translator(locale, compile_catalog(catalog))


def test_constants() -> None:
    assert SUPPORTED_LOCALES == ("id", "en")
    assert DEFAULT_LOCALE == "id"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("id", "id"),
        ("id-ID", "id"),
        ("ms", "id"),
        ("jv", "id"),
        ("", "id"),
        (None, "id"),
    ],
)
def test_locale_for(code: str | None, expected: str) -> None:
    assert locale_for(code) == expected


def test_locale_for_with_english_default() -> None:
    assert locale_for(None, default="en") == "en"
    assert locale_for("id", default="en") == "id"
    assert locale_for(None, default="fr") == "id"


def test_translator_is_cached_per_locale() -> None:
    assert translator("id") is translator("id-ID")
    assert translator("en-US") is translator("en")
    assert translator("xx").locale == "id"
    assert translator("en").locale == "en"


def test_mark_only() -> None:
    assert N_("Resident") == "Resident"


def test_translation_and_placeholders() -> None:
    t = _translator("id", {"Hello, {name}!": "Halo, {name}!", "Plain": "Polos"})
    assert t("Hello, {name}!", name="Ani") == "Halo, Ani!"
    assert t("Plain") == "Polos"


def test_no_params_leaves_braces_alone() -> None:
    assert translator("en")("Use {braces} literally") == "Use {braces} literally"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_missing_entry_falls_back_to_msgid(locale: str) -> None:
    t = translator(locale)
    assert t(UNKNOWN, name="Ani") == "A message that is in no catalog, Ani."
    assert t.n("{count} thing", "{count} things", 1) == "1 thing"
    assert t.n("{count} thing", "{count} things", 2) == "2 things"


def test_missing_catalog_falls_back() -> None:
    assert load_translations("xx").gettext(UNKNOWN) == UNKNOWN


def test_untranslated_plural_is_not_empty() -> None:
    t = _translator("id", {("{count} file", "{count} files"): ("",)})
    assert t.n("{count} file", "{count} files", 3) == "3 files"


def test_plural_indonesian_has_one_form() -> None:
    t = _translator("id", {("{count} proposal", "{count} proposals"): ("{count} usulan",)})
    assert t.n("{count} proposal", "{count} proposals", 1) == "1 usulan"
    assert t.n("{count} proposal", "{count} proposals", 1234) == "1.234 usulan"


def test_plural_english_and_extra_params() -> None:
    singular, plural = "{count} vote in {place}", "{count} votes in {place}"
    t = _translator("en", {(singular, plural): ("One vote in {place}", "{count} votes in {place}")})
    assert t.n(singular, plural, 1, place="Setu") == "One vote in Setu"
    assert t.n(singular, plural, 12345, place="Setu") == "12,345 votes in Setu"


@pytest.mark.parametrize(("locale", "expected"), [("id", "1.234.567,5"), ("en", "1,234,567.5")])
def test_number(locale: str, expected: str) -> None:
    assert translator(locale).number(1234567.5) == expected
    assert translator(locale).number(42) == "42"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_date(locale: str) -> None:
    assert translator(locale).date(dt.date(2026, 11, 27)) == "27 Nov 2026"


def test_date_of_month_names() -> None:
    assert translator("id").date(dt.date(2026, 8, 3)) == "3 Agu 2026"
    assert translator("en").date(dt.date(2026, 8, 3)) == "3 Aug 2026"


def test_date_of_datetime_uses_jakarta_day() -> None:
    late = dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC)  # 03.00 on the 28th in Jakarta
    assert translator("id").date(late) == "28 Nov 2026"


def test_datetime() -> None:
    assert translator("id").datetime(MOMENT) == "27 Nov 2026 19.05 WIB"
    assert translator("en").datetime(MOMENT) == "27 Nov 2026, 19:05 WIB"


def test_naive_datetime_is_utc() -> None:
    assert translator("id").datetime(MOMENT.replace(tzinfo=None)) == "27 Nov 2026 19.05 WIB"


def test_datetime_other_zones() -> None:
    assert translator("id").datetime(MOMENT, tz="Asia/Makassar") == "27 Nov 2026 20.05 WITA"
    assert translator("en").datetime(MOMENT, tz="Asia/Jayapura") == "27 Nov 2026, 21:05 WIT"
    assert translator("en").datetime(MOMENT, tz="UTC").startswith("27 Nov 2026, 12:05")
