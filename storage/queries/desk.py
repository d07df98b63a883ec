"""The OPD desk: the proposals assigned to one perangkat daerah, and who hears of a tanggapan.

A proposal is *assigned* to OPD X while `agency == X`, its status is one of `open_statuses`
(the caller's OPEN_STATUSES) and it is not hidden; it is *answered* once X has a Response."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Participant, Proposal, Response, Support
from storage.queries import responses


@dataclass(frozen=True)
class DeskFilter:
    opd_code: str
    open_statuses: Sequence[str]
    dimension: str | None = None  # a dimension key; None: every dimension
    kecamatan_code: str | None = None  # None: every kecamatan


@dataclass(frozen=True)
class DeskRow:
    id: int
    reference: str
    problem: str
    kecamatan_code: str
    desa_code: str
    supports: int
    answered: bool


def _assigned(opd_code: str, open_statuses: Collection[str]) -> list[ColumnElement[bool]]:
    return [Proposal.agency == opd_code, *responses.in_play(open_statuses)]


def _conditions(wanted: DeskFilter) -> list[ColumnElement[bool]]:
    conditions = _assigned(wanted.opd_code, wanted.open_statuses)
    if wanted.dimension is not None:
        conditions.append(Proposal.dimension == wanted.dimension)
    if wanted.kecamatan_code is not None:
        conditions.append(Proposal.kecamatan_code == wanted.kecamatan_code)
    return conditions


async def count(session: AsyncSession, wanted: DeskFilter) -> int:
    query = select(func.count()).select_from(Proposal).where(*_conditions(wanted))
    return int((await session.execute(query)).scalar_one())


async def count_unanswered(
    session: AsyncSession, opd_code: str, open_statuses: Collection[str]
) -> int:
    conditions = [*_assigned(opd_code, open_statuses), ~responses.answered_by_its_opd()]
    query = select(func.count()).select_from(Proposal).where(*conditions)
    return int((await session.execute(query)).scalar_one())


async def page(session: AsyncSession, wanted: DeskFilter, offset: int, limit: int) -> list[DeskRow]:
    """Unanswered first, then the newest."""
    answered = case((responses.answered_by_its_opd(), 1), else_=0)
    supports = (
        select(func.count(Support.id)).where(Support.proposal_id == Proposal.id).scalar_subquery()
    )
    query = (
        select(
            Proposal.id,
            Proposal.reference,
            Proposal.problem,
            Proposal.kecamatan_code,
            Proposal.desa_code,
            supports,
            answered,
        )
        .where(*_conditions(wanted))
        .order_by(answered, Proposal.submitted_at.desc(), Proposal.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [
        DeskRow(int(i), str(r), str(p), str(k), str(d), int(s or 0), bool(a))
        for i, r, p, k, d, s, a in await session.execute(query)
    ]


async def kecamatan_codes(
    session: AsyncSession, opd_code: str, open_statuses: Collection[str]
) -> list[str]:
    """The kecamatan the OPD's assigned proposals come from (for the filter)."""
    query = (
        select(Proposal.kecamatan_code)
        .where(*_assigned(opd_code, open_statuses))
        .distinct()
        .order_by(Proposal.kecamatan_code)
    )
    return [str(code) for code in (await session.execute(query)).scalars()]


async def dimensions(
    session: AsyncSession, opd_code: str, open_statuses: Collection[str]
) -> list[str]:
    """The dimensions of the OPD's assigned proposals (for the filter)."""
    query = (
        select(Proposal.dimension)
        .where(*_assigned(opd_code, open_statuses), Proposal.dimension.is_not(None))
        .distinct()
    )
    return sorted(str(key) for key in (await session.execute(query)).scalars())


async def support_comments(session: AsyncSession, proposal_id: int) -> list[str]:
    """The supporters' comments, oldest first (who wrote them is not shown at the desk)."""
    query = (
        select(Support.comment)
        .where(Support.proposal_id == proposal_id, Support.comment.is_not(None))
        .order_by(Support.created_at, Support.id)
    )
    return [str(comment) for comment in (await session.execute(query)).scalars()]


async def told_of(session: AsyncSession, proposal: Proposal) -> list[int]:
    """Who hears of a tanggapan: the author and every supporter still with us."""
    supporters = select(Support.participant_id).where(Support.proposal_id == proposal.id)
    query = select(Participant.id).where(
        (Participant.id == proposal.participant_id) | Participant.id.in_(supporters),
        Participant.erased_at.is_(None),
    )
    return sorted(int(i) for i in (await session.execute(query)).scalars())


async def author(session: AsyncSession, proposal: Proposal) -> Participant | None:
    return await session.get(Participant, proposal.participant_id)


async def response(session: AsyncSession, response_id: int) -> Response | None:
    return await session.get(Response, response_id)


async def answer(
    session: AsyncSession,
    proposal: Proposal,
    opd_code: str,
    kind: str,
    by: int,
    now: datetime,
    typed: tuple[str | None, str | None],
    forwarded_to: str | None,
) -> Response:
    """A tanggapan stored (storage/queries/responses.py `add`), with its id: notices name it.
    `typed`: the programme and the explanation."""
    programme, explanation = typed
    added = responses.add(
        session,
        proposal,
        opd_code,
        kind,
        by,
        now,
        explanation=explanation,
        programme=programme,
        forwarded_to=forwarded_to,
    )
    proposal.updated_at = now
    await session.flush()
    return added
