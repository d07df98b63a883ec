"""Tanggapan of the perangkat daerah, and the proposals waiting for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
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


async def latest(
    session: AsyncSession, proposal_ids: Iterable[int], opd_code: str | None = None
) -> dict[int, Response]:
    """Per proposal, its newest tanggapan (by `opd_code` only, when given)."""
    ids = sorted(set(proposal_ids))
    if not ids:
        return {}
    query = select(Response).where(Response.proposal_id.in_(ids))
    if opd_code is not None:
        query = query.where(Response.opd_code == opd_code)
    newest: dict[int, Response] = {}
    for response in (await session.execute(query.order_by(Response.id))).scalars():
        newest[response.proposal_id] = response
    return newest


async def history(session: AsyncSession, proposal_id: int) -> list[Response]:
    """Every tanggapan of a proposal, newest first."""
    query = (
        select(Response)
        .where(Response.proposal_id == proposal_id)
        .order_by(Response.responded_at.desc(), Response.id.desc())
    )
    return list((await session.execute(query)).scalars())
