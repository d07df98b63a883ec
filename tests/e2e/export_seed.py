"""Proposals written straight into the database, for export tests that need volume."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storage.db import Database
from storage.models import ConsultationRound, Participant, Proposal

T0 = dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.UTC)  # 09.30 WIB
SETU = "32.16.18"
SETU_DESA = "32.16.18.2001"
CIBITUNG = "32.16.07"
CIBITUNG_DESA = "32.16.07.2002"
RISKY = ("=1+2", "+SUM(A1:A2)", "-3+4", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")')


@dataclass
class Seeded:
    rounds: list[int] = field(default_factory=list)
    participants: list[int] = field(default_factory=list)
    references: dict[str, dict[str, Any]] = field(default_factory=dict)


def proposal(number: int, participant_id: int, round_id: int, **changes: Any) -> Proposal:
    values: dict[str, Any] = {
        "reference": f"SET-{number:04d}",
        "participant_id": participant_id,
        "round_id": round_id,
        "kecamatan_code": SETU,
        "desa_code": SETU_DESA,
        "dimension": "environment",
        "sub_element": "waste",
        "problem": f"Sampah menumpuk di pinggir kali nomor {number}, bau dan banjir.",
        "causes": "Belum ada TPS dan jadwal angkut yang tetap.",
        "solution": "Bank sampah desa dan jadwal angkut dua kali seminggu.",
        "urgency": "high",
        "time_to_result": "3m",
        "needs": ["budget", "self_help"],
        "agency": "DLH",
        "beneficiaries": "300 KK di RW 03",
        "latitude": -6.3521,
        "longitude": 107.0412,
        "photos": ["file-a", "file-b"],
        "status": "submitted",
        "submitted_at": T0 + dt.timedelta(minutes=number),
        "updated_at": T0 + dt.timedelta(minutes=number),
    }
    values.update(changes)
    return Proposal(**values)


def participant(
    number: int, kecamatan: str = SETU, desa: str = SETU_DESA, name_visible: bool | None = True
) -> Participant:
    """A registered PKK member who let OPD staff see the name (None: never asked, as no)."""
    return Participant(
        pseudonym=f"P{number:05d}",
        telegram_user_id=900_000 + number,
        locale="id",
        consented_at=T0,
        display_name=f"Warga Nomor {number}",
        kecamatan_code=kecamatan,
        desa_code=desa,
        community_role="pkk",
        group_name=f"PKK RW {number:02d}",
        registered_at=T0,
        name_visible=name_visible,
    )


async def seed(database: Database, count: int = 0) -> Seeded:
    """Two rounds, three participants, and a varied set of proposals (plus `count` plain ones).

    SET-0001 … SET-0007: risky texts (formula injection), round 1, Setu.
    SET-0008: Cibitung, round 2, economy, no location. SET-0009: hidden. SET-0010: withdrawn.
    """
    seeded = Seeded()
    async with database.transaction() as session:
        rounds = [
            ConsultationRound(name="Putaran 1 2026", opens_at=T0 - dt.timedelta(days=30)),
            ConsultationRound(name="Putaran 2 2026", opens_at=T0 - dt.timedelta(days=1)),
        ]
        people = [participant(1), participant(2), participant(3, CIBITUNG, CIBITUNG_DESA)]
        session.add_all([*rounds, *people])
        await session.flush()
        seeded.rounds = [r.id for r in rounds]
        seeded.participants = [p.id for p in people]
        r1, r2 = seeded.rounds
        p1, p2, p3 = seeded.participants
        items = [proposal(i + 1, p1, r1, problem=text) for i, text in enumerate(RISKY)]
        items += [
            proposal(
                8,
                p3,
                r2,
                reference="CBT-0001",
                kecamatan_code=CIBITUNG,
                desa_code=CIBITUNG_DESA,
                dimension="economy",
                sub_element="industry",
                agency="unknown",
                latitude=None,
                longitude=None,
                photos=[],
            ),
            proposal(9, p2, r1, hidden_at=T0, hidden_reason="Iklan"),
            proposal(10, p2, r1, status="withdrawn", withdrawn_at=T0),
        ]
        items += [proposal(100 + i, p2, r2) for i in range(count)]
        session.add_all(items)
    return seeded
