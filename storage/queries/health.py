"""What the operator's metrics read from the database."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Broadcast, Delivery


async def broadcast_queue_depth(session: AsyncSession) -> int:
    """Messages of running broadcasts not yet handed to Telegram (all workers together)."""
    query = (
        select(func.count(Delivery.id))
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(Broadcast.status == "sending", Delivery.status == "pending")
    )
    return int((await session.execute(query)).scalar_one())
