from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import for_claim
from storage.models import ConsultationRound, Proposal


async def open_at(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.opens_at <= now)
        .where(or_(ConsultationRound.closes_at.is_(None), ConsultationRound.closes_at > now))
        .order_by(ConsultationRound.opens_at.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def hold(session: AsyncSession, round_id: int) -> None:
    """Lock the round's row until the transaction ends, so that a read-then-write decision
    about it (one reminder a day) is taken by one transaction at a time. (PostgreSQL; on
    SQLite the writers already queue one by one.)"""
    query = select(ConsultationRound.id).where(ConsultationRound.id == round_id)
    await session.execute(query.with_for_update())


async def prioritising_at(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    """The newest round in its prioritas phase (bot.phases), if any."""
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.closes_at <= now)
        .where(or_(ConsultationRound.results_at.is_(None), ConsultationRound.results_at > now))
        .order_by(ConsultationRound.closes_at.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def in_results_at(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    """The newest round in its hasil phase, if any."""
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.results_at <= now)
        .order_by(ConsultationRound.results_at.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def results_ahead(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    """The round whose results come next (results_at still ahead), if one has a date."""
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.results_at > now)
        .order_by(ConsultationRound.results_at)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def next_after(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.opens_at > now)
        .order_by(ConsultationRound.opens_at)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def get(session: AsyncSession, round_id: int) -> ConsultationRound | None:
    return await session.get(ConsultationRound, round_id)


async def last_closed(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.closes_at <= now)
        .order_by(ConsultationRound.closes_at.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def listing(session: AsyncSession, limit: int = 10) -> list[ConsultationRound]:
    """The most recent rounds first (by opening)."""
    query = select(ConsultationRound).order_by(ConsultationRound.opens_at.desc()).limit(limit)
    return list((await session.execute(query)).scalars())


async def overlapping(
    session: AsyncSession, opens_at: datetime, closes_at: datetime
) -> ConsultationRound | None:
    """A round whose period shares some time with [opens_at, closes_at)."""
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.opens_at < closes_at)
        .where(or_(ConsultationRound.closes_at.is_(None), ConsultationRound.closes_at > opens_at))
        .order_by(ConsultationRound.opens_at)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def proposal_count(session: AsyncSession, round_id: int) -> int:
    query = select(func.count()).select_from(Proposal).where(Proposal.round_id == round_id)
    return int((await session.execute(query)).scalar_one())


async def create(
    session: AsyncSession,
    name: str,
    description: str | None,
    opens_at: datetime,
    closes_at: datetime,
) -> ConsultationRound:
    created = ConsultationRound(
        name=name, description=description, opens_at=opens_at, closes_at=closes_at
    )
    session.add(created)
    await session.flush()  # its id goes to the audit log
    return created


async def delete(session: AsyncSession, found: ConsultationRound) -> None:
    await session.delete(found)


async def phase_due(session: AsyncSession, now: datetime) -> list[ConsultationRound]:
    """Rounds whose prioritas or hasil has begun and was not announced yet; locked for this
    transaction (skipped by another worker's)."""
    prioritising = and_(ConsultationRound.closes_at <= now, ConsultationRound.invited_at.is_(None))
    results = and_(
        ConsultationRound.results_at <= now, ConsultationRound.results_queued_at.is_(None)
    )
    query = (
        select(ConsultationRound).where(or_(prioritising, results)).order_by(ConsultationRound.id)
    )
    return list((await session.execute(for_claim(session, query))).scalars())
