"""Residents' feedback on their kecamatan's results: one answer per round and person (a later
tap changes it), an optional sentence typed under it (the result_comment dialogue), and the
answers per kecamatan for staff: admins every kecamatan's counts, coordinators their own
kecamatan with the sentences, never a name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.people import Speaker
from bot.reference import Reference
from bot.results import feedback_screens as screens
from bot.results.script import COMMENT
from bot.roles import StaffOf
from bot.screens import Reply, Response, Screen
from storage.models import ConsultationRound, Participant
from storage.queries import results as queries
from storage.queries import rounds

Clock = Callable[[], datetime]


@dataclass(eq=False)
class Feedback:
    reference: Reference
    dialogues: Dialogues
    staff_of: StaffOf
    clock: Clock

    async def record(
        self, session: AsyncSession, found: ConsultationRound, participant: Participant, given: str
    ) -> bool:
        """False when this was already the answer (a double tap)."""
        code = str(participant.kecamatan_code)
        return await queries.answer(session, found.id, code, participant.id, given, self.clock())

    async def ask_sentence(
        self, session: AsyncSession, speaker: Speaker, found: ConsultationRound
    ) -> Response:
        """The optional sentence, as a one-step dialogue; not while another dialogue is under
        way (a proposal half written is never replaced by this)."""
        participant = speaker.participant
        ongoing = speaker.dialogue
        if participant is None or (ongoing is not None and ongoing.flow != COMMENT.name):
            return Response([])
        preset = {"round": found.id}
        owner = Owner.of(participant)
        return await self.dialogues.begin(session, owner, COMMENT, self.clock(), preset)

    async def finish(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The dialogue's end: the sentence under the answer (none when skipped)."""
        t, participant = speaker.t, speaker.participant
        sentence = str(turn.state.answers.get("comment") or "").strip()
        round_id = int(turn.state.answers.get("round") or 0)
        if not sentence or participant is None:
            return _say(screens.sentence_skipped(t))
        if not await queries.comment(session, round_id, participant.id, sentence):
            return _say(screens.sentence_skipped(t))
        return _say(screens.sentence_saved(t))

    # --- staff -----------------------------------------------------------------------------

    async def overview(
        self, session: AsyncSession, speaker: Speaker, page: int = 0, edit: bool = False
    ) -> Response:
        """/umpan_balik: admins every kecamatan's answers, coordinators their own kecamatan's
        answers and sentences. The roles are read now."""
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.is_staff:
            return _say(screens.staff_only(t))
        found = await rounds.in_results_at(session, self.clock())
        if found is None:
            return _say(screens.no_round(t))
        counts = await queries.counts(session, found.id)
        if staff.is_admin:
            table = [(k.name, counts.get(k.code, {})) for k in self.reference.kecamatan]
            screen = screens.table(t, found.name, table, page)
            return Response([Reply(screen, edit=edit)])
        replies = []
        for code in sorted(staff.kecamatan):
            kecamatan = self.reference.kecamatan_by_code(code)
            name = kecamatan.name if kecamatan else code
            lines = await queries.comments(session, found.id, code)
            screen = screens.kecamatan(t, found.name, name, counts.get(code, {}), lines)
            replies.append(Reply(screen))
        return Response(replies)


def _say(text: str) -> Response:
    return Response([Reply(Screen(text))])
