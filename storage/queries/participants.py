from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialogue, Participant

_PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


async def by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Participant | None:
    query = select(Participant).where(Participant.telegram_user_id == telegram_user_id)
    return (await session.execute(query)).scalar_one_or_none()


async def with_dialogue(
    session: AsyncSession, telegram_user_id: int
) -> tuple[Participant | None, Dialogue | None]:
    """The participant and, in the same query, the dialogue they are in (if any)."""
    row = (await session.execute(_WITH_DIALOGUE, {"telegram_id": telegram_user_id})).one_or_none()
    return (row[0], row[1]) if row is not None else (None, None)


# Every update runs it: built once, its id bound when executed.
_WITH_DIALOGUE = (
    select(Participant, Dialogue)
    .outerjoin(Dialogue, Dialogue.owner_id == Participant.telegram_user_id)
    .where(Participant.telegram_user_id == bindparam("telegram_id"))
)


async def create(
    session: AsyncSession, telegram_user_id: int, locale: str, now: datetime
) -> Participant:
    participant = Participant(
        telegram_user_id=telegram_user_id,
        locale=locale,
        consented_at=now,
        pseudonym=new_pseudonym(),
    )
    session.add(participant)
    await session.flush()
    return participant


def new_pseudonym() -> str:
    return "P-" + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(8))


def erase_identity(participant: Participant, now: datetime) -> None:
    """Forget who the person is; the row stays as an anonymous author of proposals."""
    participant.telegram_user_id = None
    participant.display_name = None
    participant.group_name = None
    participant.represents = None
    participant.community_role = None
    participant.erased_at = now
