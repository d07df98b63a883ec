"""A kecamatan's priorities in a round, read from the database and ranked (ranking.py)."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from bot.priorities.ranking import Duel, Outcome, Ranked, rank
from storage.queries import comparisons


async def standings(session: AsyncSession, round_id: int, kecamatan_code: str) -> list[Ranked]:
    """The kecamatan's visible proposals of the round, strongest first."""
    ids = await comparisons.rankable_ids(session, round_id, kecamatan_code)
    rows = await comparisons.counted(session, round_id, kecamatan_code)
    duels = [Duel(first, second, Outcome(outcome)) for first, second, outcome in rows]
    # Fitting takes ~0.1 s for a few hundred proposals: off the event loop.
    return await asyncio.to_thread(rank, ids, duels)
