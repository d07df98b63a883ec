"""The gettext catalogs must be complete, current and placeholder-consistent."""

from __future__ import annotations

import string
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n import SUPPORTED_LOCALES
from bot.i18n.catalogs import read_catalog
from bot.i18n.update_catalogs import extract

HINT = "run `python -m bot.i18n.update_catalogs` and translate the id catalog"
MessageKey = tuple[tuple[str, ...], str | None]


def _key(message: Message) -> MessageKey:
    return (_forms(message.id), message.context)


def _entries(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _label(message: Message) -> str:
    return repr(_forms(message.id)[0])


def _forms(text: str | Sequence[str] | None) -> tuple[str, ...]:
    if text is None:
        return ("",)
    return (text,) if isinstance(text, str) else tuple(text)


def placeholders(text: str) -> set[str]:
    """Names of the str.format fields in ``text`` ("{count:,}" -> "count")."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


def _catalog(locale: str) -> Catalog:
    catalog = read_catalog(locale)
    assert catalog is not None, f"bot/i18n/locales/{locale} has no messages.po; {HINT}"
    return catalog


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path: Path = tmp_path_factory.mktemp("i18n") / "messages.pot"
    extract(path)
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_is_up_to_date(template: Catalog, locale: str) -> None:
    known = {_key(m) for m in _entries(_catalog(locale))}
    missing = [_label(m) for m in _entries(template) if _key(m) not in known]
    assert not missing, f"{locale} catalog lacks {len(missing)} message(s) {missing[:5]}; {HINT}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_is_translated(locale: str) -> None:
    catalog = _catalog(locale)
    assert not catalog.fuzzy, f"the {locale} catalog header is marked fuzzy"
    fuzzy = [_label(m) for m in _entries(catalog) if m.fuzzy]
    empty = [_label(m) for m in _entries(catalog) if not all(_forms(m.string))]
    assert not fuzzy, f"{locale}: {len(fuzzy)} fuzzy entries {fuzzy[:5]}; review them"
    assert not empty, f"{locale}: {len(empty)} untranslated entries {empty[:5]}; {HINT}"


def test_english_is_the_msgid() -> None:
    wrong = [_label(m) for m in _entries(_catalog("en")) if _forms(m.string) != _forms(m.id)]
    assert not wrong, f"en msgstr differs from msgid for {wrong[:5]}; {HINT}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_placeholders_match(locale: str) -> None:
    problems = []
    for message in _entries(_catalog(locale)):
        ids = _forms(message.id)
        allowed = set().union(*(placeholders(i) for i in ids))
        forms = [f for f in _forms(message.string) if f]
        for form in forms:
            if not placeholders(form) <= allowed:
                problems.append(f"{_label(message)} -> {form!r}")
        if forms and placeholders(forms[-1]) != placeholders(ids[-1]):
            problems.append(f"{_label(message)} -> {forms[-1]!r} (general form)")
    assert not problems, f"{locale}: placeholders differ from the msgid: {problems[:5]}"


def test_placeholders_helper() -> None:
    assert placeholders("{count} of {total:,} in {place.name}") == {"count", "total", "place"}
    assert placeholders("No {{braces}} here") == set()
