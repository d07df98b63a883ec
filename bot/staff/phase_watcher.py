"""Phases that begin by their date: when a round's collection closes or its results date comes,
what the phase announces (the invitation to prioritise, the results) is queued in the name of
the admin who set the dates (`phases_by`; the first of ADMIN_IDS for older rounds).

A pass every 30 seconds reads the rounds whose phase began and whose announcement is still
unclaimed (locked with SKIP LOCKED on PostgreSQL, so of several workers one takes each round);
the announcers claim the round in the same transaction (bot/staff/phases.py), so a restart or a
second worker never queues it twice. After the commit the admin gets a message that becomes the
broadcast's progress; if the broadcast was delivered before that message was attached, the
final progress and report are shown from here (the delivery worker had nowhere to show them).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import translator
from bot.periodic import Periodic
from bot.phases import Phase, phase_of
from bot.screens import Screen
from bot.staff.phases import PhaseMoves
from bot.staff.screens import rounds as screens
from bot.transport.outbox import NotDelivered, Outbox
from storage.db import Database
from storage.models import Broadcast, ConsultationRound
from storage.queries import broadcast as letters
from storage.queries import rounds as queries

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
CHECK_EVERY = 30.0  # seconds


@dataclass(frozen=True)
class Begun:
    name: str
    phase: Phase
    letter: Broadcast
    author: int


@dataclass(eq=False)
class PhaseWatcher(Periodic):
    database: Database
    phases: PhaseMoves
    admin_ids: frozenset[int]
    locale: str
    clock: Clock
    outbox: Outbox
    report_late: Callable[[int], Awaitable[None]]  # ProgressBoard.report_late
    check_every: float = CHECK_EVERY

    def __post_init__(self) -> None:
        super().__init__("phase-watcher", self.check_every)

    async def run_pass(self) -> int:
        return await self.check()

    async def check(self) -> int:
        """Announces every phase that began by its date; returns how many."""
        now = self.clock()
        async with self.database.transaction() as session:
            begun = [
                found
                for round_ in await queries.phase_due(session, now)
                if (found := await self._announce(session, round_, now)) is not None
            ]
        for one in begun:
            await self._tell_author(one)
        return len(begun)

    async def _announce(
        self, session: AsyncSession, found: ConsultationRound, now: datetime
    ) -> Begun | None:
        if found.phases_by is None and self.admin_ids:
            found.phases_by = min(self.admin_ids)
        phase = phase_of(found, now)
        letter = await self.phases.announce(session, found, phase, now, None, self.locale)
        if phase == Phase.RESULTS and found.invited_at is None:
            found.invited_at = now  # the results came first: no invitation to prioritise after
        if not isinstance(letter, Broadcast) or found.phases_by is None:
            return None
        return Begun(found.name, phase, letter, found.phases_by)

    async def _tell_author(self, begun: Begun) -> None:
        text = screens.moved_by_date(translator(self.locale), begun.name, begun.phase)
        try:
            message_id = await self.outbox.send(begun.author, Screen(text))
        except NotDelivered as error:
            log.info("phase of a round began; its admin was not told: %s", error)
            return
        async with self.database.transaction() as session:
            status = await letters.attach_progress(
                session, begun.letter.id, begun.author, message_id
            )
        if status == "done":  # delivered before its progress message came: report it here
            await self.report_late(begun.letter.id)
