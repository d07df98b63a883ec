from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConsultationRound


async def open_at(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.opens_at <= now)
        .where(or_(ConsultationRound.closes_at.is_(None), ConsultationRound.closes_at > now))
        .order_by(ConsultationRound.opens_at.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def next_after(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.opens_at > now)
        .order_by(ConsultationRound.opens_at)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def get(session: AsyncSession, round_id: int) -> ConsultationRound | None:
    return await session.get(ConsultationRound, round_id)
