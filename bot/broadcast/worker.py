"""The delivery worker: sends pending Delivery rows at Telegram's pace, records each one.

One asyncio task owned by the Application (started after start-up, stopped before the HTTP
client closes). Each send: wait for a token → claim the row in a short committed transaction
(pending → sending) → one HTTP call, no database lock held → record the outcome in another
short transaction. Rows are read in batches; only the claim is per row, so at most
`concurrency` rows are ever on the wire (see bot.broadcast for what a crash does to those).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import metrics
from bot.broadcast import screens
from bot.broadcast.live_status import ProgressBoard
from bot.i18n import Translator, translator
from bot.screens import Screen
from bot.transport.outbox import Blocked, Outbox, Refused, TooFast, Unreachable
from bot.transport.pacing import Pace
from storage.db import Database
from storage.models import Broadcast
from storage.queries import broadcast as queries
from storage.queries.broadcast import Pending

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
# What one recipient of a broadcast of a registered kind receives, read for them as it is sent
# (their kecamatan's results, their own proposal): None when there is nothing for them.
Letter = Callable[[AsyncSession, Broadcast, int, Translator], Awaitable[Screen | None]]
BATCH = 50
MAX_ATTEMPTS = 3  # transient errors (network, 5xx); 429s do not count, they are waited out
IDLE_POLL = 1.0  # seconds between looks for due scheduled broadcasts when there is no work


@dataclass
class WorkerConfig:
    concurrency: int
    quiet: Callable[[datetime], bool]  # reminders wait while this holds
    # Seconds after which a row still 'sending' is taken for a dead worker's. 0 with one
    # process: at start-up every such row is from the previous run.
    in_flight_grace: float = 0.0


@dataclass(eq=False)
class DeliveryWorker:
    database: Database
    pace: Pace
    progress: ProgressBoard
    config: WorkerConfig
    clock: Clock
    outbox: Outbox
    letters: dict[str, Letter] = field(default_factory=dict)
    _wake: asyncio.Event = field(init=False, default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = field(init=False, default=None)
    _stopping: bool = field(init=False, default=False)

    def start(self) -> None:
        if self._task is not None and not self._task.done():
            return  # already running: one worker per process
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="rembug-delivery")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    def register(self, kind: str, letter: Letter) -> None:
        """Broadcasts of `kind` are written per recipient by `letter` (e.g. the results)."""
        self.letters[kind] = letter

    def wake(self) -> None:
        """Something was queued or cancelled: look now rather than at the next poll."""
        self._wake.set()

    async def _run(self) -> None:
        await self._settle()
        while not self._stopping:
            try:
                await self._round()
            except Exception:  # the worker must outlive one bad round (e.g. a lost connection)
                log.exception("delivery round failed; trying again")
                await asyncio.sleep(IDLE_POLL)

    async def _round(self) -> None:
        await self._activate_due()
        active = await self._active()
        batch = await self._next_batch(list(active))
        if batch:
            await self._send_all(active, batch)
        await self.progress.update(active, final_check=not batch)
        if not batch:
            await self._idle()

    async def _settle(self) -> None:
        grace = self.config.in_flight_grace
        async with self.database.transaction() as session:
            older = timedelta(seconds=grace) if grace else None
            left = await queries.settle_in_flight(session, self.clock(), older)
        if left:
            log.warning("%d deliveries were in flight at a stop: marked unconfirmed", left)

    async def _idle(self) -> None:
        if self.config.in_flight_grace:  # a worker that died leaves its sends to the others
            await self._settle()
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), IDLE_POLL)

    async def _activate_due(self) -> None:
        now = self.clock()
        async with self.database.transaction() as session:
            for broadcast in await queries.due(session, now):
                if broadcast.kind == "reminder" and self.config.quiet(now):
                    continue
                await self.progress.activate(session, broadcast, now)

    async def _active(self) -> dict[int, Broadcast]:
        now = self.clock()
        async with self.database.transaction() as session:
            found = await queries.running(session)
        quiet = self.config.quiet(now)
        return {b.id: b for b in found if not (b.kind == "reminder" and quiet)}

    async def _next_batch(self, broadcast_ids: list[int]) -> list[Pending]:
        async with self.database.transaction() as session:
            return await queries.pending(session, broadcast_ids, BATCH)

    async def _send_all(self, active: dict[int, Broadcast], batch: list[Pending]) -> None:
        gate = asyncio.Semaphore(self.config.concurrency)

        async def one(row: Pending) -> None:
            async with gate:
                if not self._stopping:
                    await self._deliver(active[row.broadcast_id], row)

        await asyncio.gather(*(one(row) for row in batch))

    async def _deliver(self, broadcast: Broadcast, row: Pending) -> None:
        if not row.reachable:  # stopped (/berhenti), blocked or erased since the rows were written
            async with self.database.transaction() as session:
                if await queries.claim(session, row.delivery_id, self.clock()):
                    await queries.record(session, row.delivery_id, "skipped", self.clock())
            return
        screen = await self._letter(broadcast, row)
        await self.pace.take()
        async with self.database.transaction() as session:
            if not await queries.claim(session, row.delivery_id, self.clock()):
                self.pace.refund()
                return  # cancelled, or another worker took it
            if screen is None:  # nothing for this recipient
                self.pace.refund()
                await queries.record(session, row.delivery_id, "nothing", self.clock())
                return
        status = await self._send(row, screen)
        async with self.database.transaction() as session:
            now = self.clock()
            if status == "blocked":
                await queries.mark_blocked(session, row.participant_id, now)
            if status == "requeue":
                await queries.requeue(session, row.delivery_id, now)
                return
            if status == "retry":
                tried = await queries.attempts(session, row.delivery_id)
                status = "pending" if tried < MAX_ATTEMPTS else "failed"
            await queries.record(session, row.delivery_id, status, now)

    async def _letter(self, broadcast: Broadcast, row: Pending) -> Screen | None:
        t = translator(row.locale)
        letter = self.letters.get(broadcast.kind)
        if letter is None:
            return screens.message(broadcast, t)
        async with self.database.transaction() as session:
            return await letter(session, broadcast, row.participant_id, t)

    async def _send(self, row: Pending, screen: Screen) -> str:
        try:
            await self.outbox.send(row.chat_id, screen, paced=True)
        except TooFast:
            return "requeue"  # the pace is paused for retry_after; the row goes again
        except Blocked:
            return "blocked"
        except Refused as error:
            log.info("delivery %d refused: %s", row.delivery_id, error)
            return "failed"
        except Unreachable as error:
            log.info("delivery %d: transient error %s", row.delivery_id, error)
            return "retry"
        metrics.BROADCAST_SENT.inc()
        return "sent"
