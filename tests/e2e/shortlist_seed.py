"""A data set for the quick-win shortlist and the OPD export, written straight into the
database, with its hand count.

Authors: A speaks for 99 people (mandate confirmed: 2 points), B for 198 (not confirmed:
counted 99, 2 points), C for 25 households (confirmed: 100 people, log10(101) → 2.0),
D for themselves (0). Supporters S1…S7. Supports: 7 → 3 points, 3 → 2, 1 → 1.

Environment, all answered "quick win" by DLH (their OPD):
    SET-0001 A, 7 supports, very urgent, 3 months   3 + 2 + 2 + 2 = 9
    SET-0002 B, 3 supports, very urgent, 12 months  2 + 2 + 2 + 1 = 7
    SET-0003 D, 3, very urgent, 3 months            2 + 0 + 2 + 2 = 6
    SET-0004 D, 1, very urgent, 3 months            1 + 2 + 2     = 5
    SET-0005 D, 0, very urgent, 3 months                            4
    SET-0006 D, 0, urgent, 3 months                                 3
    SET-0007 D, 0, very urgent, longer                              2
    SET-0008 D, 0, urgent, 12 months                                2 (a tie: the older first)
    SET-0009 D, 0, can wait, 12 months                              1
    SET-0010 D, 0, urgent, longer                                   1
    SET-0011 D, 1, can wait, longer                                 1 (a tie: more supports first)
    SET-0012 D, 0, can wait, longer                                 0
Top ten: 1 2 3 4 5 6 7 8 11 9; SET-0010 and SET-0012 are left out.
Not eligible: SET-0013 (quick win, then revised to next year), SET-0014 (quick win from DLH,
then forwarded to Dinkes, which has not answered), SET-0015 (hidden), SET-0016 (withdrawn).
Economy: SET-0021 C, 0, can wait, longer → 2; SET-0022 D, 1, urgent, 12 months → 3.
Unclassified: SET-0031 (quick win, no dimension): listed apart.
DLH's proposals: SET-0001 … SET-0013, SET-0015, SET-0016, SET-0021, SET-0031; Dinkes has
SET-0014 and SET-0022.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storage.db import Database
from storage.models import ConsultationRound, Participant, Response, Support

from .export_seed import T0, participant, proposal

TOP_ENVIRONMENT = [1, 2, 3, 4, 5, 6, 7, 8, 11, 9]
SCORES = {1: 9, 2: 7, 3: 6, 4: 5, 5: 4, 6: 3, 7: 2, 8: 2, 11: 1, 9: 1}
TOP_ECONOMY = [(22, 3), (21, 2)]
DLH_REFERENCES = {f"SET-{n:04d}" for n in [*range(1, 14), 15, 16, 21, 31]}
DINKES_REFERENCES = {"SET-0014", "SET-0022"}
# Telegram ids: authors A B C D, then supporters S1…S7.
AUTHOR_IDS = {"A": 6101, "B": 6102, "C": 6103, "D": 6104}
SUPPORTER_IDS = [6111 + n for n in range(7)]

ENVIRONMENT: list[tuple[int, str, int, str, str]] = [
    (1, "A", 7, "high", "3m"),
    (2, "B", 3, "high", "12m"),
    (3, "D", 3, "high", "3m"),
    (4, "D", 1, "high", "3m"),
    (5, "D", 0, "high", "3m"),
    (6, "D", 0, "medium", "3m"),
    (7, "D", 0, "high", "long"),
    (8, "D", 0, "medium", "12m"),
    (9, "D", 0, "low", "12m"),
    (10, "D", 0, "medium", "long"),
    (11, "D", 1, "low", "long"),
    (12, "D", 0, "low", "long"),
    (13, "D", 7, "high", "3m"),
    (14, "D", 7, "high", "3m"),
    (15, "D", 7, "high", "3m"),
    (16, "D", 7, "high", "3m"),
]
OTHERS: list[tuple[int, str, int, str, str, dict[str, Any]]] = [
    (21, "C", 0, "low", "long", {"dimension": "economy", "sub_element": "industry"}),
    (
        22,
        "D",
        1,
        "medium",
        "12m",
        {"dimension": "economy", "sub_element": "industry", "agency": "Dinkes"},
    ),
    (31, "D", 0, "high", "3m", {"dimension": None, "sub_element": None}),
]
AUTHORS: dict[str, dict[str, Any]] = {
    "A": {"represents": 99, "represents_unit": "people", "mandate": "confirmed"},
    "B": {"represents": 198, "represents_unit": "people", "name_visible": True},
    "C": {"represents": 25, "represents_unit": "households", "mandate": "confirmed"},
    "D": {"name_visible": False},
}


@dataclass
class Seeded:
    proposals: dict[int, int] = field(default_factory=dict)  # number → proposal id
    people: dict[str, int] = field(default_factory=dict)  # "A", "S1" … → participant id


def _person(number: int, telegram_id: int, locale: str, **changes: Any) -> Participant:
    person = participant(number, name_visible=None)
    person.telegram_user_id = telegram_id
    person.locale = locale
    for key, value in changes.items():
        setattr(person, key, value)
    return person


async def seed_shortlist(database: Database) -> Seeded:
    seeded = Seeded()
    async with database.transaction() as session:
        round_ = ConsultationRound(name="Putaran 1 2026", opens_at=T0 - dt.timedelta(days=30))
        people = {
            key: _person(i + 1, AUTHOR_IDS[key], "id" if key in "AB" else "en", **AUTHORS[key])
            for i, key in enumerate(AUTHORS)
        }
        for n, telegram_id in enumerate(SUPPORTER_IDS, start=1):
            people[f"S{n}"] = _person(10 + n, telegram_id, "en" if n % 2 else "id")
        session.add_all([round_, *people.values()])
        await session.flush()
        seeded.people = {key: p.id for key, p in people.items()}
        rows = [(*row, {}) for row in ENVIRONMENT] + OTHERS
        for number, author, supports, urgency, speed, extra in rows:
            item = proposal(
                number, people[author].id, round_.id, urgency=urgency, time_to_result=speed, **extra
            )
            if number == 15:
                item.hidden_at, item.hidden_reason = T0, "Iklan"
            if number == 16:
                item.status, item.withdrawn_at = "withdrawn", T0
            session.add(item)
            await session.flush()
            seeded.proposals[number] = item.id
            session.add_all(_supports(item.id, supports, seeded.people))
            session.add_all(_responses(number, item.id, str(extra.get("agency", "DLH"))))
            if number == 14:
                item.agency = "Dinkes"  # forwarded after DLH's answer
    return seeded


def _supports(proposal_id: int, count: int, people: dict[str, int]) -> list[Support]:
    return [
        Support(proposal_id=proposal_id, participant_id=people[f"S{n}"], created_at=T0)
        for n in range(1, count + 1)
    ]


def _responses(number: int, proposal_id: int, agency: str) -> list[Response]:
    def answer(kind: str, minutes: int) -> Response:
        at = T0 + dt.timedelta(hours=1, minutes=minutes)
        return Response(
            proposal_id=proposal_id, opd_code=agency, kind=kind, responded_by=1, responded_at=at
        )

    found = [answer("quick_win", 0)]
    if number == 13:
        found.append(answer("next_year", 5))
    return found
