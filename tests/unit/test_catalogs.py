"""The gettext catalogs must be complete, current and placeholder-consistent."""

from __future__ import annotations

import io
import re
import string
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n import SUPPORTED_LOCALES
from bot.i18n.catalogs import catalog_resource, read_catalog
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


# --- malformed entries ---------------------------------------------------------------------

# Translations that are rightly much shorter than their English msgid.
SHORT_ALLOWED = {
    "Within 3 months",
    "Within 12 months",
    "More than 12 months",
    "Residents' own effort (swadaya)",
    "Karang Taruna (youth group)",
    "Farmers' or fishers' group",
    "Small business (UMKM)",
    "Start or restart",
}
SHORT_RATIO = 0.3
SHORT_FROM = 12  # msgids shorter than this are labels; any length may fit them
TAG = re.compile(r"</?([a-zA-Z]+)[^>]*>")


def html_tags(text: str) -> list[str]:
    """The HTML tags of ``text`` in order, by name ("<a href='x'>y</a>" -> ["a", "/a"])."""
    return [
        ("/" if m.group(0).startswith("</") else "") + m.group(1).lower()
        for m in TAG.finditer(text)
    ]


def _plural_problem(message: Message) -> str | None:
    plural_id = isinstance(message.id, tuple | list)
    plural_str = isinstance(message.string, tuple | list)
    if plural_id != plural_str:
        return "msgid and msgstr disagree on plural forms"
    if plural_id and placeholders(message.id[0]) != placeholders(message.id[1]):
        return "msgid_plural has other fields than msgid (a stray literal taken for a plural?)"
    return None


def _short_problem(message: Message) -> str | None:
    source = _forms(message.id)[-1]
    if source in SHORT_ALLOWED or len(source) < SHORT_FROM:
        return None
    short = [f for f in _forms(message.string) if f and len(f) < SHORT_RATIO * len(source)]
    return f"msgstr {short[0]!r} is much shorter than the msgid" if short else None


def _field_problem(message: Message) -> str | None:
    wanted = placeholders(_forms(message.id)[-1])
    wrong = [f for f in _forms(message.string) if f and placeholders(f) != wanted]
    return f"fields {sorted(placeholders(wrong[0]))} instead of {sorted(wanted)}" if wrong else None


def _tag_problem(message: Message) -> str | None:
    wanted = sorted(html_tags(_forms(message.id)[-1]))
    wrong = [f for f in _forms(message.string) if f and sorted(html_tags(f)) != wanted]
    return f"HTML tags of {wrong[0]!r} differ from the msgid's" if wrong else None


CHECKS = (_plural_problem, _short_problem, _field_problem, _tag_problem)


def malformed(catalog: Catalog) -> list[str]:
    """Every entry that a check finds wrong, as "'msgid': what is wrong"."""
    found = []
    for message in _entries(catalog):
        for check in CHECKS:
            problem = check(message)
            if problem:
                found.append(f"{_label(message)}: {problem}")
    return found


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_no_malformed_entries(locale: str) -> None:
    problems = malformed(_catalog(locale))
    assert not problems, f"{locale}: {len(problems)} malformed entries: {problems[:5]}"


def _po(entries: str) -> Catalog:
    header = 'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
    return read_po(io.BytesIO((header + entries).encode()), locale="id")


GOOD = 'msgid "Please check your proposal"\nmsgstr "Mohon periksa usulan Anda"\n'
BAD_ENTRIES = {
    "stray plural": 'msgid "You coordinate: {names}."\nmsgid_plural ", "\nmsgstr[0] "K"\n',
    "much shorter": 'msgid "Sorry, only admins can set targets."\nmsgstr "Maaf."\n',
    "other field": 'msgid "Hello, {name}!"\nmsgstr "Halo, {nama}!"\n',
    "lost field": 'msgid "Page {page} of {count}"\nmsgstr "Halaman {page}"\n',
    "other tag": 'msgid "<b>Your profile</b>"\nmsgstr "<i>Profil Anda</i>"\n',
    "unclosed tag": 'msgid "<b>Your profile</b> here"\nmsgstr "<b>Profil Anda di sini"\n',
}


def test_a_good_entry_passes() -> None:
    assert malformed(_po(GOOD)) == []


@pytest.mark.parametrize("name", sorted(BAD_ENTRIES))
def test_each_check_fails_on_a_bad_entry(name: str) -> None:
    problems = malformed(_po(GOOD + "\n" + BAD_ENTRIES[name]))
    assert len(problems) >= 1, f"{name} was not caught"
    assert all("Please check your proposal" not in p for p in problems)


def plural_shape_problems(po_text: str) -> list[str]:
    """Entries whose msgstr shape disagrees with their msgid's (Babel's reader hides these)."""
    found = []
    for entry in po_text.split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        has_plural = any(line.startswith("msgid_plural ") for line in lines)
        indexed = any(line.startswith("msgstr[") for line in lines)
        bare = any(line.startswith("msgstr ") for line in lines)
        if indexed != has_plural or (has_plural and bare):
            first = next((line for line in lines if line.startswith("msgid ")), "?")
            found.append(f"{first}: msgstr forms do not match the msgid's")
    return found


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_plural_shapes_match(locale: str) -> None:
    problems = plural_shape_problems(catalog_resource(locale).read_text(encoding="utf-8"))
    assert not problems, f"{locale}: {problems[:5]}"


@pytest.mark.parametrize(
    "entry",
    [
        'msgid "Done {n}"\nmsgstr[0] "Selesai {n}"\n',
        'msgid "{count} photo"\nmsgid_plural "{count} photos"\nmsgstr "{count} foto"\n',
    ],
)
def test_plural_shape_check_fails_on_a_bad_entry(entry: str) -> None:
    assert plural_shape_problems(GOOD) == []
    assert len(plural_shape_problems(GOOD + "\n" + entry)) == 1


def test_html_tags_helper() -> None:
    assert html_tags('<b>x</b> <a href="u">y</a>') == ["b", "/b", "a", "/a"]
    assert html_tags("a &lt;b&gt; c") == []
