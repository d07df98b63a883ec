"""/quickwin: admins read the quick-win shortlist per dimension and choose the quick wins.

Callback kind SHORTLIST ("q"), read on the server again at every tap:
``q:p:<page>`` a dimension's page (0-based, the reference's order); ``q:a:<id>:<page>`` ask
to choose or unmark proposal <id>; ``q:y:<id>:<c|u>:<nonce>:<page>`` yes (c choose, u
unmark), ``q:n:…`` no. The confirmation's nonce works once (bot/confirmations.py), so a
double tap or an old confirmation changes nothing.

Choosing records a QuickWin row (audited) and owes a "quick_win" notice to the author and to
each supporter: owed once per person and proposal ever, so choosing again after an unmark
tells nobody twice. Choosing does not change the proposal's status: the status is the
admins' record of what the regency decided (set in /usulan or by `rembug import-status`,
which tells the author on its own), and a quick win chosen here may still be unmarked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from bot import callbacks as cb
from bot import confirmations
from bot.callbacks import Kind
from bot.confirmations import Confirm
from bot.i18n import Translator, translator
from bot.opd.responses import OPEN_STATUSES, ResponseKind
from bot.opd.screens import shortlist as screens
from bot.opd.shortlist import Ranked, top_per_dimension, unclassified
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from bot.screens.confirmations import expired
from storage.models import Notice, Participant, Proposal
from storage.queries import audit, notices
from storage.queries import shortlist as queries

Clock = Callable[[], datetime]
NOTICE_KIND = "quick_win"
CHOOSE, UNMARK = "c", "u"


@dataclass(frozen=True)
class Board:
    """The shortlist as it stands: the top ten per dimension, the chosen ones."""

    ranked: dict[str, list[Ranked]]
    chosen: list[queries.Chosen]
    unclassified: int

    def chosen_in(self, dimension: str) -> list[queries.Chosen]:
        return [c for c in self.chosen if c.dimension == dimension]


async def board(session: AsyncSession, conditions: Iterable[ColumnElement[bool]] = ()) -> Board:
    """The shortlist among the proposals matching `conditions` (an export's scope)."""
    wanted = list(conditions)
    found = await queries.eligible(session, ResponseKind.QUICK_WIN.value, OPEN_STATUSES, wanted)
    chosen = await queries.chosen(session, wanted)
    return Board(top_per_dimension(found), chosen, unclassified(found))


@dataclass(eq=False)
class Shortlist:
    reference: Reference
    staff_of: StaffOf
    clock: Clock
    owed: Callable[[AsyncSession], None]  # told when notices were owed (sent after the commit)

    async def show(self, session: AsyncSession, speaker: Speaker) -> Response:
        """/quickwin: the first dimension's page."""
        if await self._admin(session, speaker) is None:
            return Response([Reply(Screen(screens.admins_only(speaker.t)))])
        return Response([Reply(await self._page(session, speaker.t, 0))])

    async def button(
        self, session: AsyncSession, speaker: Speaker, tap: cb.Callback | None
    ) -> Response:
        t = speaker.t
        staff = await self._admin(session, speaker)
        if staff is None:
            return Response(alert=screens.admins_only(t))
        parsed = _parse(tap, len(self.reference.dimensions))
        if parsed is None:
            return Response(alert=screens.stale(t))
        action, proposal_id, intent, nonce, number = parsed
        if action == "p":
            return Response([Reply(await self._page(session, t, number), edit=True)])
        proposal = await queries.proposal(session, proposal_id)
        if proposal is None:
            return Response(alert=screens.stale(t))
        if action == "a":
            return await self._ask(session, t, staff, proposal, number)
        subject = f"{proposal.id}:{intent}"
        now = self.clock()
        if not await confirmations.take(
            session, staff.telegram_id, Confirm.QUICK_WIN, subject, nonce, now
        ):
            return Response(alert=expired(t))
        alert = None
        if action == "y":
            actor = speaker.participant.id if speaker.participant else None
            alert = await self._apply(session, t, staff, actor, proposal, intent == CHOOSE, now)
        screen = await self._page(session, t, number)
        return Response([Reply(screen, edit=True)], alert=alert)

    async def _ask(
        self, session: AsyncSession, t: Translator, staff: Staff, proposal: Proposal, number: int
    ) -> Response:
        choosing = not await queries.is_chosen(session, proposal.id)
        if choosing and not await self._eligible(session, proposal):
            return Response(alert=screens.not_eligible(t))
        intent = CHOOSE if choosing else UNMARK
        subject = f"{proposal.id}:{intent}"
        nonce = await confirmations.offer(
            session, staff.telegram_id, Confirm.QUICK_WIN, subject, self.clock()
        )
        people = 1 + len(await queries.supporter_ids(session, proposal.id))

        def answer(action: str) -> str:
            return cb.encode(Kind.SHORTLIST, action, proposal.id, intent, nonce, number)

        screen = screens.confirm(
            t,
            reference=proposal.reference,
            dimension=self._dimension(proposal.dimension, t.locale),
            problem=proposal.problem,
            people=people,
            choosing=choosing,
            yes=answer("y"),
            no=answer("n"),
        )
        return Response([Reply(screen, edit=True)])

    async def _apply(
        self,
        session: AsyncSession,
        t: Translator,
        staff: Staff,
        actor: int | None,
        proposal: Proposal,
        choosing: bool,
        now: datetime,
    ) -> str:
        by = staff.telegram_id
        details = {"by": by, "dimension": proposal.dimension, "agency": proposal.agency}
        if not choosing:
            if not await queries.unchoose(session, proposal.id):
                return screens.unchanged_alert(t)
            audit.record(session, now, "quick_win.removed", actor, proposal.reference, **details)
            return screens.removed_alert(t, proposal.reference)
        if not await self._eligible(session, proposal):
            return screens.not_eligible(t)
        if not await queries.choose(session, proposal.id, by, now):
            return screens.unchanged_alert(t)
        audit.record(session, now, "quick_win.chosen", actor, proposal.reference, **details)
        people = [proposal.participant_id, *await queries.supporter_ids(session, proposal.id)]
        told = await notices.owe(session, NOTICE_KIND, proposal.id, people, now)
        if told:
            self.owed(session)
        return screens.chosen_alert(t, proposal.reference, told)

    async def render_notice(
        self, session: AsyncSession, notice: Notice, participant: Participant
    ) -> Screen | None:
        """The "quick_win" notice, in the participant's language; nothing when the quick win
        was unmarked before it could be sent."""
        proposal = await queries.proposal(session, notice.subject_id)
        if proposal is None or not await queries.is_chosen(session, proposal.id):
            return None
        t = translator(participant.locale)
        dimension = self._dimension(proposal.dimension, t.locale)
        author = participant.id == proposal.participant_id
        return screens.notice(t, proposal.reference, dimension, author)

    async def _page(self, session: AsyncSession, t: Translator, number: int) -> Screen:
        dimensions = self.reference.dimensions
        dimension = dimensions[number]
        shown = await board(session)

        def encode(action: str, *fields: str | int) -> str:
            return cb.encode(Kind.SHORTLIST, action, *fields)

        return screens.page(
            t,
            encode,
            dimension=dimension.name(t.locale),
            number=number,
            pages=len(dimensions),
            ranked=shown.ranked.get(dimension.key, []),
            chosen=[(c.proposal_id, c.reference) for c in shown.chosen_in(dimension.key)],
            unclassified=shown.unclassified,
        )

    async def _eligible(self, session: AsyncSession, proposal: Proposal) -> bool:
        """A possible quick win now: open, visible, classified, its OPD's newest word."""
        found = await queries.eligible(
            session, ResponseKind.QUICK_WIN.value, OPEN_STATUSES, [Proposal.id == proposal.id]
        )
        return bool(found) and bool(proposal.dimension)

    async def _admin(self, session: AsyncSession, speaker: Speaker) -> Staff | None:
        staff = await self.staff_of(session, speaker.person.telegram_id)
        return staff if staff.is_admin else None

    def _dimension(self, key: str | None, locale: str) -> str:
        found = self.reference.dimension(key) if key else None
        return found.name(locale) if found is not None else ""


Parsed = tuple[str, int, str, str, int]  # action, proposal id, intent, nonce, page


def _parse(tap: cb.Callback | None, pages: int) -> Parsed | None:
    """The tap's fields, checked; None for anything that is not a /quickwin button."""
    if tap is None or tap.kind is not Kind.SHORTLIST:
        return None
    action, args = tap.action, tap.args
    page = tap.number(-1)
    if page is None or page >= pages:
        return None
    if action == "p" and len(args) == 1:
        return action, 0, "", "", page
    proposal_id = tap.number(0)
    if proposal_id is None:
        return None
    if action == "a" and len(args) == 2:
        return action, proposal_id, "", "", page
    if action in ("y", "n") and len(args) == 4 and args[1] in (CHOOSE, UNMARK):
        return action, proposal_id, args[1], args[2], page
    return None
