"""Pending confirmations: per person, the newest nonce of each kind (bot/confirmations.py).

They are kept in the dialogues table, in a row of their own under the person's negated
Telegram id (flow "confirm"): beside the dialogue in progress, which is keyed by the id
itself, never replacing it nor taken for it. A table of their own would need a migration.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialogue

FLOW = "confirm"
Pending = dict[str, dict[str, str]]  # kind → {"subject": …, "nonce": …}


def _key(telegram_id: int) -> int:
    return -telegram_id


async def pending(session: AsyncSession, telegram_id: int) -> Pending:
    row = await session.get(Dialogue, _key(telegram_id))
    return dict(row.answers) if row is not None and row.flow == FLOW else {}


async def keep(session: AsyncSession, telegram_id: int, kept: Pending, now: datetime) -> None:
    """Store what is pending now (nothing: the row goes)."""
    row = await session.get(Dialogue, _key(telegram_id))
    if not kept:
        if row is not None:
            await session.delete(row)
        return
    if row is None:
        row = Dialogue(
            owner_id=_key(telegram_id), flow=FLOW, step="-", mode="-", revision=0, preset=[]
        )
        session.add(row)
    row.answers, row.updated_at = dict(kept), now


async def forget(session: AsyncSession, telegram_id: int) -> None:
    """Every pending confirmation of the person (on erasure)."""
    await session.execute(delete(Dialogue).where(Dialogue.owner_id == _key(telegram_id)))
