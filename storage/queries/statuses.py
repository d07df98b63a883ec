"""Proposal status changes: the history, and the notifications still to send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Participant, Proposal, ProposalStatusChange


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


def add_change(
    session: AsyncSession,
    proposal_id: int,
    status: str,
    reason: str | None,
    merged_into_id: int | None,
    by: int | None,
    now: datetime,
) -> ProposalStatusChange:
    """A change of status, still to be told to the participant (notified_at unset)."""
    change = ProposalStatusChange(
        proposal_id=proposal_id,
        status=status,
        reason=reason,
        merged_into_id=merged_into_id,
        changed_by=by,
        changed_at=now,
        notified_at=None,
    )
    session.add(change)
    return change


async def with_proposal_and_author(
    session: AsyncSession, change_id: int
) -> tuple[ProposalStatusChange, Proposal, Participant] | None:
    """A change with its proposal and the participant who sent it; None when one is gone."""
    change = await session.get(ProposalStatusChange, change_id)
    proposal = await session.get(Proposal, change.proposal_id) if change else None
    participant = await session.get(Participant, proposal.participant_id) if proposal else None
    if change is None or proposal is None or participant is None:
        return None
    return change, proposal, participant
