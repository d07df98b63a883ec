"""/mandat: a kecamatan coordinator confirms (or declines) that a representative really speaks
for their group and the number of people they gave. Admins act for every kecamatan.

Roles are read afresh for every update; callback data names a participant, but only the roles
held now decide whether they may be seen or decided on. A decision is audited and can be
changed later; each new decision owes the representative one notice (a repeated tap or a
redelivered update changes nothing and owes nothing).

Callback layout (kind "g"):
  g:l:<page>                 the representatives, those waiting first
  g:o:<participant id>       one representative's card
  g:c:<participant id> / g:d:<participant id>   confirm / decline
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import callbacks as cb
from bot.dialogue.answer_text import headcount_text
from bot.dialogue.answers import Problem
from bot.dialogue.problems import explain
from bot.i18n import Translator, translator
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from bot.staff.screens import mandates as screens
from storage.models import Notice, Participant
from storage.queries import audit, notices
from storage.queries import mandates as queries

DECISIONS = {"c": queries.CONFIRMED, "d": queries.DECLINED}
Wake = Callable[[AsyncSession], None]


class Mandates:
    def __init__(
        self, reference: Reference, staff_of: StaffOf, clock: Callable[[], datetime], wake: Wake
    ) -> None:
        self.reference = reference
        self.staff = staff_of
        self.clock = clock
        self.wake = wake  # the notices' sender, woken once the decision is committed

    async def command(self, session: AsyncSession, speaker: Speaker) -> Response:
        staff = await self.staff(session, speaker.person.telegram_id)
        if not (staff.is_admin or staff.is_coordinator):
            return Response([Reply(Screen(screens.not_allowed(speaker.t)))])
        return Response([Reply(await self._listing(session, speaker.t, staff, 0))])

    async def button(self, session: AsyncSession, speaker: Speaker, tap: cb.Callback) -> Response:
        t = speaker.t
        staff = await self.staff(session, speaker.person.telegram_id)
        if not (staff.is_admin or staff.is_coordinator):
            return Response(alert=screens.not_allowed(t))
        number = tap.number(0) if len(tap.args) == 1 else None
        if number is None:
            return Response(alert=explain(Problem("stale"), None, t))
        if tap.action == "l":
            return Response([Reply(await self._listing(session, t, staff, number), edit=True)])
        if tap.action not in ("o", *DECISIONS):
            return Response(alert=explain(Problem("stale"), None, t))
        found = await queries.representative(session, number)
        if found is None:
            return Response(alert=screens.not_found(t))
        if not staff.may_coordinate(found.kecamatan_code):
            return Response(alert=screens.not_allowed(t))
        if tap.action == "o":
            return Response([Reply(screens.card(t, self._view(t, found)), edit=True)])
        if found.telegram_user_id == speaker.person.telegram_id:  # nobody vouches for themselves
            return Response(alert=screens.not_for_yourself(t))
        return await self._decide(session, speaker, found, DECISIONS[tap.action])

    async def _decide(
        self, session: AsyncSession, speaker: Speaker, found: Participant, decision: str
    ) -> Response:
        t = speaker.t
        if found.mandate == decision:  # a double tap, or a second coordinator agreeing
            return Response(alert=screens.unchanged(t))
        now, by = self.clock(), speaker.person.telegram_id
        queries.decide(found, decision, by, now)
        actor = speaker.participant.id if speaker.participant else None
        audit.record(session, now, f"mandate.{decision}", actor, str(found.id), by=by)
        subject = await queries.next_decision_number(session, found.id)
        await notices.owe(session, queries.NOTICE_KIND, subject, [found.id], now)
        self.wake(session)
        saved = screens.decision_saved(t, decision)
        return Response([Reply(screens.card(t, self._view(t, found), saved), edit=True)])

    async def _listing(
        self, session: AsyncSession, t: Translator, staff: Staff, page: int
    ) -> Screen:
        scope = None if staff.is_admin else staff.kecamatan
        offset = page * screens.PER_PAGE
        shown, total = await queries.representatives(session, scope, offset, screens.PER_PAGE)
        if not shown and page > 0:  # a page that emptied meanwhile: the first one
            return await self._listing(session, t, staff, 0)
        return screens.listing(t, [self._view(t, p) for p in shown], page, total)

    def _view(self, t: Translator, p: Participant) -> screens.Representative:
        desa = self.reference.desa_by_code(p.desa_code or "")
        return screens.Representative(
            p.id,
            p.display_name or "",
            p.group_name,
            headcount(t, p),
            desa.name if desa else "",
            p.mandate,
        )

    async def render_notice(
        self, session: AsyncSession, notice: Notice, participant: Participant
    ) -> Screen | None:
        """The notice of a decision, in the representative's language; nothing when a newer
        decision was made since (its own notice tells it) or none stands any more."""
        newest = await queries.is_latest_notice(session, participant.id, notice.subject_id)
        if not newest or participant.mandate is None:
            return None
        t = translator(participant.locale)
        return screens.notice(
            t, participant.mandate, participant.group_name, headcount(t, participant)
        )


def headcount(t: Translator, p: Participant) -> str:
    if p.represents is None:
        return "—"
    return headcount_text({"count": p.represents, "unit": p.represents_unit or "people"}, t)
