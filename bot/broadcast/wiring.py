"""Builds the broadcast service for build_application: composer, reminders, the worker."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import roles
from bot.broadcast import Broadcasting
from bot.broadcast.composer import Composer
from bot.broadcast.live_status import ProgressBoard
from bot.broadcast.reminders import QuietHours, Reminders
from bot.broadcast.script import BROADCAST
from bot.broadcast.timing import parse_clock
from bot.broadcast.worker import DeliveryWorker, WorkerConfig
from bot.dialogue.scripts import FLOWS
from bot.participants.service import Conversation
from bot.settings import Settings
from bot.transport.pacing import Pace
from storage.db import Database
from storage.models import Broadcast

IN_FLIGHT_GRACE = 120.0


def build_broadcasting(
    settings: Settings, database: Database, conversation: Conversation, pace: Pace
) -> Broadcasting:
    FLOWS.setdefault(BROADCAST.name, BROADCAST)
    tz = zoneinfo.ZoneInfo(settings.timezone)

    def clock() -> datetime:
        # Read through the conversation, so one clock rules the whole bot (tests move it).
        return conversation.clock()

    async def staff_of(session: AsyncSession, telegram_id: int) -> roles.Staff:
        return await roles.staff_of(session, telegram_id, settings.admin_ids)

    async def permitted(session: AsyncSession, broadcast: Broadcast) -> bool:
        staff = await staff_of(session, broadcast.author_telegram_id)
        if broadcast.kecamatan_code is None:
            return staff.is_admin
        return staff.may_coordinate(broadcast.kecamatan_code)

    quiet = QuietHours(
        parse_clock(settings.quiet_hours_start), parse_clock(settings.quiet_hours_end), tz
    )
    board = ProgressBoard(database, permitted, settings.broadcast_rate, clock)
    # With several workers a row 'sending' may be another's send: only a stale one (no send
    # takes this long; PTB's timeouts end it sooner) was left by a worker that died.
    grace = IN_FLIGHT_GRACE if settings.workers > 1 else 0.0
    config = WorkerConfig(settings.broadcast_concurrency, quiet, grace)
    worker = DeliveryWorker(database, pace, board, config, clock)
    composer = Composer(
        conversation.reference, conversation.dialogues, staff_of, clock, tz, worker.wake
    )
    reminders = Reminders(
        conversation.reference, settings.reminder_idle_hours, quiet, clock, worker.wake
    )
    conversation.guide.on_finish(BROADCAST.name, composer.finished)
    conversation.guide.on_abandon(BROADCAST.name, composer.abandoned)
    return Broadcasting(composer, reminders, worker)
