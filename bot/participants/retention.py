"""Retention, the privacy notice's promise (UU 27/2022): personal data is kept until
RETENTION_UNTIL and erased from the next day (midnight in TIMEZONE), as /hapusdata erases it,
for everyone, staff included (storage/queries/erasure.py).

The running bot checks every hour; `rembug retention` does the same from cron. After the date
each check erases whatever personal data came in since. The admins are warned in the bot 30
and 7 days before; each warning is claimed in the database before it is sent, so a restart or
a second worker never sends it twice (an admin the network could not reach then misses it,
unless nobody could be reached: then it is tried again at the next check).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import translator
from bot.participants.screens import retention as screens
from bot.periodic import Periodic
from bot.screens import Screen
from bot.transport.outbox import Outbox
from storage.db import Database
from storage.queries import audit, erasure
from storage.queries import retention as queries
from storage.queries.erasure import Erased

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
WARN_DAYS_BEFORE = (30, 7)
CHECK_EVERY = 3600.0  # seconds


@dataclass(frozen=True)
class Policy:
    kept_until: date
    timezone: str

    @property
    def erase_on(self) -> date:
        return self.kept_until + timedelta(days=1)

    @property
    def erase_from(self) -> datetime:
        """Midnight at the start of the erasure day, in the consultation's time zone."""
        return datetime.combine(self.erase_on, time(), ZoneInfo(self.timezone))

    def due(self, now: datetime) -> bool:
        return now >= self.erase_from

    def days_left(self, now: datetime) -> int:
        return math.ceil((self.erase_from - now) / timedelta(days=1))

    def warning(self, now: datetime) -> int | None:
        """The warning due now (30 or 7 days before), if any. A bot started 10 days before
        sends the 30-day one at once (saying 10 days), then the 7-day one."""
        if self.due(now):
            return None
        left = self.days_left(now)
        within = [days for days in WARN_DAYS_BEFORE if left <= days]
        return min(within) if within else None


@dataclass(eq=False)
class Retention(Periodic):
    database: Database
    policy: Policy | None
    admin_ids: frozenset[int] = field(repr=False)  # Telegram ids: never in a log line
    default_locale: str
    clock: Clock
    outbox: Outbox | None  # None: erase only (the command line), no warnings
    check_every: float = CHECK_EVERY

    def __post_init__(self) -> None:
        super().__init__("retention", self.check_every)

    def start(self) -> None:
        if self.policy is None:
            log.warning("RETENTION_UNTIL is not set: personal data is kept until it is")
        else:
            super().start()

    async def run_pass(self) -> Erased | None:
        return await self.check()

    async def check(self) -> Erased | None:
        """Erase when the date has passed; otherwise warn the admins when it is near."""
        if self.policy is None:
            return None
        now = self.clock()
        if self.policy.due(now):
            return await self.erase(now)
        days = self.policy.warning(now)
        if days is not None and self.outbox is not None:
            await self._warn(self.outbox, self.policy, days, now)
        return None

    async def erase(self, now: datetime) -> Erased:
        assert self.policy is not None
        async with self.database.transaction() as session:
            erased = await erasure.erase_everyone(session, now)
            if erased.participants or erased.staff_roles_ended:
                kept_until = self.policy.kept_until.isoformat()
                details = {"participants": erased.participants, "proposals": erased.proposals_kept}
                audit.record(session, now, "retention.erased", None, kept_until, **details)
        if erased.participants:
            log.info("retention: personal data of %d participants erased", erased.participants)
        return erased

    async def _warn(self, outbox: Outbox, policy: Policy, days: int, now: datetime) -> None:
        async with self.database.transaction() as session:
            if not await queries.claim_warning(session, policy.erase_on, days, now):
                return
            admins = self.admin_ids | await queries.admins_in_bot(session)
            locales = await queries.locales(session, set(admins))
        failed = 0
        for admin in sorted(admins):
            t = translator(locales.get(admin, self.default_locale))
            text = screens.warning(t, policy.days_left(now), policy.kept_until, policy.erase_on)
            failed += not await outbox.told(admin, Screen(text))
        if admins and failed == len(admins):
            async with self.database.transaction() as session:
                await queries.release_warning(session, policy.erase_on, days)


def policy_of(kept_until: date | None, timezone: str) -> Policy | None:
    return Policy(kept_until, timezone) if kept_until is not None else None
