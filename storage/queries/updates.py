from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import executed_once, insert_ignore_once
from storage.models import ProcessedUpdate


async def claim(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Record the update as handled; False when it was handled before. (Every update runs
    this: one Core statement built once per dialect, see insert_ignore_once.)"""
    statement = insert_ignore_once(session, ProcessedUpdate, ("update_id", "processed_at"))
    return await executed_once(session, statement, update_id=update_id, processed_at=now)


async def handled(session: AsyncSession, update_id: int) -> bool:
    """Whether the update's transaction committed (its claim is stored with its effect)."""
    found = await session.get(ProcessedUpdate, update_id)
    return found is not None


async def forget_older_than(session: AsyncSession, now: datetime, age: timedelta) -> None:
    await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < now - age))


async def highest(session: AsyncSession) -> int | None:
    """The newest update id handled (within the kept window), if any."""
    found: int | None = await session.scalar(select(func.max(ProcessedUpdate.update_id)))
    return found
