"""Proposals sent without a dimension or element ("not sure"), for staff to classify.

Only proposals that still count: not withdrawn, not hidden by moderators. `kecamatan_codes`
None means every kecamatan (an admin); the caller decides who may see which."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Proposal


def _unclassified(kecamatan_codes: Collection[str] | None) -> list[ColumnElement[bool]]:
    conditions = [
        or_(Proposal.dimension.is_(None), Proposal.sub_element.is_(None)),
        Proposal.withdrawn_at.is_(None),
        Proposal.status != "withdrawn",
        Proposal.hidden_at.is_(None),
    ]
    if kecamatan_codes is not None:
        conditions.append(Proposal.kecamatan_code.in_(sorted(kecamatan_codes)))
    return conditions


async def count_unclassified(session: AsyncSession, kecamatan_codes: Collection[str] | None) -> int:
    query = select(func.count()).select_from(Proposal).where(*_unclassified(kecamatan_codes))
    return int((await session.execute(query)).scalar_one())


async def unclassified(
    session: AsyncSession, kecamatan_codes: Collection[str] | None, offset: int, limit: int
) -> list[Proposal]:
    """Oldest first: the proposals that have waited longest come first."""
    query = (
        select(Proposal)
        .where(*_unclassified(kecamatan_codes))
        .order_by(Proposal.submitted_at, Proposal.id)
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())
