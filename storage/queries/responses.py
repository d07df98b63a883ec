"""Tanggapan of the perangkat daerah, and the proposals waiting for them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Proposal, Response


def add(
    session: AsyncSession,
    proposal: Proposal,
    opd_code: str,
    kind: str,
    by: int | None,
    now: datetime,
    *,
    explanation: str | None = None,
    programme: str | None = None,
    forwarded_to: str | None = None,
) -> Response:
    """A new tanggapan (a revision is a new row); a forward moves the proposal to the OPD
    named, which then owes a tanggapan of its own."""
    response = Response(
        proposal_id=proposal.id,
        opd_code=opd_code,
        kind=kind,
        explanation=explanation,
        programme=programme,
        forwarded_to=forwarded_to,
        responded_by=by,
        responded_at=now,
    )
    session.add(response)
    if forwarded_to is not None:
        proposal.agency = forwarded_to
        proposal.assigned_at = now
    return response


def in_play(open_statuses: Collection[str]) -> list[ColumnElement[bool]]:
    """A proposal waiting for a tanggapan: one of the caller's OPEN_STATUSES, not hidden."""
    return [Proposal.status.in_(sorted(open_statuses)), Proposal.hidden_at.is_(None)]


def answered_by_its_opd() -> ColumnElement[bool]:
    """The OPD the proposal is assigned to now has given it a tanggapan (a forwarded
    proposal's answers from the OPD it left do not count)."""
    return exists().where(Response.proposal_id == Proposal.id, Response.opd_code == Proposal.agency)


async def history(session: AsyncSession, proposal_id: int) -> list[Response]:
    """Every tanggapan of a proposal, newest first."""
    query = (
        select(Response)
        .where(Response.proposal_id == proposal_id)
        .order_by(Response.responded_at.desc(), Response.id.desc())
    )
    return list((await session.execute(query)).scalars())
