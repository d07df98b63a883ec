"""Moving a round through its phases (bot/phases.py) from /putaran: close the collection (→
prioritas), publish the results (→ hasil), set the results date, and the late-proposal rule.

Only admins, checked as each action runs. A phase moves by setting its boundary date to now, in
the update's transaction; the feature that speaks at the start of a phase (the invitation to
prioritise, the results) is registered with `on(phase, announce)` and queues its broadcast in
that same transaction, claiming the round so that it happens once (bot/staff/phase_watcher.py
does the same for a phase that begins by its date).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.people import Speaker
from bot.phases import Phase, phase_of
from bot.roles import Staff
from bot.screens import Reply, Response, Screen
from bot.staff.screens import rounds as screens
from bot.staff.scripts import RESULTS_DATE
from storage.models import ConsultationRound
from storage.queries import audit
from storage.queries import rounds as queries

# (session, round, author's Telegram id, now, progress (chat, message) or None, author's locale)
Announce = Callable[
    [AsyncSession, ConsultationRound, int, datetime, tuple[int, int] | None, str],
    Awaitable[object],
]


@dataclass(eq=False)
class PhaseMoves:
    dialogues: Dialogues
    announcers: dict[Phase, Announce] = field(default_factory=dict)

    def on(self, phase: Phase, announce: Announce) -> None:
        """`announce` speaks when a round enters `phase` (moved by an admin or by its date)."""
        self.announcers[phase] = announce

    async def announce(
        self,
        session: AsyncSession,
        found: ConsultationRound,
        phase: Phase,
        now: datetime,
        progress: tuple[int, int] | None,
        locale: str,
    ) -> object:
        announce = self.announcers.get(phase)
        author = found.phases_by
        if announce is None or author is None:
            return None
        return await announce(session, found, author, now, progress, locale)

    async def move(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        found: ConsultationRound,
        now: datetime,
        where: tuple[int, int] | None,
        phase: Phase,
    ) -> str:
        """An admin's hand moves the round into `phase` (prioritas: the collection closes;
        hasil: the results go out): audited, and announced; the text that says so."""
        t = speaker.t
        if phase == Phase.PRIORITISE:
            found.closes_at, action, done = now, "round.closed", screens.closed(t, found.name)
        else:
            found.results_at, action, done = now, "round.results", screens.published(t, found.name)
        found.phases_by = staff.telegram_id
        audit.record(session, now, action, None, str(found.id), by=staff.telegram_id)
        await self.announce(session, found, phase, now, where, t.locale)
        return done

    def toggle_late(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        found: ConsultationRound,
        now: datetime,
    ) -> str:
        found.late_to_next = not found.late_to_next
        audit.record(
            session,
            now,
            "round.late_proposals",
            None,
            str(found.id),
            by=staff.telegram_id,
            to_next=found.late_to_next,
        )
        return screens.late_policy(speaker.t, found.name, found.late_to_next)

    async def ask_results_date(
        self, session: AsyncSession, speaker: Speaker, found: ConsultationRound, now: datetime
    ) -> Response:
        preset: dict[str, Any] = {"round": found.id}
        if found.closes_at is not None:
            preset["closes_at"] = found.closes_at.isoformat()
        owner = Owner(speaker.person.telegram_id, speaker.t.locale)
        started = await self.dialogues.begin(session, owner, RESULTS_DATE, now, preset)
        intro = Reply(Screen(screens.intro_results_date(speaker.t, found.name)))
        return Response([intro, *started.replies], retire=started.retire)

    async def results_date_given(
        self, session: AsyncSession, staff: Staff, turn: Turn, now: datetime
    ) -> str:
        """The finisher of RESULTS_DATE: the role and the round's phase are checked again."""
        t, answers = turn.t, turn.state.answers
        found = await queries.get(session, int(answers["round"]))
        if not staff.is_admin:
            return screens.not_allowed(t)
        phase = phase_of(found, now) if found is not None else None
        if found is None or phase not in (Phase.COLLECT, Phase.PRIORITISE):
            return screens.gone(t)
        when = datetime.fromisoformat(str(answers["results_at"]))
        if found.closes_at is None or when <= found.closes_at:
            return screens.gone(t)
        found.results_at, found.phases_by = when, staff.telegram_id
        audit.record(session, now, "round.results_date", None, str(found.id), by=staff.telegram_id)
        return screens.results_date_set(t, found.name, t.datetime(when))
