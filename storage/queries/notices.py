"""Notices owed to participants (bot/participants/notices.py sends them)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Notice, Participant


async def owe(
    session: AsyncSession, kind: str, subject_id: int, participant_ids: Iterable[int], now: datetime
) -> int:
    """A notice about `subject_id` to each participant that has none yet; returns how many
    were added (a retried action adds none)."""
    wanted = set(participant_ids)
    query = select(Notice.participant_id).where(
        Notice.kind == kind, Notice.subject_id == subject_id
    )
    wanted -= set((await session.execute(query)).scalars())
    for participant_id in sorted(wanted):
        session.add(
            Notice(kind=kind, subject_id=subject_id, participant_id=participant_id, created_at=now)
        )
    return len(wanted)


async def with_participant(
    session: AsyncSession, notice_id: int
) -> tuple[Notice, Participant] | None:
    notice = await session.get(Notice, notice_id)
    participant = await session.get(Participant, notice.participant_id) if notice else None
    if notice is None or participant is None:
        return None
    return notice, participant
