"""The classification screens (bot/proposals/screens/classification.py) fit a phone screen in
both languages with the longest values they can show, and name every element in plain words."""

from __future__ import annotations

import pytest

from bot.i18n import SUPPORTED_LOCALES, translator
from bot.proposals.screens import classification as screens
from bot.proposals.topics import DIMENSION_LABELS, ELEMENT_LABELS
from bot.reference import load_reference
from tests.unit.test_message_lengths import LIMIT, visible

REF = load_reference()
LONG_PROBLEM = "Jalan rusak parah dan tergenang setiap hujan di depan sekolah dasar " * 10
PLACE = "Sukadanau Kulon Raya, Cikarang Barat"


def test_every_element_has_plain_words() -> None:
    """The same plain words as the resident's topic question (bot/proposals/topics.py)."""
    assert set(ELEMENT_LABELS) == {s.key for d in REF.dimensions for s in d.sub_elements}
    assert set(DIMENSION_LABELS) == {d.key for d in REF.dimensions}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_classification_screens_fit_a_phone_screen(locale: str) -> None:
    t = translator(locale)
    agency = max(REF.agencies, key=lambda a: len(a.name))
    sizes: dict[str, int] = {}
    for dimension, element in ((d.key, s.key) for d in REF.dimensions for s in d.sub_elements):
        view = screens.ClassifyView(
            2**31 - 1, "CKU-0042", PLACE, LONG_PROBLEM, dimension, element, agency, ()
        )
        for done in (
            screens.classified(t, REF, dimension, element),
            screens.agency_set(t, agency),
        ):
            sizes[f"card {element}"] = len(visible(screens.card(t, REF, view, done).text))
    items = [(1, "CKU-0042", LONG_PROBLEM)] * screens.PER_PAGE
    sizes["list"] = len(visible(screens.listing(t, items, 1234, 0).text))
    picker = screens.agency_picker(t, 1, "CKU-0042", agency, list(REF.agencies), 3, 0)
    sizes["agency picker"] = len(visible(picker.text))
    long = {name: size for name, size in sizes.items() if size > LIMIT}
    assert not long, f"{locale}: over {LIMIT} visible characters: {long}"
