"""Proposal status changes: the history, and the notifications still to send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Proposal, ProposalStatusChange


async def by_reference(session: AsyncSession, reference: str) -> Proposal | None:
    query = select(Proposal).where(Proposal.reference == reference.strip().upper())
    return (await session.execute(query)).scalar_one_or_none()


async def by_references(session: AsyncSession, references: set[str]) -> dict[str, Proposal]:
    if not references:
        return {}
    query = select(Proposal).where(Proposal.reference.in_(sorted(references)))
    return {p.reference: p for p in (await session.execute(query)).scalars()}


async def history(session: AsyncSession, proposal_id: int) -> list[ProposalStatusChange]:
    """Newest first."""
    query = (
        select(ProposalStatusChange)
        .where(ProposalStatusChange.proposal_id == proposal_id)
        .order_by(ProposalStatusChange.changed_at.desc(), ProposalStatusChange.id.desc())
    )
    return list((await session.execute(query)).scalars())


async def references_of(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(Proposal.id, Proposal.reference).where(Proposal.id.in_(sorted(ids)))
    return {row.id: row.reference for row in await session.execute(query)}


async def pending_ids(session: AsyncSession, limit: int) -> list[int]:
    query = (
        select(ProposalStatusChange.id)
        .where(ProposalStatusChange.notified_at.is_(None))
        .order_by(ProposalStatusChange.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def pending_count(session: AsyncSession) -> int:
    query = select(func.count()).where(ProposalStatusChange.notified_at.is_(None))
    return int((await session.execute(query)).scalar_one())


async def claim(session: AsyncSession, change_id: int, now: datetime) -> bool:
    """Mark one change as being notified; False when another worker took it first."""
    result = await session.execute(
        update(ProposalStatusChange)
        .where(ProposalStatusChange.id == change_id)
        .where(ProposalStatusChange.notified_at.is_(None))
        .values(notified_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release(session: AsyncSession, change_id: int) -> None:
    """Put a change back in the queue (the notification could not be sent this time)."""
    await session.execute(
        update(ProposalStatusChange)
        .where(ProposalStatusChange.id == change_id)
        .values(notified_at=None)
    )
