"""Rows that stand for a message still to send, marked by a stamp column left empty until a
sender claims them (status changes' notified_at, notices' sent_at). One claim wins: the
UPDATE only touches a row whose stamp is still empty."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


async def pending_ids(
    session: AsyncSession,
    id_column: InstrumentedAttribute[Any],
    stamp: InstrumentedAttribute[Any],
    limit: int,
) -> list[int]:
    query = select(id_column).where(stamp.is_(None)).order_by(id_column).limit(limit)
    return list((await session.execute(query)).scalars())


async def claim(
    session: AsyncSession,
    id_column: InstrumentedAttribute[Any],
    stamp: InstrumentedAttribute[Any],
    row_id: int,
    now: datetime,
) -> bool:
    """Stamp one row as being sent; False when another sender took it first."""
    result = await session.execute(
        update(id_column.class_)
        .where(id_column == row_id, stamp.is_(None))
        .values({stamp.key: now})
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release(
    session: AsyncSession,
    id_column: InstrumentedAttribute[Any],
    stamp: InstrumentedAttribute[Any],
    row_id: int,
) -> None:
    """Put a row back in the queue (its message could not be sent this time)."""
    await session.execute(
        update(id_column.class_).where(id_column == row_id).values({stamp.key: None})
    )
