"""The "A atau B?" answers (bot/priorities): what the pair choice and the ranking read,
one answer written once, the voter forgotten on erasure. Never commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.dialect import insert_ignore
from storage.models import Broadcast, Comparison, ConsultationRound, Participant, Proposal
from storage.queries.supports import visible


async def rankable_ids(session: AsyncSession, round_id: int, kecamatan_code: str) -> list[int]:
    """The proposals of a kecamatan in a round that take part in its prioritisation: visible
    (not hidden, withdrawn or merged), oldest first."""
    query = (
        select(Proposal.id)
        .where(Proposal.round_id == round_id, Proposal.kecamatan_code == kecamatan_code)
        .where(visible())
        .order_by(Proposal.id)
    )
    return list((await session.execute(query)).scalars())


async def counted(
    session: AsyncSession, round_id: int, kecamatan_code: str
) -> list[tuple[int, int, str]]:
    """(first_id, second_id, outcome) of every counted answer of a kecamatan in a round."""
    query = select(Comparison.first_id, Comparison.second_id, Comparison.outcome).where(
        Comparison.round_id == round_id,
        Comparison.kecamatan_code == kecamatan_code,
        Comparison.counted.is_(True),
    )
    return [(row[0], row[1], row[2]) for row in await session.execute(query)]


async def shown_counts(session: AsyncSession, round_id: int, kecamatan_code: str) -> dict[int, int]:
    """How often each proposal of a kecamatan was shown and answered in a round (every row,
    skips and votes on one's own proposal included): one GROUP BY over both sides of the pair,
    read through ix_comparisons_round_kecamatan."""
    mine = (Comparison.round_id == round_id, Comparison.kecamatan_code == kecamatan_code)
    sides = union_all(
        select(Comparison.first_id.label("proposal_id")).where(*mine),
        select(Comparison.second_id.label("proposal_id")).where(*mine),
    ).subquery()
    query = select(sides.c.proposal_id, func.count()).group_by(sides.c.proposal_id)
    return {int(row[0]): int(row[1]) for row in await session.execute(query)}


async def seen_pairs(session: AsyncSession, participant_id: int) -> set[tuple[int, int]]:
    """Every pair this person answered (skips too), as (first_id, second_id): read from the
    unique index (participant_id, first_id, second_id) alone. Proposal ids belong to one round
    and one kecamatan, so pairs of other rounds never match a candidate and need no filter."""
    query = select(Comparison.first_id, Comparison.second_id).where(
        Comparison.participant_id == participant_id
    )
    return {(int(row[0]), int(row[1])) for row in await session.execute(query)}


async def compared_count(session: AsyncSession, participant_id: int, round_id: int | None) -> int:
    """How many pairs this person compared (not skipped), in one round or in all."""
    query = select(func.count(Comparison.id)).where(
        Comparison.participant_id == participant_id, Comparison.outcome != "skip"
    )
    if round_id is not None:
        query = query.where(Comparison.round_id == round_id)
    return int((await session.execute(query)).scalar_one())


@dataclass(frozen=True)
class Card:
    """What a pair's message shows of one proposal."""

    proposal_id: int
    reference: str
    problem: str
    desa_code: str
    author_id: int


async def cards(session: AsyncSession, proposal_ids: Iterable[int]) -> dict[int, Card]:
    query = select(
        Proposal.id,
        Proposal.reference,
        Proposal.problem,
        Proposal.desa_code,
        Proposal.participant_id,
    ).where(Proposal.id.in_(sorted(set(proposal_ids))))
    return {row[0]: Card(*row) for row in await session.execute(query)}


async def record(
    session: AsyncSession,
    round_id: int,
    kecamatan_code: str,
    participant_id: int,
    pair: tuple[int, int],
    outcome: str,
    counted: bool,
    now: datetime,
) -> bool:
    """One answer; False (and nothing written) when this person already answered this pair
    (a double tap, a redelivered update, an old button)."""
    first, second = pair
    return await insert_ignore(
        session,
        Comparison,
        round_id=round_id,
        kecamatan_code=kecamatan_code,
        participant_id=participant_id,
        first_id=first,
        second_id=second,
        outcome=outcome,
        counted=counted,
        created_at=now,
    )


async def latest_invitation(session: AsyncSession, kecamatan_code: str) -> datetime | None:
    """When the newest invitation to prioritise that reached this kecamatan (its own, or the
    regency's) was queued; cancelled ones do not count."""
    query = select(func.max(Broadcast.created_at)).where(
        Broadcast.kind == "prioritise",
        Broadcast.status != "cancelled",
        or_(Broadcast.kecamatan_code == kecamatan_code, Broadcast.kecamatan_code.is_(None)),
    )
    return (await session.execute(query)).scalar_one_or_none()


async def ranked_places(
    session: AsyncSession, round_id: int | None, kecamatan_code: str | None
) -> list[tuple[int, str]]:
    """(round id, kecamatan code) of every ranking with answers, within an export's scope."""
    query = select(Comparison.round_id, Comparison.kecamatan_code).distinct()
    if round_id is not None:
        query = query.where(Comparison.round_id == round_id)
    if kecamatan_code is not None:
        query = query.where(Comparison.kecamatan_code == kecamatan_code)
    query = query.order_by(Comparison.round_id, Comparison.kecamatan_code)
    return [(int(row[0]), str(row[1])) for row in await session.execute(query)]


async def forget_voters(session: AsyncSession, participant_ids: ColumnElement[bool]) -> None:
    """Erasure: the votes stay in the ranking but lead to nobody."""
    await session.execute(update(Comparison).where(participant_ids).values(participant_id=None))


async def kecamatan_of(session: AsyncSession, participant_id: int) -> str | None:
    """The kecamatan a recipient of the invitation is registered in."""
    query = select(Participant.kecamatan_code).where(Participant.id == participant_id)
    return (await session.execute(query)).scalar_one_or_none()


async def claim_invitation(session: AsyncSession, round_id: int, now: datetime) -> bool:
    """Mark the round's invitation to prioritise as queued, once: False when it already was
    (another admin, the date watcher, a redelivered update)."""
    statement = (
        update(ConsultationRound)
        .where(ConsultationRound.id == round_id, ConsultationRound.invited_at.is_(None))
        .values(invited_at=now)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


@dataclass(frozen=True)
class Answered:
    """One of a person's answers, for /datasaya."""

    round_id: int
    first: str  # references, in stored order
    second: str
    outcome: str
    counted: bool
    created_at: datetime


async def of_participant(session: AsyncSession, participant_id: int) -> list[Answered]:
    first, second = aliased(Proposal), aliased(Proposal)
    query = (
        select(
            Comparison.round_id,
            first.reference,
            second.reference,
            Comparison.outcome,
            Comparison.counted,
            Comparison.created_at,
        )
        .join(first, first.id == Comparison.first_id)
        .join(second, second.id == Comparison.second_id)
        .where(Comparison.participant_id == participant_id)
        .order_by(Comparison.id)
    )
    return [Answered(*row) for row in await session.execute(query)]
