"""The quick-win shortlist: proposals their perangkat daerah called a possible quick win, and
the ones admins chose (QuickWin rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert_ignore
from storage.models import Participant, Proposal, QuickWin, Response, Support


@dataclass(frozen=True)
class Eligible:
    """A proposal whose current OPD's newest tanggapan is `kind` (read by the score)."""

    proposal_id: int
    reference: str
    dimension: str | None
    agency: str
    supports: int
    represents: int | None
    represents_unit: str | None
    mandate: str | None
    urgency: str
    time_to_result: str


async def newest_kinds(session: AsyncSession, proposal_ids: Iterable[int]) -> dict[int, str]:
    """Per proposal, the kind of the newest tanggapan of the OPD it is assigned to now (a
    forwarded proposal's old answers, from the OPD it left, do not count)."""
    ids = sorted(set(proposal_ids))
    if not ids:
        return {}
    query = (
        select(Response.proposal_id, Response.kind)
        .join(Proposal, Proposal.id == Response.proposal_id)
        .where(Response.proposal_id.in_(ids), Response.opd_code == Proposal.agency)
        .order_by(Response.id)
    )
    return {int(p): str(k) for p, k in await session.execute(query)}


async def eligible(
    session: AsyncSession,
    kind: str,
    open_statuses: Sequence[str],
    conditions: Iterable[ColumnElement[bool]] = (),
) -> list[Eligible]:
    """Visible proposals in one of `open_statuses` (and matching `conditions`) whose current
    OPD's newest tanggapan is `kind`, with their supports and their author's mandate."""
    supports = (
        select(func.count(Support.id))
        .where(Support.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )
    query = (
        select(
            Proposal.id,
            Proposal.reference,
            Proposal.dimension,
            Proposal.agency,
            supports,
            Participant.represents,
            Participant.represents_unit,
            Participant.mandate,
            Proposal.urgency,
            Proposal.time_to_result,
        )
        .join(Participant, Participant.id == Proposal.participant_id)
        .where(
            Proposal.status.in_(list(open_statuses)),
            Proposal.hidden_at.is_(None),
            Proposal.id.in_(select(Response.proposal_id).where(Response.kind == kind)),
            *conditions,
        )
        .order_by(Proposal.id)
    )
    rows = [_eligible(row) for row in await session.execute(query)]
    kinds = await newest_kinds(session, [e.proposal_id for e in rows])
    return [e for e in rows if kinds.get(e.proposal_id) == kind]


def _eligible(row: Sequence[Any]) -> Eligible:
    pid, ref, dimension, agency, supports, represents, unit, mandate, urgency, speed = row
    return Eligible(
        int(pid),
        str(ref),
        dimension,
        str(agency),
        int(supports or 0),
        represents,
        unit,
        mandate,
        str(urgency),
        str(speed),
    )


@dataclass(frozen=True)
class Chosen:
    proposal_id: int
    reference: str
    dimension: str | None


async def chosen(
    session: AsyncSession, conditions: Iterable[ColumnElement[bool]] = ()
) -> list[Chosen]:
    """The chosen quick wins (among the proposals matching `conditions`), oldest first."""
    query = (
        select(QuickWin.proposal_id, Proposal.reference, Proposal.dimension)
        .join(Proposal, Proposal.id == QuickWin.proposal_id)
        .where(*conditions)
        .order_by(QuickWin.chosen_at, QuickWin.proposal_id)
    )
    return [Chosen(int(p), str(r), d) for p, r, d in await session.execute(query)]


async def is_chosen(session: AsyncSession, proposal_id: int) -> bool:
    return await session.get(QuickWin, proposal_id) is not None


async def choose(session: AsyncSession, proposal_id: int, by: int, now: datetime) -> bool:
    """Mark a quick win; False (nothing changed) when it already was one."""
    return await insert_ignore(
        session, QuickWin, proposal_id=proposal_id, chosen_by=by, chosen_at=now
    )


async def unchoose(session: AsyncSession, proposal_id: int) -> bool:
    """Unmark a quick win; False when it was not one."""
    result = await session.execute(delete(QuickWin).where(QuickWin.proposal_id == proposal_id))
    return bool(getattr(result, "rowcount", 0))


async def proposal(session: AsyncSession, proposal_id: int) -> Proposal | None:
    return await session.get(Proposal, proposal_id)


async def supporter_ids(session: AsyncSession, proposal_id: int) -> list[int]:
    """The participants who joined the proposal (each once: supports are unique)."""
    query = select(Support.participant_id).where(Support.proposal_id == proposal_id)
    return sorted(int(p) for p in (await session.execute(query)).scalars())
