"""Consultation rounds: admins create them (a guided dialogue), see them, close or cancel them.

Participants can send proposals only while a round is open (bot/proposals/submission.py); once it
closes, its proposals are locked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import confirmations
from bot.confirmations import Confirm
from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.people import Speaker
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from bot.screens.confirmations import expired
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

    async def finish(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The finisher of the ROUND dialogue (registered with the guide)."""
        staff = await self.staff_of(session, speaker.person.telegram_id)
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
    ) -> Response:
        """A button of /putaran; the sender's roles are read now, as it runs."""
        staff = await self.staff_of(session, speaker.person.telegram_id)
        return await self._act(session, speaker, staff, action, round_id, self.clock(), nonce)

    async def _overview(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        now: datetime,
        edit: bool = False,
    ) -> Response:
        t = speaker.t
        if not staff.uses_kecamatan_tools:
            current = await queries.open_at(session, now)
            upcoming = await queries.next_after(session, now)
            screen = screens.public(
                t,
                await self._line(session, speaker, current, now) if current else None,
                await self._line(session, speaker, upcoming, now) if upcoming else None,
            )
            return Response([Reply(screen, edit=edit)])
        lines = [await self._line(session, speaker, r, now) for r in await queries.listing(session)]
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
    ) -> Response:
        t = speaker.t
        if action == "l":
            return await self._overview(session, speaker, staff, now, edit=True)
        if action == "n":
            return await self.new(session, speaker, staff, now)
        if not staff.is_admin:
            return Response(alert=screens.not_allowed(t))
        if action in ("C", "D", "L"):  # the confirmation's yes or no: once, on the newest
            subject = str(round_id)
            kind = Confirm.ROUND
            if not await confirmations.take(session, staff.telegram_id, kind, subject, nonce, now):
                return Response(alert=expired(t))
        if action == "L":
            return await self._overview(session, speaker, staff, now, edit=True)
        found = await queries.get(session, round_id) if round_id is not None else None
        state = _state(found, now) if found is not None else None
        closing, deleting = action in ("c", "C"), action in ("d", "D")
        if found is None or (closing and state != "open") or (deleting and state != "upcoming"):
            listing = await self._overview(session, speaker, staff, now, edit=True)
            return Response(listing.replies, alert=screens.gone(t))
        if action in ("c", "d"):
            line = await self._line(session, speaker, found, now)
            nonce = await confirmations.offer(
                session, staff.telegram_id, Confirm.ROUND, str(found.id), now
            )
            return Response([Reply(screens.confirm(t, line, closing, nonce), edit=True)])
        if closing:
            found.closes_at = now
            audit.record(session, now, "round.closed", None, str(found.id), by=staff.telegram_id)
            text = screens.closed(t, found.name)
        else:
            await queries.delete(session, found)
            audit.record(session, now, "round.cancelled", None, str(found.id), by=staff.telegram_id)
            text = screens.cancelled(t, found.name)
        listing = await self._overview(session, speaker, staff, now)
        return Response([Reply(Screen(text), edit=True), *listing.replies])

    async def _line(
        self, session: AsyncSession, speaker: Speaker, found: ConsultationRound, now: datetime
    ) -> RoundLine:
        t = speaker.t
        return RoundLine(
            found.id,
            found.name,
            t.datetime(found.opens_at),
            t.datetime(found.closes_at) if found.closes_at else None,
            _state(found, now),
            await queries.proposal_count(session, found.id),
        )


def _state(found: ConsultationRound, now: datetime) -> str:
    if now < found.opens_at:
        return "upcoming"
    if found.closes_at is not None and found.closes_at <= now:
        return "closed"
    return "open"
