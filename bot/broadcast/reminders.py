"""/ingatkan: one tap reminds those who left a proposal unfinished; /berhenti, /langganan.

Reminders are broadcasts of kind "reminder" and go through the same delivery worker. Who is
reminded is decided when the reminder is due (idle for REMINDER_IDLE_HOURS, not reminded in
the last day, still subscribed); nothing goes out in quiet hours: a reminder asked for at
night is scheduled for the end of them, and one running into them pauses until morning.
Broadcasts written by a person are sent when that person chose, quiet hours or not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast import screens
from bot.broadcast.timing import after_quiet_hours, in_quiet_hours
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import StaffOf
from bot.screens import Reply, Response, Screen
from storage.queries import audit
from storage.queries import broadcast as queries

Clock = Callable[[], datetime]
REGENCY = "all"


class QuietHours:
    def __init__(self, start: time, end: time, tz: tzinfo) -> None:
        self.start, self.end, self.tz = start, end, tz

    def __call__(self, moment: datetime) -> bool:
        return in_quiet_hours(moment, self.start, self.end, self.tz)

    def next_allowed(self, moment: datetime) -> datetime:
        return after_quiet_hours(moment, self.start, self.end, self.tz)


@dataclass(eq=False)
class Reminders:
    reference: Reference
    idle_hours: float
    quiet: QuietHours
    clock: Clock
    wake: Callable[[], None]
    staff_of: StaffOf

    def _audience(self) -> dict[str, object]:
        return {"mode": "idle", "hours": self.idle_hours}

    async def menu(self, session: AsyncSession, speaker: Speaker) -> Response:
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.uses_kecamatan_tools:
            return Response([Reply(Screen(screens.not_allowed(t)))])
        codes = [REGENCY] if staff.is_admin else sorted(staff.kecamatan)
        now, choices = self.clock(), []
        for code in codes:
            scope = None if code == REGENCY else code
            idle = await queries.count_audience(session, scope, self._audience(), now)
            choices.append(screens.ReminderChoice(code, self._place(code, t), idle))
        return Response([Reply(screens.reminder_menu(t, self.idle_hours, choices))])

    async def remind(
        self,
        session: AsyncSession,
        speaker: Speaker,
        code: str,
        chat_id: int,
        message_id: int,
    ) -> Response:
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        scope = None if code == REGENCY else code
        allowed = staff.is_admin if scope is None else staff.may_coordinate(scope)
        if not allowed or (scope is not None and self.reference.kecamatan_by_code(scope) is None):
            return Response(alert=screens.not_allowed(t))
        now = self.clock()
        when = self.quiet.next_allowed(now)
        audience = {**self._audience(), "locale": t.locale}
        reminder = await queries.create_reminder(
            session, staff.telegram_id, scope, audience, when, now, (chat_id, message_id)
        )
        audit.record(session, now, "reminder.queued", None, str(reminder.id), by=staff.telegram_id)
        self.wake()
        later = when if when > now else None
        return Response([Reply(screens.reminder_queued(t, reminder, later), edit=True)])

    def _place(self, code: str, t: object) -> str:
        if code == REGENCY:
            return "Kabupaten Bekasi"
        found = self.reference.kecamatan_by_code(code)
        return found.name if found else code


async def set_subscription(
    session: AsyncSession, speaker: Speaker, subscribed: bool, now: datetime
) -> Response:
    """/berhenti (False) and /langganan (True); a participant who comes back is unblocked."""
    participant = speaker.participant
    if participant is None or not speaker.registered:
        return Response([Reply(screens.not_a_participant(speaker.t))])
    participant.subscribed = subscribed
    if subscribed:
        participant.blocked_at = None
    action = "participant.subscribed" if subscribed else "participant.unsubscribed"
    audit.record(session, now, action, participant.id)
    screen = screens.subscribed(speaker.t) if subscribed else screens.unsubscribed(speaker.t)
    return Response([Reply(screen)])
