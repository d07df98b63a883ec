"""Consultation rounds: admins create them (a guided dialogue), see them, move them through
their phases (bot/staff/phases.py) or cancel them.

Participants can send proposals only while a round collects them (bot/proposals/submission.py);
once the collection closes, its proposals are locked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import confirmations
from bot.confirmations import Confirm
from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.people import Speaker
from bot.phases import Phase, phase_of
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from bot.screens.confirmations import expired
from bot.staff.phases import PhaseMoves
from bot.staff.screens import rounds as screens
from bot.staff.screens.rounds import RoundLine
from bot.staff.scripts import ROUND
from storage.models import ConsultationRound
from storage.queries import audit
from storage.queries import rounds as queries

Clock = Callable[[], datetime]


class Rounds:
    def __init__(self, dialogues: Dialogues, staff_of: StaffOf, clock: Clock) -> None:
        self.dialogues = dialogues
        self.staff_of = staff_of
        self.clock = clock
        self.phases = PhaseMoves(dialogues)

    async def finish(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The finisher of the ROUND and RESULTS_DATE dialogues (registered with the guide)."""
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if turn.flow.name != ROUND.name:
            text = await self.phases.results_date_given(session, staff, turn, now)
            listing = await self._overview(session, speaker, staff, now)
            return Response([Reply(Screen(text)), *listing.replies])
        return await self.created(session, speaker, staff, turn, now)

    async def overview(self, session: AsyncSession, speaker: Speaker) -> Response:
        """/putaran: every round for staff, the current and next one for everyone else."""
        staff = await self.staff_of(session, speaker.person.telegram_id)
        return await self._overview(session, speaker, staff, self.clock())

    async def act(
        self,
        session: AsyncSession,
        speaker: Speaker,
        action: str,
        round_id: int | None,
        nonce: str = "",
        where: tuple[int, int] | None = None,
    ) -> Response:
        """A button of /putaran; the sender's roles are read now, as it runs. `where` is the
        tapped message (chat, message): it shows the progress of what a phase sends."""
        staff = await self.staff_of(session, speaker.person.telegram_id)
        now = self.clock()
        return await self._act(session, speaker, staff, action, round_id, now, nonce, where)

    async def _overview(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        now: datetime,
        edit: bool = False,
    ) -> Response:
        t = speaker.t
        if not staff.is_staff:
            current = await _current(session, now)
            upcoming = await queries.next_after(session, now)
            screen = screens.public(
                t,
                await self._line(session, speaker, current, now) if current else None,
                await self._line(session, speaker, upcoming, now) if upcoming else None,
            )
            return Response([Reply(screen, edit=edit)])
        found = await queries.listing(session)
        latest = await queries.last_closed(session, now)
        lines = [
            await self._line(session, speaker, r, now, latest is not None and r.id == latest.id)
            for r in found
        ]
        return Response([Reply(screens.overview(t, lines, staff.is_admin), edit=edit)])

    async def new(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, now: datetime
    ) -> Response:
        if not staff.is_admin:
            return Response(alert=screens.not_allowed(speaker.t))
        owner = Owner(speaker.person.telegram_id, speaker.t.locale)
        started = await self.dialogues.begin(session, owner, ROUND, now)
        intro = Reply(Screen(screens.intro_new(speaker.t)))
        return Response([intro, *started.replies], retire=started.retire)

    async def created(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, turn: Turn, now: datetime
    ) -> Response:
        """The finisher of the ROUND dialogue: re-checks the role and the dates, then saves."""
        t = turn.t
        if not staff.is_admin:
            return Response([Reply(Screen(screens.not_allowed(t)))])
        answers = turn.state.answers
        opens = datetime.fromisoformat(str(answers["opens_at"]))
        closes = datetime.fromisoformat(str(answers["closes_at"]))
        clash = await queries.overlapping(session, opens, closes)
        if clash is not None:
            return Response([Reply(Screen(screens.overlaps(t, clash.name)))])
        name, description = str(answers["name"]), answers.get("description") or None
        created = await queries.create(session, name, description, opens, closes)
        created.phases_by = staff.telegram_id
        audit.record(session, now, "round.created", None, str(created.id), by=staff.telegram_id)
        text = screens.created(t, created.name, t.datetime(opens), t.datetime(closes))
        listing = await self._overview(session, speaker, staff, now)
        return Response([Reply(Screen(text)), *listing.replies])

    async def _act(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        action: str,
        round_id: int | None,
        now: datetime,
        nonce: str = "",
        where: tuple[int, int] | None = None,
    ) -> Response:
        t = speaker.t
        if action == "l":
            return await self._overview(session, speaker, staff, now, edit=True)
        if action == "n":
            return await self.new(session, speaker, staff, now)
        if not staff.is_admin:
            return Response(alert=screens.not_allowed(t))
        if action in CONFIRMED:  # the confirmation's yes or no: once, on the newest
            subject = str(round_id)
            kind = Confirm.ROUND
            if not await confirmations.take(session, staff.telegram_id, kind, subject, nonce, now):
                return Response(alert=expired(t))
        if action == "L":
            return await self._overview(session, speaker, staff, now, edit=True)
        found = await queries.get(session, round_id) if round_id is not None else None
        if found is None or not _allowed_in(action, found, now):
            listing = await self._overview(session, speaker, staff, now, edit=True)
            return Response(listing.replies, alert=screens.gone(t))
        if action in ASKED:
            line = await self._line(session, speaker, found, now)
            nonce = await confirmations.offer(
                session, staff.telegram_id, Confirm.ROUND, str(found.id), now
            )
            return Response([Reply(screens.confirm(t, line, action, nonce), edit=True)])
        if action == "t":
            return await self.phases.ask_results_date(session, speaker, found, now)
        if action == "x":
            told = self.phases.toggle_late(session, speaker, staff, found, now)
            listing = await self._overview(session, speaker, staff, now, edit=True)
            return Response(listing.replies, alert=told)
        text = await self._move(session, speaker, staff, action, found, now, where)
        listing = await self._overview(session, speaker, staff, now)
        return Response([Reply(Screen(text), edit=True), *listing.replies])

    async def _move(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        action: str,
        found: ConsultationRound,
        now: datetime,
        where: tuple[int, int] | None,
    ) -> str:
        if action in ("C", "H"):
            phase = Phase.PRIORITISE if action == "C" else Phase.RESULTS
            return await self.phases.move(session, speaker, staff, found, now, where, phase)
        await queries.delete(session, found)
        audit.record(session, now, "round.cancelled", None, str(found.id), by=staff.telegram_id)
        return screens.cancelled(speaker.t, found.name)

    async def _line(
        self,
        session: AsyncSession,
        speaker: Speaker,
        found: ConsultationRound,
        now: datetime,
        latest_closed: bool = False,
    ) -> RoundLine:
        t = speaker.t
        return RoundLine(
            found.id,
            found.name,
            t.datetime(found.opens_at),
            t.datetime(found.closes_at) if found.closes_at else None,
            phase_of(found, now),
            await queries.proposal_count(session, found.id),
            t.datetime(found.results_at) if found.results_at else None,
            found.late_to_next,
            latest_closed,
        )


# The actions that first ask, those that do what was asked, and the phase each needs.
ASKED = ("c", "d", "h")
CONFIRMED = ("C", "D", "H", "L")
_NEEDS = {
    "c": (Phase.COLLECT,),
    "C": (Phase.COLLECT,),
    "d": (Phase.UPCOMING,),
    "D": (Phase.UPCOMING,),
    "h": (Phase.PRIORITISE,),
    "H": (Phase.PRIORITISE,),
    "t": (Phase.COLLECT, Phase.PRIORITISE),
    "x": (Phase.PRIORITISE, Phase.RESULTS),
}


def _allowed_in(action: str, found: ConsultationRound, now: datetime) -> bool:
    if action == "t" and found.closes_at is None:
        return False  # the results come after the collection, which has no end yet
    return phase_of(found, now) in _NEEDS.get(action, ())


async def _current(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    """The round that matters to a participant now: collecting, else prioritising, else the
    newest with results."""
    return (
        await queries.open_at(session, now)
        or await queries.prioritising_at(session, now)
        or await queries.in_results_at(session, now)
    )
