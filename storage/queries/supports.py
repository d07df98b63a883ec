"""Supports: a resident joining a similar proposal of their kecamatan instead of repeating it.

A proposal can be supported while it is *visible*: not hidden, not withdrawn, not merged into
another. One support per person and proposal (the table's unique constraint): a second tap or
a redelivered update changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert_ignore
from storage.models import Participant, Proposal, Support

COMMENT_LENGTH = 200  # Support.comment
CANDIDATES = 1_000  # the newest proposals of a kecamatan that are compared, at most


def visible() -> ColumnElement[bool]:
    """A proposal one may still support (and be shown as a similar one)."""
    return and_(
        Proposal.hidden_at.is_(None),
        Proposal.withdrawn_at.is_(None),
        Proposal.status != "withdrawn",
        Proposal.merged_into_id.is_(None),
        Proposal.status != "merged",
    )


@dataclass(frozen=True)
class Candidate:
    proposal_id: int
    reference: str
    participant_id: int
    sub_element: str | None
    problem: str


@dataclass(frozen=True)
class Supporter:
    reference: str
    pseudonym: str
    comment: str | None
    created_at: datetime


async def candidates(
    session: AsyncSession, round_id: int, kecamatan_code: str, sub_element: str | None = None
) -> list[Candidate]:
    """Visible proposals of a kecamatan in one round (of one sub-element when given), newest
    first."""
    query = select(
        Proposal.id,
        Proposal.reference,
        Proposal.participant_id,
        Proposal.sub_element,
        Proposal.problem,
    ).where(Proposal.round_id == round_id, Proposal.kecamatan_code == kecamatan_code, visible())
    if sub_element is not None:
        query = query.where(Proposal.sub_element == sub_element)
    query = query.order_by(Proposal.id.desc()).limit(CANDIDATES)
    rows = await session.execute(query)
    return [Candidate(int(i), str(r), int(p), s, str(t)) for i, r, p, s, t in rows]


async def visible_proposal(session: AsyncSession, proposal_id: int) -> Proposal | None:
    """The proposal when it may be supported, else None (hidden, withdrawn, merged, missing)."""
    query = select(Proposal).where(Proposal.id == proposal_id, visible())
    return (await session.execute(query)).scalar_one_or_none()


async def add(
    session: AsyncSession, proposal_id: int, participant_id: int, comment: str | None, now: datetime
) -> bool:
    """Record a support; False (and nothing changed) when this person already supports it."""
    cleaned = (comment or "").strip()[:COMMENT_LENGTH] or None
    return await insert_ignore(
        session,
        Support,
        proposal_id=proposal_id,
        participant_id=participant_id,
        comment=cleaned,
        created_at=now,
    )


async def counts(session: AsyncSession, proposal_ids: Iterable[int]) -> dict[int, int]:
    """Supports per proposal id; a proposal without any is absent."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    query = (
        select(Support.proposal_id, func.count(Support.id))
        .where(Support.proposal_id.in_(ids))
        .group_by(Support.proposal_id)
    )
    return {int(p): int(n) for p, n in await session.execute(query)}


async def supporters(
    session: AsyncSession, proposal_conditions: Iterable[ColumnElement[bool]] = ()
) -> list[Supporter]:
    """Every support of the proposals matching the conditions, pseudonymous, by proposal."""
    query = (
        select(Proposal.reference, Participant.pseudonym, Support.comment, Support.created_at)
        .join(Proposal, Proposal.id == Support.proposal_id)
        .join(Participant, Participant.id == Support.participant_id)
        .where(*proposal_conditions)
        .order_by(Proposal.id, Support.created_at, Support.id)
    )
    return [Supporter(str(r), str(p), c, at) for r, p, c, at in await session.execute(query)]


async def of_participant(session: AsyncSession, participant_id: int) -> list[Supporter]:
    """The supports a person gave (for /datasaya)."""
    return await supporters(session, [Support.participant_id == participant_id])
