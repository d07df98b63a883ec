"""The author's side of a running broadcast: starting it, the progress message edited in
place (at most every few seconds), and the final report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast import screens
from bot.i18n import Translator, translator
from bot.roles import StaffOf
from bot.screens import Screen
from bot.transport.outbox import Blocked, Outbox, Refused
from storage.db import Database
from storage.models import Broadcast
from storage.queries import audit
from storage.queries import broadcast as queries

log = logging.getLogger(__name__)
EDIT_EVERY = 3.0  # seconds between edits of one progress message


@dataclass(eq=False)
class ProgressBoard:
    database: Database
    staff_of: StaffOf
    rate: float
    clock: Callable[[], datetime]
    outbox: Outbox
    _edited: dict[int, float] = field(init=False, default_factory=dict)

    async def activate(self, session: AsyncSession, broadcast: Broadcast, now: datetime) -> None:
        """A due broadcast starts: its author must still be allowed, then the rows are written."""
        if not await self._author_may_send(session, broadcast):
            broadcast.status, broadcast.finished_at = "cancelled", now
            audit.record(session, now, "broadcast.dropped", None, str(broadcast.id))
            return
        total = await queries.materialize(session, broadcast, now)
        broadcast.status, broadcast.started_at = "sending", now
        audit.record(session, now, "broadcast.started", None, str(broadcast.id), recipients=total)

    async def _author_may_send(self, session: AsyncSession, broadcast: Broadcast) -> bool:
        """Admins send to the whole regency (no kecamatan), coordinators to their own."""
        if broadcast.author_telegram_id is None:  # the author erased their data
            return False
        staff = await self.staff_of(session, broadcast.author_telegram_id)
        return staff.may_coordinate(broadcast.kecamatan_code)

    async def update(self, active: dict[int, Broadcast], final_check: bool) -> None:
        for broadcast in active.values():
            due = time.monotonic() - self._edited.get(broadcast.id, 0.0) >= EDIT_EVERY
            if due or final_check:
                await self._update_one(broadcast)

    async def _update_one(self, broadcast: Broadcast) -> None:
        async with self.database.transaction() as session:
            # Locked: of several workers only one finishes the broadcast and sends the report.
            fresh = await queries.get_locked(session, broadcast.id)
            if fresh is None or fresh.status != "sending":
                return  # cancelled meanwhile: the cancel showed its own report
            counts = await queries.counts(session, broadcast.id)
            done = not counts.get("pending") and not counts.get("sending")
            if done:
                fresh.status, fresh.finished_at = "done", self.clock()
        # `fresh`, not `broadcast`: the progress message may come after the broadcast started
        # (a phase begun by its date tells its admin after the commit that queued the letter).
        self._edited[broadcast.id] = time.monotonic()
        if done:
            self._edited.pop(broadcast.id, None)
            await self._finished(fresh, counts)
            return
        remaining = counts.get("pending", 0) + counts.get("sending", 0)
        eta = remaining / self.rate
        await self._show(fresh, screens.progress(_language(fresh), fresh, counts, eta))

    async def report_late(self, broadcast_id: int) -> None:
        """The final progress and report of a broadcast that was done before its progress
        message was attached (`attach_progress` said "done"; the pass that finished it had no
        message to show them in)."""
        async with self.database.transaction() as session:
            found = await queries.get(session, broadcast_id)
            if found is None or found.status != "done":
                return
            counts = await queries.counts(session, broadcast_id)
        await self._finished(found, counts)

    async def _finished(self, broadcast: Broadcast, counts: dict[str, int]) -> None:
        t = _language(broadcast)
        await self._show(broadcast, screens.progress(t, broadcast, counts, None))
        await self._send(broadcast, screens.report(t, broadcast, counts))

    async def _show(self, broadcast: Broadcast, screen: Screen) -> None:
        chat, message = broadcast.progress_chat_id, broadcast.progress_message_id
        if chat is None or message is None:
            return
        try:
            await self.outbox.edit(chat, message, screen)
        except (Refused, Blocked) as error:
            log.debug("progress of broadcast %d not shown: %s", broadcast.id, error)

    async def _send(self, broadcast: Broadcast, screen: Screen) -> None:
        if broadcast.progress_chat_id is None:
            return
        try:
            await self.outbox.send(broadcast.progress_chat_id, screen)
        except (Refused, Blocked) as error:
            log.debug("report of broadcast %d not sent: %s", broadcast.id, error)


def _language(broadcast: Broadcast) -> Translator:
    return translator(str(broadcast.audience.get("locale", "id")))
