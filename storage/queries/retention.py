"""The retention warnings sent to the admins (each once), and who the admins are."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert_ignore
from storage.models import Participant, RetentionWarning, StaffRole


async def claim_warning(
    session: AsyncSession, erase_on: date, days_before: int, now: datetime
) -> bool:
    """True once per (erasure day, warning): a restart or another worker gets False."""
    return await insert_ignore(
        session, RetentionWarning, erase_on=erase_on, days_before=days_before, sent_at=now
    )


async def release_warning(session: AsyncSession, erase_on: date, days_before: int) -> None:
    """Nobody could be reached (the network): the warning is sent again at the next check."""
    await session.execute(
        delete(RetentionWarning).where(
            RetentionWarning.erase_on == erase_on, RetentionWarning.days_before == days_before
        )
    )


async def admins_in_bot(session: AsyncSession) -> set[int]:
    """Admins appointed in the bot (those of ADMIN_IDS are in the settings)."""
    query = select(StaffRole.telegram_user_id).where(
        StaffRole.role == "admin", StaffRole.revoked_at.is_(None)
    )
    return set(await session.scalars(query))


async def locales(session: AsyncSession, telegram_ids: set[int]) -> dict[int, str]:
    """The language each of these people chose, if they are participants."""
    query = select(Participant.telegram_user_id, Participant.locale).where(
        Participant.telegram_user_id.in_(sorted(telegram_ids))
    )
    return {row[0]: row[1] for row in await session.execute(query) if row[0] is not None}
