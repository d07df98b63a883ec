from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialogue


async def get(session: AsyncSession, owner_id: int) -> Dialogue | None:
    return await session.get(Dialogue, owner_id)


async def remove(session: AsyncSession, owner_id: int) -> None:
    await session.execute(delete(Dialogue).where(Dialogue.owner_id == owner_id))


async def note(session: AsyncSession, owner_id: int, values: dict[str, int | None]) -> None:
    """Note what a delivery showed: the message holding the current question
    (`question_message_id`; None when it did not arrive, so the next input shows it again) and
    the one saying why the last answer didn't fit (`error_message_id`; the next one replaces
    it)."""
    await session.execute(update(Dialogue).where(Dialogue.owner_id == owner_id).values(**values))


async def replace(
    session: AsyncSession,
    owner_id: int,
    *,
    flow: str,
    step: str,
    mode: str,
    revision: int,
    answers: dict[str, Any],
    preset: list[Any],
    proposal_id: int | None,
    now: datetime,
) -> tuple[Dialogue, int | None]:
    """The owner's new dialogue in place of any earlier one, and the message id of the earlier
    one's question (its buttons are to be retired)."""
    old = await get(session, owner_id)
    retire = old.question_message_id if old else None
    if old is not None:
        await session.delete(old)
        await session.flush()  # the new row has the same key
    row = Dialogue(
        owner_id=owner_id,
        flow=flow,
        step=step,
        mode=mode,
        revision=revision,
        answers=answers,
        preset=preset,
        proposal_id=proposal_id,
        updated_at=now,
    )
    session.add(row)
    return row, retire
