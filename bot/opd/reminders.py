"""Reminders to OPD staff: proposals assigned to a perangkat daerah that have waited more than
OPD_REMINDER_DAYS without its tanggapan (counted from when the proposal reached it).

A worker checks every hour. Each OPD with such proposals and active staff gets one reminder a
day (in TIMEZONE), never in quiet hours: a check in them sends nothing, and the first one after
them sends the day's. The (OPD, day) is claimed in the database before sending, as retention
warnings are, so a restart or a second worker never sends it twice; when the network reached
none of the OPD's staff, the claim is given back and the next check tries again. Staff read it
in the language they chose as participants, or in DEFAULT_LOCALE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.broadcast.reminders import QuietHours
from bot.i18n import translator
from bot.opd.responses import OPEN_STATUSES
from bot.opd.screens import indicator as screens
from bot.periodic import Periodic
from bot.reference import Agency, Reference
from bot.transport.outbox import Outbox
from storage.db import Database
from storage.queries import audit, retention, roles
from storage.queries import indicator as queries

Clock = Callable[[], datetime]
CHECK_EVERY = 3600.0  # seconds


@dataclass(eq=False)
class OpdReminders(Periodic):
    database: Database
    reference: Reference
    days: int  # OPD_REMINDER_DAYS
    quiet: QuietHours
    default_locale: str
    clock: Clock
    outbox: Outbox
    check_every: float = CHECK_EVERY

    def __post_init__(self) -> None:
        super().__init__("opd-reminders", self.check_every)

    async def run_pass(self) -> int:
        return await self.check()

    async def check(self) -> int:
        """Reminds every OPD that is due now; returns how many were reminded."""
        now = self.clock()
        if self.quiet(now):
            return 0
        async with self.database.transaction() as session:
            waiting = await queries.waiting_since(
                session, OPEN_STATUSES, now - timedelta(days=self.days)
            )
        reminded = 0
        for key, count in sorted(waiting.items()):
            agency = self.reference.agency(key)
            if agency is not None and agency.key == key:
                reminded += await self._remind(agency, count, now)
        return reminded

    async def _remind(self, agency: Agency, count: int, now: datetime) -> bool:
        day = now.astimezone(self.quiet.tz).date()
        async with self.database.transaction() as session:
            staff = await roles.active_opd_members(session, agency.key)
            members = {member.telegram_user_id for member in staff}
            # No staff yet: nothing is claimed, so someone who joins today is reminded today.
            if not members or not await queries.claim_reminder(session, agency.key, day, now):
                return False
            locales = await retention.locales(session, members)
        failed = 0
        for member in sorted(members):
            t = translator(locales.get(member, self.default_locale))
            screen = screens.reminder(t, agency.name, count, self.days)
            failed += not await self.outbox.told(member, screen)
        told = failed < len(members)
        async with self.database.transaction() as session:
            if told:
                details = {"waiting": count, "staff": len(members) - failed}
                audit.record(session, now, "opd.reminded", None, f"opd:{agency.key}", **details)
            else:
                await queries.release_reminder(session, agency.key, day)
        return told
