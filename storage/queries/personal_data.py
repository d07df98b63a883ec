"""Everything stored about one person, for /datasaya (UU 27/2022: the right of access)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditEntry,
    Broadcast,
    Delivery,
    Dialogue,
    Invitation,
    Participant,
    Proposal,
    ProposalStatusChange,
    ResultFeedback,
    StaffRole,
)
from storage.queries.erasure import mentions, names_any


@dataclass(frozen=True)
class PersonalData:
    telegram_id: int
    participant: Participant | None  # None: staff who never took part as a participant
    proposals: list[Proposal]
    history: dict[int, list[ProposalStatusChange]]  # by proposal id, oldest first
    references: dict[int, str]  # proposal id → reference, for merges into other proposals
    draft: Dialogue | None
    received: list[tuple[Delivery, Broadcast]]
    activity: list[AuditEntry]
    staff_roles: list[StaffRole] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    written: list[Broadcast] = field(default_factory=list)
    feedback: list[ResultFeedback] = field(default_factory=list)  # on the results of a round


async def about(
    session: AsyncSession, telegram_id: int, participant: Participant | None
) -> PersonalData:
    participant_id = participant.id if participant is not None else None
    proposals = await _proposals(session, participant_id)
    history = await _history(session, [p.id for p in proposals])
    merged = {c.merged_into_id for cs in history.values() for c in cs if c.merged_into_id}
    merged |= {p.merged_into_id for p in proposals if p.merged_into_id}
    return PersonalData(
        telegram_id=telegram_id,
        participant=participant,
        proposals=proposals,
        history=history,
        references=await _references(session, merged),
        draft=await session.get(Dialogue, telegram_id),
        received=await _received(session, participant_id),
        activity=await _activity(session, participant_id, telegram_id, proposals),
        staff_roles=await _roles(session, telegram_id),
        invitations=await _invitations(session, telegram_id),
        written=await _written(session, telegram_id),
        feedback=await _feedback(session, participant_id),
    )


async def _proposals(session: AsyncSession, participant_id: int | None) -> list[Proposal]:
    if participant_id is None:
        return []
    query = select(Proposal).where(Proposal.participant_id == participant_id)
    return list(await session.scalars(query.order_by(Proposal.submitted_at, Proposal.id)))


async def _history(
    session: AsyncSession, proposal_ids: list[int]
) -> dict[int, list[ProposalStatusChange]]:
    query = (
        select(ProposalStatusChange)
        .where(ProposalStatusChange.proposal_id.in_(proposal_ids))
        .order_by(ProposalStatusChange.changed_at, ProposalStatusChange.id)
    )
    found: dict[int, list[ProposalStatusChange]] = {i: [] for i in proposal_ids}
    for change in await session.scalars(query):
        found[change.proposal_id].append(change)
    return found


async def _references(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    query = select(Proposal.id, Proposal.reference).where(Proposal.id.in_(sorted(ids)))
    return {row.id: row.reference for row in await session.execute(query)}


async def _received(
    session: AsyncSession, participant_id: int | None
) -> list[tuple[Delivery, Broadcast]]:
    if participant_id is None:  # "= NULL" would be every erased person's deliveries
        return []
    query = (
        select(Delivery, Broadcast)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(Delivery.participant_id == participant_id)
        .order_by(Delivery.id)
    )
    return [(row[0], row[1]) for row in await session.execute(query)]


async def _activity(
    session: AsyncSession, participant_id: int | None, telegram_id: int, proposals: list[Proposal]
) -> list[AuditEntry]:
    """Entries they caused, entries about their proposals, entries that carry their id."""
    references = [p.reference for p in proposals]
    about = [AuditEntry.subject.in_(references), mentions({telegram_id})]
    if participant_id is not None:  # "= NULL" would be every entry without an actor
        about.append(AuditEntry.actor_participant_id == participant_id)
    query = select(AuditEntry).where(or_(*about)).order_by(AuditEntry.at, AuditEntry.id)
    entries = list(await session.scalars(query))
    return [e for e in entries if _really_about(e, participant_id, references, telegram_id)]


def _really_about(
    entry: AuditEntry, participant_id: int | None, references: list[str], telegram_id: int
) -> bool:
    # The text match above is coarse (4001 is inside 140012): keep what truly names them.
    mine = participant_id is not None and entry.actor_participant_id == participant_id
    if mine or entry.subject in references:
        return True
    return entry.subject == str(telegram_id) or names_any(entry.details, frozenset({telegram_id}))


async def _invitations(session: AsyncSession, telegram_id: int) -> list[Invitation]:
    query = select(Invitation).where(
        or_(Invitation.used_by == telegram_id, Invitation.created_by == telegram_id)
    )
    return list(await session.scalars(query.order_by(Invitation.created_at)))


async def _roles(session: AsyncSession, telegram_id: int) -> list[StaffRole]:
    query = select(StaffRole).where(StaffRole.telegram_user_id == telegram_id)
    return list(await session.scalars(query.order_by(StaffRole.granted_at)))


async def _written(session: AsyncSession, telegram_id: int) -> list[Broadcast]:
    query = select(Broadcast).where(Broadcast.author_telegram_id == telegram_id)
    return list(await session.scalars(query.order_by(Broadcast.created_at)))


async def _feedback(session: AsyncSession, participant_id: int | None) -> list[ResultFeedback]:
    if participant_id is None:
        return []
    query = (
        select(ResultFeedback)
        .where(ResultFeedback.participant_id == participant_id)
        .order_by(ResultFeedback.round_id)
    )
    return list((await session.execute(query)).scalars())
