"""The "A atau B?" answers (bot/priorities): what the ranking reads."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Comparison, Proposal
from storage.queries.supports import visible


async def rankable_ids(session: AsyncSession, round_id: int, kecamatan_code: str) -> list[int]:
    """The proposals of a kecamatan in a round that take part in its prioritisation: visible
    (not hidden, withdrawn or merged), oldest first."""
    query = (
        select(Proposal.id)
        .where(Proposal.round_id == round_id, Proposal.kecamatan_code == kecamatan_code)
        .where(visible())
        .order_by(Proposal.id)
    )
    return list((await session.execute(query)).scalars())


async def counted(
    session: AsyncSession, round_id: int, kecamatan_code: str
) -> list[tuple[int, int, str]]:
    """(first_id, second_id, outcome) of every counted answer of a kecamatan in a round."""
    query = select(Comparison.first_id, Comparison.second_id, Comparison.outcome).where(
        Comparison.round_id == round_id,
        Comparison.kecamatan_code == kecamatan_code,
        Comparison.counted.is_(True),
    )
    return [(row[0], row[1], row[2]) for row in await session.execute(query)]
