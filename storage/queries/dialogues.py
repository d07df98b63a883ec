from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialogue


async def get(session: AsyncSession, owner_id: int) -> Dialogue | None:
    return await session.get(Dialogue, owner_id)


async def remove(session: AsyncSession, owner_id: int) -> None:
    await session.execute(delete(Dialogue).where(Dialogue.owner_id == owner_id))


async def remember_question(session: AsyncSession, owner_id: int, message_id: int) -> None:
    """Note which message holds the current question."""
    await session.execute(
        update(Dialogue).where(Dialogue.owner_id == owner_id).values(question_message_id=message_id)
    )
