"""Representatives and their mandates: who speaks for a group, and a coordinator's word on it
(bot/staff/mandates.py)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Notice, Participant

NOTICE_KIND = "mandate"
CONFIRMED = "confirmed"
DECLINED = "declined"


def _representatives(kecamatan: Collection[str] | None) -> list[ColumnElement[bool]]:
    """Registered, not erased, speaking for others (a resident has no headcount)."""
    conditions: list[ColumnElement[bool]] = [
        Participant.registered_at.is_not(None),
        Participant.erased_at.is_(None),
        Participant.represents.is_not(None),
    ]
    if kecamatan is not None:
        conditions.append(Participant.kecamatan_code.in_(sorted(kecamatan)))
    return conditions


async def representatives(
    session: AsyncSession, kecamatan: Collection[str] | None, offset: int, limit: int
) -> tuple[list[Participant], int]:
    """One page of representatives (None: everywhere), those waiting for a word first, and
    how many there are in all."""
    conditions = _representatives(kecamatan)
    waiting_first = case((Participant.mandate.is_(None), 0), else_=1)
    query = (
        select(Participant)
        .where(*conditions)
        .order_by(waiting_first, Participant.id)
        .offset(offset)
        .limit(limit)
    )
    found = list((await session.execute(query)).scalars())
    total = await session.scalar(select(func.count(Participant.id)).where(*conditions))
    return found, int(total or 0)


async def representative(session: AsyncSession, participant_id: int) -> Participant | None:
    query = select(Participant).where(Participant.id == participant_id, *_representatives(None))
    return (await session.execute(query)).scalar_one_or_none()


def decide(participant: Participant, decision: str, by: int, now: datetime) -> None:
    participant.mandate = decision
    participant.mandate_by = by
    participant.mandate_at = now


async def next_decision_number(session: AsyncSession, participant_id: int) -> int:
    """The subject of the notice a new decision owes: one more than the notices so far, so
    a changed decision is told again, and the same decision twice is not (no new number)."""
    return await _decisions_told(session, participant_id) + 1


async def is_latest_notice(session: AsyncSession, participant_id: int, subject_id: int) -> bool:
    """Whether this is the notice of the newest decision (an older one unsent says nothing)."""
    return subject_id >= await _decisions_told(session, participant_id)


async def _decisions_told(session: AsyncSession, participant_id: int) -> int:
    query = select(func.max(Notice.subject_id)).where(
        Notice.kind == NOTICE_KIND, Notice.participant_id == participant_id
    )
    return int(await session.scalar(query) or 0)


@dataclass(frozen=True)
class MandateCounts:
    representatives: int
    confirmed: int
    people_confirmed: int  # people (or households) the confirmed representatives speak for


async def per_kecamatan(
    session: AsyncSession, kecamatan_code: str | None
) -> dict[str, MandateCounts]:
    """For /rekap and /statistik, per kecamatan code (None: all): representatives, confirmed
    ones, and how many the confirmed ones speak for."""
    scope = None if kecamatan_code is None else [kecamatan_code]
    confirmed = Participant.mandate == CONFIRMED
    query = (
        select(
            Participant.kecamatan_code,
            func.count(Participant.id),
            func.count(case((confirmed, Participant.id))),
            func.coalesce(func.sum(case((confirmed, Participant.represents), else_=0)), 0),
        )
        .where(*_representatives(scope))
        .group_by(Participant.kecamatan_code)
    )
    rows = (await session.execute(query)).all()
    return {str(k): MandateCounts(int(n), int(c), int(p)) for k, n, c, p in rows if k}


def total(counts: Collection[MandateCounts]) -> MandateCounts:
    return MandateCounts(
        sum(c.representatives for c in counts),
        sum(c.confirmed for c in counts),
        sum(c.people_confirmed for c in counts),
    )
