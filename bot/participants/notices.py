"""Tells participants what became of their proposals and their word: a tanggapan of a
perangkat daerah, a chosen quick win, a coordinator's word on their mandate. Features owe a
notice with `storage.queries.notices.owe` (one per person and subject, so a retried action
owes nothing more) and register, per kind, how its message reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.screens import Screen
from bot.transport.outbox import Outbox
from bot.transport.queued import POLL_SECONDS, Clock, QueuedMessages
from storage.db import Database
from storage.models import Notice, Participant
from storage.queries import notices as queries

# How a notice of one kind reads for this participant; None: nothing to say any more.
Render = Callable[[AsyncSession, Notice, Participant], Awaitable[Screen | None]]


class Notices(QueuedMessages):
    def __init__(
        self, database: Database, clock: Clock, outbox: Outbox, poll_seconds: float = POLL_SECONDS
    ):
        columns = (Notice.id, Notice.sent_at)
        super().__init__("notices", columns, database, clock, outbox, poll_seconds)
        self._renderers: dict[str, Render] = {}

    def register(self, kind: str, render: Render) -> None:
        self._renderers[kind] = render

    async def message_for(self, session: AsyncSession, row_id: int) -> tuple[int, Screen] | None:
        found = await queries.with_participant(session, row_id)
        if found is None:
            return None
        notice, participant = found
        render = self._renderers.get(notice.kind)
        if render is None or participant.telegram_user_id is None or participant.erased_at:
            return None
        screen = await render(session, notice, participant)
        return None if screen is None else (participant.telegram_user_id, screen)
