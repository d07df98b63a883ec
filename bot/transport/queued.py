"""The sender shared by the workers that owe messages recorded in the database (status
changes, notices): claim a row, send its message, put it back when Telegram did not take it.
A claim is committed before the send, so two workers never send the same row."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.periodic import Periodic
from bot.screens import Screen
from bot.transport.outbox import Blocked, NotDelivered, Outbox
from storage.db import Database
from storage.queries import participants, queue

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
POLL_SECONDS = 30.0  # how soon a row written outside the bot (a command line) is sent
BATCH = 50


class QueuedMessages(Periodic):
    """Subclasses name their table's id and stamp columns and say what a row's message is."""

    def __init__(
        self,
        name: str,
        columns: tuple[InstrumentedAttribute[Any], InstrumentedAttribute[Any]],
        database: Database,
        clock: Clock,
        outbox: Outbox,
        poll_seconds: float = POLL_SECONDS,
    ):
        super().__init__(name, poll_seconds)
        self.id_column, self.stamp = columns
        self.database = database
        self.outbox = outbox
        self.clock = clock

    async def message_for(self, session: AsyncSession, row_id: int) -> tuple[int, Screen] | None:
        """The chat and the screen a row stands for; None when there is nobody to tell."""
        raise NotImplementedError

    def wake_after_commit(self, session: AsyncSession) -> None:
        """Send once `session` has committed (before that the worker could not see the row)."""
        event.listen(session.sync_session, "after_commit", lambda _: self.wake(), once=True)

    async def run_pass(self) -> int:
        return await self.send_pending()

    async def send_pending(self) -> int:
        """Send what is pending; returns how many were sent. Stops early on a network error."""
        sent = 0
        while True:
            async with self.database.transaction() as session:
                ids = await queue.pending_ids(session, self.id_column, self.stamp, BATCH)
            if not ids:
                return sent
            for row_id in ids:
                outcome = await self._send_one(row_id)
                if outcome is None:
                    return sent
                sent += outcome

    async def _send_one(self, row_id: int) -> int | None:
        """1 sent, 0 skipped (taken by another worker, erased, blocked), None: try later."""
        async with self.database.transaction() as session:
            if not await queue.claim(session, self.id_column, self.stamp, row_id, self.clock()):
                return 0
            found = await self.message_for(session, row_id)
        if found is None:
            return 0
        chat_id, screen = found
        try:
            await self.outbox.send(chat_id, screen)
        except Blocked:
            await self._blocked(chat_id)
            return 0
        except NotDelivered as error:
            log.info("%s: row %s not sent (%s); it stays queued", self.name, row_id, error)
            async with self.database.transaction() as session:
                await queue.release(session, self.id_column, self.stamp, row_id)
            return None
        return 1

    async def _blocked(self, chat_id: int) -> None:
        async with self.database.transaction() as session:
            participant = await participants.by_telegram_id(session, chat_id)
            if participant is not None:
                participant.blocked_at = self.clock()
