"""The OPD response indicator: proposals assigned to each perangkat daerah and how many it has
answered, counted in SQL (one GROUP BY, no query per OPD); the reminders of the unanswered.

A proposal is *assigned* to OPD X while its ``agency`` is X, its status is one of the open
statuses and it is not hidden; it is *answered* once X has a tanggapan (a Response) for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert_ignore
from storage.models import OpdReminder, Proposal
from storage.queries import responses


@dataclass(frozen=True)
class Counted:
    assigned: int
    answered: int


def _assigned(
    open_statuses: Sequence[str], kecamatan_code: str | None, round_id: int | None
) -> list[ColumnElement[bool]]:
    conditions = responses.in_play(open_statuses)
    if kecamatan_code is not None:
        conditions.append(Proposal.kecamatan_code == kecamatan_code)
    if round_id is not None:
        conditions.append(Proposal.round_id == round_id)
    return conditions


async def per_opd(
    session: AsyncSession,
    open_statuses: Sequence[str],
    *,
    kecamatan_code: str | None = None,
    round_id: int | None = None,
) -> dict[str, Counted]:
    """Agency key → (assigned, answered), for the agencies with at least one assigned."""
    answered = func.sum(case((responses.answered_by_its_opd(), 1), else_=0))
    query = (
        select(Proposal.agency, func.count(Proposal.id), answered)
        .where(*_assigned(open_statuses, kecamatan_code, round_id))
        .group_by(Proposal.agency)
    )
    rows = await session.execute(query)
    return {agency: Counted(int(total), int(done or 0)) for agency, total, done in rows}


async def waiting_since(
    session: AsyncSession, open_statuses: Sequence[str], before: datetime
) -> dict[str, int]:
    """Agency key → its assigned proposals still unanswered that reached it before `before`
    (when it was assigned; for older rows without that moment, when it was submitted)."""
    reached = func.coalesce(Proposal.assigned_at, Proposal.submitted_at)
    query = (
        select(Proposal.agency, func.count(Proposal.id))
        .where(*_assigned(open_statuses, None, None), reached < before)
        .where(~responses.answered_by_its_opd())
        .group_by(Proposal.agency)
    )
    return {agency: int(count) for agency, count in await session.execute(query)}


async def claim_reminder(session: AsyncSession, opd_code: str, day: date, now: datetime) -> bool:
    """True once per OPD and day: a restart or another worker gets False."""
    return await insert_ignore(session, OpdReminder, opd_code=opd_code, day=day, sent_at=now)


async def release_reminder(session: AsyncSession, opd_code: str, day: date) -> None:
    """Nobody of the OPD could be reached (the network): it is tried again at the next pass."""
    await session.execute(
        delete(OpdReminder).where(OpdReminder.opd_code == opd_code, OpdReminder.day == day)
    )
