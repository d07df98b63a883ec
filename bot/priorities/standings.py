"""A kecamatan's priorities in a round, read from the database and ranked (ranking.py)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.priorities import screens
from bot.priorities.ranking import Duel, Outcome, Ranked, rank
from bot.reference import Reference
from bot.screens import Screen
from storage.queries import comparisons, rounds


async def standings(session: AsyncSession, round_id: int, kecamatan_code: str) -> list[Ranked]:
    """The kecamatan's visible proposals of the round, strongest first."""
    ids = await comparisons.rankable_ids(session, round_id, kecamatan_code)
    rows = await comparisons.counted(session, round_id, kecamatan_code)
    duels = [Duel(first, second, Outcome(outcome)) for first, second, outcome in rows]
    # Fitting takes ~0.1 s for a few hundred proposals: off the event loop.
    return await asyncio.to_thread(rank, ids, duels)


async def ranking_screen(
    session: AsyncSession, reference: Reference, t: Translator, code: str, now: datetime
) -> Screen:
    """The kecamatan's ranking in the newest round past its collection (/statistik)."""
    found = await rounds.last_closed(session, now)
    if found is None:
        return Screen(screens.no_ranking(t))
    ranked = await standings(session, found.id, code)
    shown = [r.proposal_id for r in ranked[: screens.SHOWN_IN_STATS]]
    references = {
        i: card.reference for i, card in (await comparisons.cards(session, shown)).items()
    }
    kecamatan = reference.kecamatan_by_code(code)
    name = kecamatan.name if kecamatan else code
    return screens.ranking(t, name, found.name, ranked, references)
