"""`Priorities`: "A atau B?" for participants (/prioritas, the pair's buttons), the invitation
when a round enters prioritas, coordinators' reminders (/ingatkan_prioritas).

Every tap reads the participant, the round in prioritas and the kecamatan's proposals again:
the ids in the button are only a request. One answer is one row (`comparisons.record`:
unique per person and pair), so a double tap, a redelivered update or an old button changes
nothing and is answered "already recorded" with the person's current next pair.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.people import Speaker
from bot.places import kecamatan_places, match_places
from bot.priorities import screens
from bot.priorities.pairs import Pair, next_pair, ordered
from bot.priorities.screens import Action
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from storage.models import Broadcast, ConsultationRound
from storage.queries import audit, comparisons
from storage.queries import broadcast as letters
from storage.queries.rounds import hold, prioritising_at

KIND = "prioritise"  # the broadcast kind of the invitation and the reminders
REMIND_EVERY = timedelta(days=1)
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Voter:
    """A registered participant, the round in prioritas, their kecamatan's proposals."""

    participant_id: int
    kecamatan_code: str
    found_round: ConsultationRound
    candidates: list[int]


class Priorities:
    def __init__(
        self,
        reference: Reference,
        staff_of: StaffOf,
        clock: Clock,
        after_quiet: Callable[[datetime], datetime],
        wake: Callable[[], None],
    ) -> None:
        self.reference = reference
        self.staff_of = staff_of
        self.clock = clock
        self.after_quiet = after_quiet  # a letter asked for at night goes in the morning
        self.wake = wake  # the delivery worker
        self.rng = random.Random()

    # --- participants -------------------------------------------------------------------

    async def begin(self, session: AsyncSession, speaker: Speaker, edit: bool = False) -> Response:
        """/prioritas, or the invitation's button (`edit`: the invitation becomes the pair)."""
        voter = await self._voter(session, speaker)
        if isinstance(voter, str):
            return Response([Reply(Screen(voter), edit=edit)])
        return Response([await self._next(session, speaker.t, voter, edit)])

    async def answer(
        self, session: AsyncSession, speaker: Speaker, action: str, a_id: int, b_id: int
    ) -> Response:
        t = speaker.t
        voter = await self._voter(session, speaker)
        if isinstance(voter, str):
            return Response([Reply(Screen(voter), edit=True)])
        if (
            action not in screens.ANSWERS
            or a_id == b_id
            or not {a_id, b_id} <= set(voter.candidates)
        ):
            return Response(alert=screens.not_your_pair(t))
        pair = ordered(a_id, b_id)
        cards = await comparisons.cards(session, pair)
        own = any(cards[p].author_id == voter.participant_id for p in pair)
        outcome = _outcome(action, a_id, b_id, pair)
        stored = await comparisons.record(
            session,
            voter.found_round.id,
            voter.kecamatan_code,
            voter.participant_id,
            pair,
            outcome,
            outcome != "skip" and not own,  # one's own proposal: stored, not counted
            self.clock(),
        )
        shown = await self._next(session, t, voter, edit=True)
        return Response([shown], alert=None if stored else screens.already_saved(t))

    async def done(self, session: AsyncSession, speaker: Speaker) -> Response:
        """Selesai: the answers are saved; when the results come."""
        voter = await self._voter(session, speaker)
        if isinstance(voter, str):
            return Response([Reply(Screen(voter), edit=True)])
        compared = await comparisons.compared_count(
            session, voter.participant_id, voter.found_round.id
        )
        screen = screens.thanks(speaker.t, compared, voter.found_round.results_at)
        return Response([Reply(screen, edit=True)])

    async def _voter(self, session: AsyncSession, speaker: Speaker) -> Voter | str:
        """The voter, or why they cannot compare now (in their language)."""
        t, participant = speaker.t, speaker.participant
        if participant is None or not speaker.registered or not participant.kecamatan_code:
            return screens.not_registered(t)
        found = await prioritising_at(session, self.clock())
        if found is None:
            return screens.not_now(t)
        code = participant.kecamatan_code
        candidates = await comparisons.rankable_ids(session, found.id, code)
        if len(candidates) < 2:
            return screens.too_few(t)
        return Voter(participant.id, code, found, candidates)

    async def _next(self, session: AsyncSession, t: Translator, voter: Voter, edit: bool) -> Reply:
        pair = await self.pair_for(session, voter)
        compared = await comparisons.compared_count(
            session, voter.participant_id, voter.found_round.id
        )
        if pair is None:
            return Reply(screens.all_compared(t, compared, voter.found_round.results_at), edit=edit)
        cards = await comparisons.cards(session, pair)
        a, b = (self._side(cards[p]) for p in pair)
        return Reply(screens.pair(t, a, b, compared), edit=edit)

    async def pair_for(self, session: AsyncSession, voter: Voter) -> Pair | None:
        """The next pair: two indexed queries and the pure choice (bot/priorities/pairs.py)."""
        shown = await comparisons.shown_counts(session, voter.found_round.id, voter.kecamatan_code)
        seen = await comparisons.seen_pairs(session, voter.participant_id)
        return next_pair(voter.candidates, shown, seen, self.rng)

    def _side(self, card: comparisons.Card) -> screens.Side:
        desa = self.reference.desa_by_code(card.desa_code)
        name = desa.name if desa else card.desa_code
        return screens.Side(card.proposal_id, card.reference, name, screens.trimmed(card.problem))

    # --- the invitation -----------------------------------------------------------------

    async def invite(
        self,
        session: AsyncSession,
        found_round: ConsultationRound,
        author_telegram_id: int,
        now: datetime,
        progress: tuple[int, int] | None,
        locale: str = "id",
    ) -> Broadcast | None:
        """The regency-wide invitation to compare, queued once per round (None: it already
        was). Each recipient's message is written as it is sent (`letter`)."""
        if not await comparisons.claim_invitation(session, found_round.id, now):
            return None
        audience = {"mode": "all", "round_id": found_round.id, "locale": locale}
        when = self.after_quiet(now)
        queued = await letters.queue_letter(
            session, KIND, author_telegram_id, None, audience, now, progress, when
        )
        audit.record(
            session, now, "priorities.invited", None, str(queued.id), by=author_telegram_id
        )
        self.wake()
        return queued

    async def letter(
        self, session: AsyncSession, broadcast: Broadcast, participant_id: int, t: Translator
    ) -> Screen | None:
        """One recipient's invitation (or reminder); None when the round has left prioritas,
        their kecamatan has fewer than two proposals, or they compared every pair already."""
        found = await prioritising_at(session, self.clock())
        code = await comparisons.kecamatan_of(session, participant_id)
        if found is None or found.id != broadcast.audience.get("round_id") or code is None:
            return None
        candidates = await comparisons.rankable_ids(session, found.id, code)
        seen = await comparisons.seen_pairs(session, participant_id)
        if next_pair(candidates, {}, seen, self.rng) is None:
            return None
        kecamatan = self.reference.kecamatan_by_code(code)
        return screens.invitation(t, kecamatan.name if kecamatan else code, found.results_at)

    # --- coordinators' reminders --------------------------------------------------------

    async def offer_reminder(
        self, session: AsyncSession, speaker: Speaker, words: list[str]
    ) -> Response:
        """/ingatkan_prioritas [kecamatan]: how many would be reminded, and the button."""
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not (staff.is_admin or staff.is_coordinator):
            return _say(screens.remind_not_allowed(t))
        code = self._kecamatan(" ".join(words)) if words else _own(staff)
        if code is None and not words and staff.is_admin:
            return _say(screens.remind_usage(t))
        if code is None or not staff.may_coordinate(code):
            return _say(screens.remind_not_allowed(t))
        if await prioritising_at(session, self.clock()) is None:
            return _say(screens.not_now(t))
        recipients = await letters.count_audience(session, code, {"mode": "all"}, self.clock())
        name = self._name(code)
        return Response([Reply(screens.remind_offer(t, name, code, recipients))])

    async def remind(
        self, session: AsyncSession, speaker: Speaker, code: str, progress: tuple[int, int]
    ) -> Response:
        """The reminder's button: roles, the round and the once-a-day limit checked again."""
        t, now = speaker.t, self.clock()
        staff = await self.staff_of(session, speaker.person.telegram_id)
        known = self.reference.kecamatan_by_code(code) is not None
        if not known or not staff.may_coordinate(code):
            return Response(alert=screens.remind_not_allowed(t))
        found = await prioritising_at(session, now)
        if found is None:
            return Response([Reply(Screen(screens.not_now(t)), edit=True)])
        await hold(session, found.id)  # two taps at once: the second sees the first's letter
        last = await comparisons.latest_invitation(session, code)
        if last is not None and now - last < REMIND_EVERY:
            return Response([Reply(Screen(screens.remind_too_soon(t, last)), edit=True)])
        audience = {"mode": "all", "round_id": found.id, "locale": t.locale}
        when = self.after_quiet(now)
        queued = await letters.queue_letter(
            session, KIND, staff.telegram_id, code, audience, now, progress, when
        )
        audit.record(
            session, now, "priorities.reminded", None, str(queued.id), by=staff.telegram_id
        )
        self.wake()
        text = screens.remind_queued(t, self._name(code), when if when > now else None)
        return Response([Reply(Screen(text), edit=True)])

    def _kecamatan(self, text: str) -> str | None:
        if self.reference.kecamatan_by_code(text.strip()) is not None:
            return text.strip()
        found = match_places(text, kecamatan_places(self.reference)).place
        return found.code if found is not None else None

    def _name(self, code: str) -> str:
        found = self.reference.kecamatan_by_code(code)
        return found.name if found else code


def _outcome(action: str, a_id: int, b_id: int, pair: Pair) -> str:
    if action == Action.TIE:
        return "tie"
    if action == Action.SKIP:
        return "skip"
    winner = a_id if action == Action.A else b_id
    return "first" if winner == pair[0] else "second"


def _own(staff: Staff) -> str | None:
    return min(staff.kecamatan) if staff.kecamatan else None


def _say(text: str) -> Response:
    return Response([Reply(Screen(text))])
