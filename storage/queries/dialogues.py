from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialogue, Participant


async def get(session: AsyncSession, participant_id: int) -> Dialogue | None:
    return await session.get(Dialogue, participant_id)


async def remove(session: AsyncSession, participant_id: int) -> None:
    await session.execute(delete(Dialogue).where(Dialogue.participant_id == participant_id))


async def remember_question(session: AsyncSession, telegram_user_id: int, message_id: int) -> None:
    """Note which message holds the participant's current question."""
    owner = select(Participant.id).where(Participant.telegram_user_id == telegram_user_id)
    await session.execute(
        update(Dialogue)
        .where(Dialogue.participant_id == owner.scalar_subquery())
        .values(question_message_id=message_id)
    )
