"""The results of a round, back to every kecamatan: the regency-wide letter (one message per
participant, written for them as it is sent), /hasil in a private chat, and /hasil in a group
chat (a coordinator posts their kecamatan's results, with nobody's personal data)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import Callback
from bot.i18n import Translator
from bot.people import Speaker
from bot.phases import Phase, phase_of
from bot.places import kecamatan_places, match_places
from bot.priorities.ranking import Ranked
from bot.priorities.standings import standings
from bot.reference import Reference
from bot.results import screens
from bot.results.feedback import Feedback
from bot.results.figures import KecamatanResults, Own, Priority, Title
from bot.roles import StaffOf
from bot.screens import Reply, Response, Screen
from storage.models import Broadcast, ConsultationRound, Participant
from storage.queries import broadcast as broadcasts
from storage.queries import results as queries
from storage.queries import rounds, supports
from storage.queries import shortlist as tanggapan

Clock = Callable[[], datetime]
KIND = "results"  # the broadcast kind of the regency-wide letter
# Votes are closed once a round is in hasil, so a kecamatan's order is fitted once and kept;
# kept no longer than this, so that a proposal hidden meanwhile leaves the order in time.
CACHE_SECONDS = 3600.0


@dataclass(eq=False)
class Results:
    reference: Reference
    staff_of: StaffOf
    clock: Clock
    feedback: Feedback
    _cache: dict[tuple[int, str], tuple[float, list[Ranked]]] = field(default_factory=dict)
    # The worker writes several letters at once: the first fits, the others wait for it.
    _fitting: dict[tuple[int, str], asyncio.Lock] = field(default_factory=dict)
    fits: int = 0  # how many times a kecamatan's order was fitted (the cache's proof)

    # --- the regency-wide letter -----------------------------------------------------------

    async def queue(
        self,
        session: AsyncSession,
        found_round: ConsultationRound,
        author_telegram_id: int,
        now: datetime,
        progress: tuple[int, int] | None,
        locale: str,
    ) -> Broadcast | None:
        """Queue the results to every registered participant, once per round: None when they
        were queued already (results_queued_at is the claim)."""
        if not await queries.claim_queue(session, found_round.id, now):
            return None
        audience = {"mode": "all", "round_id": found_round.id, "locale": locale}
        return await broadcasts.queue_letter(
            session, KIND, author_telegram_id, None, audience, now, progress
        )

    async def letter(
        self, session: AsyncSession, broadcast: Broadcast, participant_id: int, t: Translator
    ) -> Screen | None:
        """One recipient's results: their kecamatan's, in their language (a Letter of the
        DeliveryWorker). None (skipped) when they have no kecamatan or the round is gone."""
        participant = await queries.kecamatan_of(session, participant_id)
        found = await rounds.get(session, int(broadcast.audience.get("round_id") or 0))
        if participant is None or found is None or participant.kecamatan_code is None:
            return None
        return await self._personal(session, found, participant, t)

    # --- /hasil ------------------------------------------------------------------------------

    async def command(self, session: AsyncSession, speaker: Speaker) -> Response:
        """/hasil in a private chat: the newest round in hasil, for the speaker's kecamatan."""
        t, participant = speaker.t, speaker.participant
        if participant is None or not speaker.registered or participant.kecamatan_code is None:
            return _say(screens.not_registered(t))
        found = await rounds.in_results_at(session, self.clock())
        if found is None:
            return _say(await self._not_yet(session, t, personal=True))
        return Response([Reply(await self._personal(session, found, participant, t))])

    async def group_post(self, session: AsyncSession, speaker: Speaker, typed: str) -> Response:
        """/hasil in a group: the roles are read now; a coordinator posts their kecamatan's
        results, an admin the kecamatan named. No personal data, no buttons."""
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.is_admin and not staff.kecamatan:
            return _say(screens.group_only_coordinators(t))
        code = self._kecamatan(typed, staff.kecamatan)
        if code is None:
            if typed.strip():
                return _say(screens.group_unknown_kecamatan(t, typed.strip()))
            return _say(screens.group_name_kecamatan(t))
        if not staff.may_coordinate(code):
            return _say(screens.group_only_coordinators(t))
        found = await rounds.in_results_at(session, self.clock())
        if found is None:
            return _say(await self._not_yet(session, t, personal=False))
        return Response([Reply(screens.summary(t, await self.figures(session, found, code), None))])

    def _kecamatan(self, typed: str, own: frozenset[str]) -> str | None:
        """The kecamatan meant: the one typed, else the coordinator's only one."""
        if not typed.strip():
            return next(iter(own)) if len(own) == 1 else None
        place = match_places(typed, kecamatan_places(self.reference)).place
        return place.code if place is not None else None

    async def _not_yet(self, session: AsyncSession, t: Translator, personal: bool) -> str:
        ahead = await rounds.results_ahead(session, self.clock())
        date = t.date(ahead.results_at) if ahead and ahead.results_at else None
        return screens.no_results(t, date, personal)

    # --- the buttons ---------------------------------------------------------------------------

    async def button(self, session: AsyncSession, speaker: Speaker, tap: Callback) -> Response:
        t, participant = speaker.t, speaker.participant
        if tap.action == "s":
            return await self.feedback.overview(session, speaker, tap.number(0) or 0, edit=True)
        found = await rounds.get(session, tap.number(0) or 0)
        if (
            participant is None
            or participant.kecamatan_code is None
            or found is None
            or phase_of(found, self.clock()) is not Phase.RESULTS
        ):
            return Response(alert=screens.stale(t))
        if tap.action == "f" and len(tap.args) == 2:
            return await self._answered(session, speaker, found, participant, tap.args[1])
        if tap.action == "a" and len(tap.args) == 2:
            figures = await self.figures(session, found, participant.kecamatan_code)
            screen = screens.everything(t, figures, tap.number(1) or 0)
            return Response([Reply(screen, edit=True)])
        if tap.action == "b":
            screen = await self._personal(session, found, participant, t)
            return Response([Reply(screen, edit=True)])
        return Response(alert=screens.stale(t))

    async def _answered(
        self,
        session: AsyncSession,
        speaker: Speaker,
        found: ConsultationRound,
        participant: Participant,
        key: str,
    ) -> Response:
        """*Ya* / *Sebagian* / *Tidak*: stored (a second tap changes it, the same tap twice
        changes nothing), the results marked with it in place, then the optional sentence."""
        given = screens.ANSWERS.get(key)
        if given is None:
            return Response(alert=screens.stale(speaker.t))
        if not await self.feedback.record(session, found, participant, given):
            return Response(alert=screens.already_answered(speaker.t))
        screen = await self._personal(session, found, participant, speaker.t)
        asked = await self.feedback.ask_sentence(session, speaker, found)
        return Response([Reply(screen, edit=True), *asked.replies], retire=asked.retire)

    # --- the figures ---------------------------------------------------------------------------

    async def _personal(
        self,
        session: AsyncSession,
        found: ConsultationRound,
        participant: Participant,
        t: Translator,
    ) -> Screen:
        figures = await self.figures(session, found, str(participant.kecamatan_code))
        own = await queries.own(session, participant.id, found.id)
        mine = [Own(s.reference, s.status) for s in own]
        chosen = await queries.given(session, found.id, participant.id)
        return screens.summary(t, figures, mine, chosen)

    async def figures(
        self, session: AsyncSession, found: ConsultationRound, code: str
    ) -> KecamatanResults:
        ranked = await self._ranking(session, found, code)
        compared = any(r.comparisons for r in ranked)
        ids = [r.proposal_id for r in ranked]
        if not compared:  # no residents' order: the most supported first, then the oldest
            counts = await supports.counts(session, ids)
            ids.sort(key=lambda i: (-counts.get(i, 0), i))
        thin = {r.proposal_id: r.thin for r in ranked}
        words = await queries.summaries(session, ids)
        answered = await tanggapan.newest_kinds(session, ids[: screens.TOP])
        ranking = tuple(
            Priority(words[i].reference, words[i].problem, thin[i], answered.get(i))
            for i in ids
            if i in words
        )
        chosen = await queries.quick_wins(session, found.id)
        kecamatan = self.reference.kecamatan_by_code(code)
        return KecamatanResults(
            found.id,
            found.name,
            kecamatan.name if kecamatan else code,
            await queries.participation(session, found.id, code),
            compared,
            ranking,
            tuple(Title(c.reference, c.problem) for c in chosen),
        )

    async def _ranking(
        self, session: AsyncSession, found: ConsultationRound, code: str
    ) -> list[Ranked]:
        """The kecamatan's order, fitted once while the round is in hasil (votes closed)."""
        key = (found.id, code)
        async with self._fitting.setdefault(key, asyncio.Lock()):
            kept = self._cache.get(key)
            if kept is not None and time.monotonic() - kept[0] < CACHE_SECONDS:
                return kept[1]
            self.fits += 1
            ranked = await standings(session, found.id, code)
            if phase_of(found, self.clock()) is Phase.RESULTS:
                self._cache[key] = (time.monotonic(), ranked)
            return ranked


def _say(text: str) -> Response:
    return Response([Reply(Screen(text))])
