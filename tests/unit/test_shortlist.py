"""The quick-win score (bot/opd/shortlist.py), against values worked out by hand, and the
/quickwin screens within a phone screen."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.opd.screens import shortlist as screens
from bot.opd.shortlist import (
    Candidate,
    people_counted,
    score,
    top_per_dimension,
    unclassified,
)
from bot.reference import load_reference

BASE = Candidate(
    proposal_id=1,
    reference="CKU-0001",
    dimension="environment",
    agency="DLH",
    supports=0,
    represents=None,
    represents_unit=None,
    mandate=None,
    urgency="low",
    time_to_result="long",
)


def candidate(number: int, **changes: object) -> Candidate:
    return replace(BASE, proposal_id=number, reference=f"CKU-{number:04d}", **changes)


@pytest.mark.parametrize(
    ("represents", "unit", "mandate", "expected"),
    [
        (None, None, None, 0.0),  # speaks only for themselves
        (99, "people", "confirmed", 99.0),
        (50, "households", "confirmed", 200.0),  # 1 KK = 4 people
        (50, "households", None, 100.0),  # not checked yet: half
        (200, "people", "declined", 0.0),  # the coordinator said no
    ],
)
def test_people_counted_weighs_households_and_mandates(
    represents: int | None, unit: str | None, mandate: str | None, expected: float
) -> None:
    assert people_counted(represents, unit, mandate) == expected


PEOPLE_99 = {"represents": 99, "represents_unit": "people", "mandate": "confirmed"}
UNCONFIRMED_198 = {"represents": 198, "represents_unit": "people"}


@pytest.mark.parametrize(
    ("changes", "parts", "total"),
    [
        # log2(1 + 3) = 2; log10(1 + 99) = 2; very urgent 2; within 3 months 2.
        (
            {"supports": 3, **PEOPLE_99, "urgency": "high", "time_to_result": "3m"},
            (2.0, 2.0, 2.0, 2.0),
            8.0,
        ),
        # 198 people, not confirmed → 99 counted → 2; 7 supports → 3; urgent 1; 12 months 1.
        (
            {"supports": 7, **UNCONFIRMED_198, "urgency": "medium", "time_to_result": "12m"},
            (3.0, 2.0, 1.0, 1.0),
            7.0,
        ),
        # The same group confirmed: log10(1 + 198) = 2.2989 → 2.3.
        ({**UNCONFIRMED_198, "mandate": "confirmed"}, (0.0, 2.3, 0.0, 0.0), 2.3),
        # 25 households confirmed: 100 people, log10(101) = 2.0043 → 2.0.
        (
            {"represents": 25, "represents_unit": "households", "mandate": "confirmed"},
            (0.0, 2.0, 0.0, 0.0),
            2.0,
        ),
    ],
)
def test_each_part_of_the_score_by_hand(
    changes: dict[str, object], parts: tuple[float, ...], total: float
) -> None:
    s = score(candidate(1, **changes))
    assert (s.supports, s.people, s.urgency, s.speed) == parts
    assert s.total == total


def test_nothing_but_a_proposal_scores_zero() -> None:
    assert score(BASE).total == 0.0


def test_diminishing_returns_keep_a_huge_group_from_swamping_the_rest() -> None:
    huge = candidate(3, represents=9_999, represents_unit="people", mandate="confirmed")
    assert score(huge).people == 4.0  # ten thousand people: four points
    supported = candidate(4, supports=15, urgency="high")  # log2(16) = 4, + 2 urgency
    assert score(supported).total > score(huge).total


def test_top_ten_per_dimension_best_first_ties_to_supports_then_the_older() -> None:
    same = [candidate(n, supports=1) for n in range(10, 22)]  # 12 with 1 point each
    better = candidate(5, supports=3)  # 2 points
    tie_more_supports = candidate(6, supports=1, urgency="medium")  # 1 + 1 = 2, fewer supports
    other = candidate(7, dimension="economy")
    loose = candidate(8, dimension=None, supports=100)
    ranked = top_per_dimension([*same, tie_more_supports, better, other, loose])
    environment = [r.candidate.reference for r in ranked["environment"]]
    assert environment[:2] == ["CKU-0005", "CKU-0006"]
    assert environment[2:] == [f"CKU-{n:04d}" for n in range(10, 18)]  # older first
    assert [r.rank for r in ranked["environment"]] == list(range(1, 11))
    assert [r.candidate.reference for r in ranked["economy"]] == ["CKU-0007"]
    assert "" not in ranked and unclassified([loose, other]) == 1


TAG = re.compile(r"<[^>]+>")


def visible(text: str) -> str:
    return html.unescape(TAG.sub("", text))


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_full_page_and_a_confirmation_fit_a_phone_screen(locale: str) -> None:
    t = translator(locale)
    longest = max(load_reference().dimensions, key=lambda d: len(d.name(locale)))
    heavy: dict[str, object] = {
        "supports": 1000,
        "represents": 99_999,
        "represents_unit": "people",
        "mandate": "confirmed",
        "urgency": "high",
        "time_to_result": "3m",
    }
    ranked = top_per_dimension([candidate(1000 + n, **heavy) for n in range(10)])["environment"]

    def encode(action: str, *fields: str | int) -> str:
        return cb.encode(Kind.SHORTLIST, action, *fields)

    page = screens.page(
        t,
        encode,
        dimension=longest.name(locale),
        number=5,
        pages=6,
        ranked=ranked,
        chosen=[(1000 + n, f"CKU-{1000 + n}") for n in range(15)],
        unclassified=1234,
    )
    assert len(visible(page.text)) <= 600, visible(page.text)
    assert page.text.count("★") == 11 and page.keyboard is not None  # 10 listed, 1 line
    marked = [b.text for row in page.keyboard for b in row if b.text.startswith("★")]
    assert len(marked) == 15  # the five off the list can still be unmarked
    asked = screens.confirm(
        t,
        reference="CKU-0042",
        dimension=longest.name(locale),
        problem="x" * 400,
        people=1234,
        choosing=True,
        yes=encode("y", 2**31 - 1, "c", "0123abcd", 5),
        no=encode("n", 2**31 - 1, "c", "0123abcd", 5),
    )
    assert len(visible(asked.text)) <= 600
