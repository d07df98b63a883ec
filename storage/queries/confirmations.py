"""Pending confirmations: per person, the newest nonce of each kind (bot/confirmations.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PendingConfirmation

Pending = dict[str, dict[str, str]]  # kind → {"subject": …, "nonce": …}


async def pending(session: AsyncSession, telegram_id: int) -> Pending:
    row = await session.get(PendingConfirmation, telegram_id)
    return dict(row.pending) if row is not None else {}


async def keep(session: AsyncSession, telegram_id: int, kept: Pending, now: datetime) -> None:
    """Store what is pending now (nothing: the row goes)."""
    row = await session.get(PendingConfirmation, telegram_id)
    if not kept:
        if row is not None:
            await session.delete(row)
        return
    if row is None:
        row = PendingConfirmation(owner_id=telegram_id)
        session.add(row)
    row.pending, row.updated_at = dict(kept), now


async def forget(session: AsyncSession, telegram_id: int) -> None:
    """Every pending confirmation of the person (on erasure)."""
    await session.execute(
        delete(PendingConfirmation).where(PendingConfirmation.owner_id == telegram_id)
    )
