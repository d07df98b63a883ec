"""The OPD desk (/meja): staff of a perangkat daerah see the proposals assigned to it,
unanswered first, filter them, open one (photos in the chat) and answer it with a tanggapan
(bot/opd/answering.py). Every tap reads the person's role and the proposal's OPD again, as it
runs: a forwarded proposal leaves the old desk at once, a revoked member is refused at once,
and a button naming another OPD's proposal is refused. Screens: bot/opd/screens/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import callbacks as cb
from bot.dialogue.answer_text import headcount_text
from bot.dialogue.answers import Problem
from bot.dialogue.model import OptionContext
from bot.dialogue.problems import explain
from bot.dialogue.runner import Dialogues, Turn
from bot.i18n import Translator
from bot.opd import answering
from bot.opd.answering import Answering
from bot.opd.notices import ResponseNotices
from bot.opd.responses import LABELS, OPEN_STATUSES, parse
from bot.opd.screens import card
from bot.opd.screens import desk as screens
from bot.opd.screens.desk import ANY, Filters
from bot.participants.naming import visible_to_opd
from bot.people import Speaker
from bot.proposals.classification import place_of
from bot.proposals.screens.cards import ResponseEntry
from bot.proposals.screens.classification import dimension_words
from bot.proposals.submission import proposal_answers
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Photo, Reply, Response, Screen
from storage.models import Participant, Proposal
from storage.queries import desk as queries
from storage.queries import proposals, responses, supports

Clock = Callable[[], datetime]


@dataclass(eq=False)
class Desk:
    reference: Reference
    dialogues: Dialogues
    staff_of: StaffOf
    clock: Clock
    owed: Callable[[AsyncSession], None]  # told when notices were owed (sent after the commit)

    def __post_init__(self) -> None:
        self.notices = ResponseNotices(self.reference)
        self.answering = Answering(self.reference, self.dialogues, self.clock, self.owed, self)

    # --- what the handlers and the wiring call ----------------------------------------------

    async def listing(
        self,
        session: AsyncSession,
        speaker: Speaker,
        page: int = 0,
        filters: Filters | None = None,
        edit: bool = False,
    ) -> Response:
        """/meja, and the list's buttons."""
        staff = await self.staff(session, speaker)
        if staff.opd is None:
            text = screens.not_opd(speaker.t)
            return Response(alert=text) if edit else Response([Reply(Screen(text))])
        wanted = filters or Filters()
        found = queries.DeskFilter(staff.opd, OPEN_STATUSES, wanted.dimension, wanted.kecamatan)
        total = await queries.count(session, found)
        page = min(max(page, 0), screens.pages(total) - 1)
        rows = await queries.page(session, found, page * screens.PER_PAGE, screens.PER_PAGE)
        view = screens.DeskView(
            self.agency_name(staff.opd),
            [
                screens.Item(r.id, r.reference, r.problem, self._place(r), r.supports, r.answered)
                for r in rows
            ],
            total,
            await queries.count_unanswered(session, staff.opd, OPEN_STATUSES),
            page,
            wanted,
            self._filter_words(speaker.t, wanted),
        )
        return Response([Reply(screens.listing(speaker.t, view), edit=edit)])

    async def button(self, session: AsyncSession, speaker: Speaker, tap: cb.Callback) -> Response:
        action, args = tap.action, tap.args
        if action == "l" and len(args) == 3 and tap.number(0) is not None:
            filters = self._filters(args[1], args[2])
            if filters is not None:
                return await self.listing(session, speaker, tap.number(0) or 0, filters, True)
        elif action in ("d", "k") and len(args) == 1:
            return await self._picker(session, speaker, action, args[0])
        elif action in _ARITY and len(args) == _ARITY[action] and tap.number(0) is not None:
            return await self._on_proposal(session, speaker, action, tap)
        return self.stale(speaker)

    async def finish(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The finisher of the tanggapan dialogues (bot/opd/script.py)."""
        return await self.answering.finish(session, speaker, turn, now)

    async def history_of(
        self, session: AsyncSession, proposal: Proposal, t: Translator
    ) -> list[ResponseEntry]:
        """Every tanggapan of a proposal, newest first (the desk and /usulanku)."""
        entries = []
        for found in await responses.history(session, proposal.id):
            kind = parse(found.kind)
            entries.append(
                ResponseEntry(
                    t.date(found.responded_at),
                    self.agency_name(found.opd_code),
                    LABELS[kind] if kind else found.kind,
                    found.programme,
                    found.explanation,
                    self.agency_name(found.forwarded_to) if found.forwarded_to else None,
                )
            )
        return entries

    # --- shared with bot/opd/answering.py ---------------------------------------------------

    async def staff(self, session: AsyncSession, speaker: Speaker) -> Staff:
        return await self.staff_of(session, speaker.person.telegram_id)

    async def on_desk(
        self, session: AsyncSession, staff: Staff, proposal_id: int
    ) -> Proposal | None:
        """The proposal when it is on this person's desk right now, else None."""
        proposal = await proposals.get(session, proposal_id)
        if (
            proposal is None
            or not staff.serves(proposal.agency)
            or proposal.status not in OPEN_STATUSES
            or proposal.hidden_at is not None
        ):
            return None
        return proposal

    async def answer_card(
        self,
        session: AsyncSession,
        t: Translator,
        proposal: Proposal,
        done: str | None = None,
    ) -> Screen:
        author = await queries.author(session, proposal)
        comments = await queries.support_comments(session, proposal.id)
        supported = (await supports.counts(session, [proposal.id])).get(proposal.id, 0)
        people = card.People(_name_of(author), _mandate_of(author, t), supported, comments)
        history = await self.history_of(session, proposal, t)
        return card.answer_card(
            t, proposal.id, proposal.reference, people, history, _map_url(proposal), done
        )

    def agency_name(self, key: str | None) -> str:
        return self.notices.agency_name(key)

    def stale(self, speaker: Speaker) -> Response:
        return Response(alert=explain(Problem("stale"), None, speaker.t))

    # --- the list's filters ------------------------------------------------------------------

    def _filters(self, dimension: str, kecamatan: str) -> Filters | None:
        """The filters of a button, when they name real things (else a stale button)."""
        if dimension != ANY and self.reference.dimension(dimension) is None:
            return None
        if kecamatan != ANY and self.reference.kecamatan_by_code(kecamatan) is None:
            return None
        return Filters(
            None if dimension == ANY else dimension, None if kecamatan == ANY else kecamatan
        )

    def _filter_words(self, t: Translator, filters: Filters) -> list[str]:
        words = []
        if filters.dimension:
            words.append(dimension_words(t, self.reference, filters.dimension))
        kecamatan = self.reference.kecamatan_by_code(filters.kecamatan or "")
        if kecamatan:
            words.append(t("Kecamatan {name}", name=kecamatan.name))
        return words

    async def _picker(
        self, session: AsyncSession, speaker: Speaker, action: str, kept: str
    ) -> Response:
        staff, t = await self.staff(session, speaker), speaker.t
        if staff.opd is None:
            return Response(alert=screens.not_opd(t))
        if action == "d":
            filters = self._filters(ANY, kept)
            keys = await queries.dimensions(session, staff.opd, OPEN_STATUSES)
            choices = [(key, dimension_words(t, self.reference, key)) for key in keys]
            screen = screens.dimension_picker(t, choices, filters) if filters else None
        else:
            filters = self._filters(kept, ANY)
            codes = await queries.kecamatan_codes(session, staff.opd, OPEN_STATUSES)
            places = [self.reference.kecamatan_by_code(code) for code in codes]
            choices = [(k.code, k.name) for k in places if k is not None]
            screen = screens.kecamatan_picker(t, choices, filters) if filters else None
        return Response([Reply(screen, edit=True)]) if screen else self.stale(speaker)

    # --- one proposal ------------------------------------------------------------------------

    async def _on_proposal(
        self, session: AsyncSession, speaker: Speaker, action: str, tap: cb.Callback
    ) -> Response:
        staff, t = await self.staff(session, speaker), speaker.t
        if staff.opd is None:
            return Response(alert=screens.not_opd(t))
        proposal = await self.on_desk(session, staff, tap.number(0) or 0)
        if proposal is None:
            return Response(alert=screens.not_on_desk(t))
        if action == "v":
            return await self._open(session, t, proposal)
        if action == "b":
            return Response([Reply(await self.answer_card(session, t, proposal), edit=True)])
        return await self.answering.tapped(session, speaker, staff, proposal, tap)

    async def _open(self, session: AsyncSession, t: Translator, proposal: Proposal) -> Response:
        """The whole proposal in place of the list, its photos, then the card to answer."""
        ctx = OptionContext(proposal_answers(proposal), self.reference, t)
        place = place_of(self.reference, proposal)
        replies = [Reply(card.details(t, proposal.reference, place, ctx), edit=True)]
        photos = list(proposal.photos or [])
        for number, file_id in enumerate(photos, 1):
            caption = card.photo_caption(t, proposal.reference, number, len(photos))
            replies.append(Reply(Screen(""), photo=Photo(file_id, caption)))
        replies.append(Reply(await self.answer_card(session, t, proposal)))
        return Response(replies)

    def _place(self, row: queries.DeskRow) -> str:
        desa = self.reference.desa_by_code(row.desa_code)
        kecamatan = self.reference.kecamatan_by_code(row.kecamatan_code)
        names = [place.name for place in (desa, kecamatan) if place is not None]
        return ", ".join(names) or row.kecamatan_code


# How many fields after the action each proposal action takes (the id first).
_ARITY = {"v": 1, "b": 1, **answering.ARITY}


def _name_of(author: Participant | None) -> str | None:
    if author is None or not visible_to_opd(author):
        return None
    name = author.display_name or ""
    return f"{name} ({author.group_name})" if author.group_name else name or None


def _mandate_of(author: Participant | None, t: Translator) -> str | None:
    if author is None or author.mandate != "confirmed" or not author.represents:
        return None
    return headcount_text({"count": author.represents, "unit": author.represents_unit}, t)


def _map_url(proposal: Proposal) -> str | None:
    """A shared location opens in a map from a button; the text never shows coordinates."""
    if proposal.latitude is None or proposal.longitude is None:
        return None
    return f"https://www.google.com/maps?q={proposal.latitude:.6f},{proposal.longitude:.6f}"
