from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


def record(
    session: AsyncSession,
    now: datetime,
    action: str,
    actor_participant_id: int | None,
    subject: str | None = None,
    **details: Any,
) -> None:
    session.add(
        AuditEntry(
            at=now,
            action=action,
            actor_participant_id=actor_participant_id,
            subject=subject,
            details=details,
        )
    )
