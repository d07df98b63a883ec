"""Tells participants about status changes: a worker in the running bot sends every change
still without ``notified_at``, whether it was made in the bot or by `rembug import-status`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import translator
from bot.periodic import Periodic
from bot.proposals.screens.status import notice
from bot.screens import Screen
from bot.transport.outbox import Blocked, NotDelivered, Outbox
from storage.db import Database
from storage.models import Participant
from storage.queries import participants
from storage.queries import statuses as queries

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
POLL_SECONDS = 30.0  # how soon a change imported on the command line is sent
BATCH = 50


class StatusNotices(Periodic):
    def __init__(
        self, database: Database, clock: Clock, outbox: Outbox, poll_seconds: float = POLL_SECONDS
    ):
        super().__init__("status-notices", poll_seconds)
        self.database = database
        self.outbox = outbox
        self.clock = clock

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
                ids = await queries.pending_ids(session, BATCH)
            if not ids:
                return sent
            for change_id in ids:
                outcome = await self._send_one(change_id)
                if outcome is None:
                    return sent
                sent += outcome

    async def _send_one(self, change_id: int) -> int | None:
        """1 sent, 0 skipped (taken by another worker, erased, blocked), None: try later."""
        async with self.database.transaction() as session:
            if not await queries.claim(session, change_id, self.clock()):
                return 0
            found = await _message_for(session, change_id)
        if found is None:
            return 0
        chat_id, screen = found
        try:
            await self.outbox.send(chat_id, screen)
        except Blocked:
            await self._blocked(chat_id)
            return 0
        except NotDelivered as error:
            log.info("status notice %s not sent (%s); it stays queued", change_id, error)
            async with self.database.transaction() as session:
                await queries.release(session, change_id)
            return None
        return 1

    async def _blocked(self, chat_id: int) -> None:
        async with self.database.transaction() as session:
            participant = await _participant_by_chat(session, chat_id)
            if participant is not None:
                participant.blocked_at = self.clock()


async def _message_for(session: AsyncSession, change_id: int) -> tuple[int, Screen] | None:
    found = await queries.with_proposal_and_author(session, change_id)
    if found is None:
        return None
    change, proposal, participant = found
    if participant.telegram_user_id is None or participant.erased_at is not None:
        return None
    targets = {change.merged_into_id} if change.merged_into_id is not None else set()
    other = (await queries.references_of(session, targets)).get(change.merged_into_id or 0)
    t = translator(participant.locale)
    screen = notice(t, proposal.reference, change.status, change.reason, other)
    return participant.telegram_user_id, screen


async def _participant_by_chat(session: AsyncSession, chat_id: int) -> Participant | None:
    return await participants.by_telegram_id(session, chat_id)
