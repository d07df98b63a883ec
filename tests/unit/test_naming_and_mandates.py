"""Pure parts of naming consent and mandates: the profile's answers, names withheld in export
rows, the mandate marks and the /mandat screens' length."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.export.rows import WITHHELD, Labels, RowBuilder, supporter_flat
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.participants.onboarding import profile_answers, save_profile
from bot.reference import load_reference
from bot.staff.screens.mandates import PER_PAGE, Representative, card, listing, mark
from storage.models import Participant
from storage.queries.export import BASE_FIELDS, IDENTITY_FIELDS
from tests.unit.test_message_lengths import LIMIT, visible

REF = load_reference()
NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)
ANSWERS: dict[str, Any] = {
    "name": "Dewi",
    "kecamatan": "32.16.18",
    "desa": "32.16.18.2001",
    "role": "pkk",
    "group_name": "PKK RW 05",
    "represents": {"count": 40, "unit": "people"},
    "naming": "no",
}


def confirmed_representative() -> Participant:
    person = Participant(mandate="confirmed", mandate_by=42, mandate_at=NOW)
    save_profile(person, ANSWERS, NOW)
    person.mandate, person.mandate_by, person.mandate_at = "confirmed", 42, NOW
    return person


def test_the_naming_answer_is_saved_and_read_back() -> None:
    person = Participant()
    save_profile(person, {**ANSWERS, "naming": "yes"}, NOW)
    assert person.name_visible is True
    assert profile_answers(person)["naming"] == "yes"
    save_profile(person, ANSWERS, NOW)
    assert person.name_visible is False and profile_answers(person)["naming"] == "no"


def test_a_profile_without_the_naming_answer_stays_not_asked() -> None:
    person = Participant()
    save_profile(person, {**ANSWERS, "naming": None}, NOW)
    assert person.name_visible is None and profile_answers(person)["naming"] is None


def test_a_changed_group_or_number_waits_for_the_coordinator_again() -> None:
    same = confirmed_representative()
    save_profile(same, {**ANSWERS, "name": "Dewi Lestari"}, NOW)
    assert same.mandate == "confirmed"
    for change in ({"group_name": "PKK RW 06"}, {"represents": {"count": 400, "unit": "people"}}):
        person = confirmed_representative()
        save_profile(person, {**ANSWERS, **change}, NOW)
        assert (person.mandate, person.mandate_by, person.mandate_at) == (None, None, None)


def row(**values: Any) -> list[Any]:
    fields = BASE_FIELDS + IDENTITY_FIELDS
    base: dict[str, Any] = dict.fromkeys(fields)
    base.update(reference="SET-0001", pseudonym="P00001", supports=0, name="Dewi")
    base.update(community_role="pkk", group_name="PKK RW 05", **values)
    return [base[f] for f in fields]


@pytest.mark.parametrize("visible_to_opd", [None, False])
def test_identity_rows_withhold_names_without_a_yes(visible_to_opd: bool | None) -> None:
    builder = RowBuilder(Labels.indonesian(REF), identity=True, hidden=False)
    flat = builder.flat(row(name_visible=visible_to_opd))
    assert flat[-3:] == [WITHHELD, "PKK", WITHHELD]
    nested = builder.nested(row(name_visible=visible_to_opd))["participant"]
    assert (nested["name"], nested["group"]) == (WITHHELD, WITHHELD)
    assert builder.flat(row(name_visible=True))[-3:] == ["Dewi", "PKK", "PKK RW 05"]


def test_people_represented_and_the_mandate_are_in_every_row() -> None:
    builder = RowBuilder(Labels.indonesian(REF), identity=False, hidden=False)
    values = row(represents=200, represents_unit="households", mandate="confirmed")[
        : len(BASE_FIELDS)
    ]
    assert builder.flat(values)[-3:] == [200, "KK", "✔ dikonfirmasi"]
    assert builder.nested(values)["participant"]["represents"] == {
        "count": 200,
        "unit": "households",
    }
    resident = row()[: len(BASE_FIELDS)]
    assert builder.flat(resident)[-3:] == [None, None, None]


def test_a_supporters_name_needs_their_yes_too() -> None:
    assert supporter_flat(("SET-0001", "P2", None, NOW, "Budi", None))[-1] == WITHHELD
    assert supporter_flat(("SET-0001", "P2", None, NOW, "Budi", True))[-1] == "Budi"
    assert len(supporter_flat(("SET-0001", "P2", None, NOW))) == 4  # pseudonymous


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_mandate_screens_fit_a_phone_screen(locale: str) -> None:
    t = translator(locale)
    longest = Representative(
        1, "N" * 60, "G" * 100, t.n("{count} household", "{count} households", 999_999),
        "Karangraharja", "declined",
    )  # fmt: skip
    shown = [longest] * PER_PAGE
    page = listing(t, shown, 1, 40)
    assert len(visible(page.text)) <= LIMIT, "a full page of the longest names"
    typical = Representative(2, "Dewi Lestari", "PKK RW 05", "40", "Burangkeng", None)
    assert len(visible(listing(t, [typical] * PER_PAGE, 0, 6).text)) <= LIMIT
    assert len(visible(card(t, longest, "✅").text)) <= LIMIT
    assert page.keyboard is not None and [b.text for b in page.keyboard[-1]] == ["◀️", "▶️"]


def test_marks_say_the_decision() -> None:
    t = translator("id")
    assert mark(t, "confirmed") == "✔ mandat dikonfirmasi"
    assert mark(t, "declined") != mark(t, None)
