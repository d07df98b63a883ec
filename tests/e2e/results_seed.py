"""A round in hasil with two kecamatan, written straight into the database, with its hand count.

Tarumajaya (TRJ): four proposals; T1 wrote TRJ-0001 and TRJ-0002, T4 TRJ-0003 and TRJ-0004,
T2 supported TRJ-0001; T2 and T3 compared every pair for the stronger of 4 > 2 > 1 > 3, so the
order is TRJ-0004, TRJ-0002, TRJ-0001, TRJ-0003; took part: T1–T4 (T5 registered, did
nothing). Its perangkat daerah answered TRJ-0004 "next year".
Babelan (BBL): B1 wrote BBL-0001 (nobody compared: the order is by supports); B2 registered,
did nothing. BBL-0001 is the regency's quick win. Everyone speaks English except T2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import combinations

from storage.db import Database
from storage.models import (
    Comparison,
    ConsultationRound,
    Participant,
    Proposal,
    QuickWin,
    Response,
    Support,
)

from .broadcast_helpers import BABELAN, BAHAGIA, SEGARAJAYA, TARUMAJAYA

NOW = dt.datetime.now(dt.UTC)
ROUND_NAME = "Putaran Hasil 2026"
PEOPLE = {"T1": 7101, "T2": 7102, "T3": 7103, "T4": 7104, "T5": 7105, "B1": 7201, "B2": 7202}
PROBLEMS = {
    "TRJ-0001": "Jalan desa rusak parah di Segarajaya",
    "TRJ-0002": "Lampu jalan mati di RW 05",
    "TRJ-0003": "Sampah menumpuk di pinggir kali",
    "TRJ-0004": "Banjir setiap hujan di depan pasar",
    "BBL-0001": "Puskesmas pembantu kekurangan obat",
}
ORDER = ["TRJ-0004", "TRJ-0002", "TRJ-0001", "TRJ-0003"]
STRONGER = {"TRJ-0004": 4, "TRJ-0002": 3, "TRJ-0001": 2, "TRJ-0003": 1}


@dataclass
class Seeded:
    round_id: int = 0
    people: dict[str, int] = field(default_factory=dict)  # "T1" → participant id
    proposals: dict[str, int] = field(default_factory=dict)  # reference → id


def person(key: str, telegram_id: int, locale: str = "en") -> Participant:
    babelan = key.startswith("B")
    return Participant(
        pseudonym=f"R-{telegram_id}",
        telegram_user_id=telegram_id,
        locale=locale,
        consented_at=NOW,
        display_name=f"Warga {key}",
        kecamatan_code=BABELAN if babelan else TARUMAJAYA,
        desa_code=BAHAGIA if babelan else SEGARAJAYA,
        community_role="warga",
        registered_at=NOW,
        name_visible=False,  # the naming question answered: it does not interject
    )


def in_hasil(name: str = ROUND_NAME) -> ConsultationRound:
    return ConsultationRound(
        name=name,
        opens_at=NOW - dt.timedelta(days=30),
        closes_at=NOW - dt.timedelta(days=10),
        results_at=NOW - dt.timedelta(days=1),
    )


def proposal(reference: str, author: int, round_id: int) -> Proposal:
    babelan = reference.startswith("BBL")
    return Proposal(
        reference=reference,
        participant_id=author,
        round_id=round_id,
        kecamatan_code=BABELAN if babelan else TARUMAJAYA,
        desa_code=BAHAGIA if babelan else SEGARAJAYA,
        dimension="environment",
        sub_element="waste",
        problem=PROBLEMS[reference],
        causes="-",
        solution="-",
        urgency="high",
        time_to_result="3m",
        needs=["budget"],
        agency="DSDABMBK",
        photos=[],
        status="submitted",
        submitted_at=NOW - dt.timedelta(days=20),
        updated_at=NOW - dt.timedelta(days=20),
    )


async def seed_results(database: Database) -> Seeded:
    seeded = Seeded()
    async with database.transaction() as session:
        found = in_hasil()
        people = {k: person(k, i, "id" if k == "T2" else "en") for k, i in PEOPLE.items()}
        session.add_all([found, *people.values()])
        await session.flush()
        seeded.round_id = found.id
        seeded.people = {k: p.id for k, p in people.items()}
        authors = {"TRJ-0001": "T1", "TRJ-0002": "T1", "TRJ-0003": "T4", "TRJ-0004": "T4"}
        authors["BBL-0001"] = "B1"
        rows = {ref: proposal(ref, seeded.people[a], found.id) for ref, a in authors.items()}
        session.add_all(rows.values())
        await session.flush()
        seeded.proposals = {ref: p.id for ref, p in rows.items()}
        session.add(
            Support(
                proposal_id=rows["TRJ-0001"].id, participant_id=seeded.people["T2"], created_at=NOW
            )
        )
        session.add_all(_comparisons(seeded, found.id))
        session.add(
            Response(
                proposal_id=rows["TRJ-0004"].id,
                opd_code="DSDABMBK",
                kind="next_year",
                explanation="APBD 2027",
                responded_at=NOW,
            )
        )
        session.add(QuickWin(proposal_id=rows["BBL-0001"].id, chosen_by=1, chosen_at=NOW))
    return seeded


def _comparisons(seeded: Seeded, round_id: int) -> list[Comparison]:
    """T3 and T2 answered every Tarumajaya pair for the stronger one (first_id < second_id)."""
    found = []
    for voter in ("T3", "T2"):
        for a, b in combinations(ORDER, 2):
            first, second = sorted((seeded.proposals[a], seeded.proposals[b]))
            winner = a if STRONGER[a] > STRONGER[b] else b
            outcome = "first" if seeded.proposals[winner] == first else "second"
            found.append(
                Comparison(
                    round_id=round_id,
                    kecamatan_code=TARUMAJAYA,
                    participant_id=seeded.people[voter],
                    first_id=first,
                    second_id=second,
                    outcome=outcome,
                    counted=True,
                    created_at=NOW,
                )
            )
    return found
