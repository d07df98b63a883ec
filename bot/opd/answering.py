"""A tanggapan from the desk: the kind is tapped, what it needs is typed in a guided dialogue
(bot/opd/script.py), the draft is shown once more and saved only with that screen's
single-use *Simpan* (bot/confirmations.py; the draft waits in the confirmation itself).
Saving stores a new Response (a revision keeps the older ones), moves a forwarded proposal
to its new OPD (audited), and owes one notice to the author and each supporter."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import callbacks as cb
from bot import confirmations
from bot.confirmations import Confirm
from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.opd.notices import KIND as NOTICE_KIND
from bot.opd.responses import ResponseKind, parse
from bot.opd.screens import card
from bot.opd.screens import desk as screens
from bot.opd.script import FLOWS
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import Staff
from bot.screens import Reply, Response, Screen
from bot.screens.confirmations import expired
from storage.models import Proposal
from storage.queries import audit, notices
from storage.queries import confirmations as pending_confirmations
from storage.queries import desk as queries

if TYPE_CHECKING:
    from bot.opd.desk import Desk

# How many fields after the action each answering action takes (the proposal id first).
ARITY = {"a": 2, "o": 2, "O": 2, "Y": 2, "N": 2}


class Answering:
    def __init__(
        self,
        reference: Reference,
        dialogues: Dialogues,
        clock: Callable[[], datetime],
        owed: Callable[[AsyncSession], None],
        desk: Desk,
    ) -> None:
        self.reference = reference
        self.dialogues = dialogues
        self.clock = clock
        self.owed = owed  # told when notices are owed in a session (wakes their sender)
        self.desk = desk

    async def tapped(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        proposal: Proposal,
        tap: cb.Callback,
    ) -> Response:
        """A tap on the answer card, its OPD picker or its confirmation; the person serves the
        proposal's OPD (checked by the desk just now)."""
        action, argument = tap.action, tap.args[1]
        if action == "a":
            kind = parse(argument)
            if kind is ResponseKind.NOT_OURS:
                return self._agencies(speaker, proposal, 0)
            if kind is not None:
                return await self._ask(session, speaker, proposal, kind)
        elif action == "o" and tap.number(1) is not None:
            return self._agencies(speaker, proposal, tap.number(1) or 0)
        elif action == "O":
            agency = self.reference.agency(argument)
            if agency is not None and agency.key != proposal.agency:
                kind = ResponseKind.NOT_OURS
                return await self._ask(session, speaker, proposal, kind, agency.key)
        elif action in ("Y", "N"):
            return await self._decided(session, speaker, staff, proposal, action == "Y", argument)
        return self.desk.stale(speaker)

    # --- asking what the tanggapan says -----------------------------------------------------

    def _agencies(self, speaker: Speaker, proposal: Proposal, page: int) -> Response:
        others = [a for a in self.reference.agencies if a.key != proposal.agency]
        page = min(max(page, 0), card.agency_pages(len(others)) - 1)
        screen = card.agency_picker(speaker.t, proposal.id, proposal.reference, others, page)
        return Response([Reply(screen, edit=True)])

    async def _ask(
        self,
        session: AsyncSession,
        speaker: Speaker,
        proposal: Proposal,
        kind: ResponseKind,
        forwarded_to: str | None = None,
    ) -> Response:
        owner = Owner(speaker.person.telegram_id, speaker.t.locale)
        preset: dict[str, Any] = {"proposal": proposal.id, "kind": kind.value}
        if forwarded_to is not None:
            preset["forwarded_to"] = forwarded_to
        started = await self.dialogues.begin(session, owner, FLOWS[kind], self.clock(), preset)
        intro = Reply(Screen(card.asking(speaker.t, proposal.reference, kind)))
        return Response([intro, *started.replies], retire=started.retire)

    async def finish(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The dialogue's answers become a draft to confirm; role and desk checked again."""
        t, answers = speaker.t, turn.state.answers
        staff = await self.desk.staff(session, speaker)
        if staff.opd is None:
            return _say(screens.not_opd(t))
        proposal = await self.desk.on_desk(session, staff, int(answers.get("proposal") or 0))
        kind = parse(str(answers.get("kind")))
        if proposal is None or kind is None:
            return _say(screens.not_on_desk(t))
        draft = {
            "proposal": proposal.id,
            "kind": kind.value,
            "programme": answers.get("programme") or None,
            "explanation": answers.get("explanation") or None,
            "forwarded_to": answers.get("forwarded_to") or None,
        }
        subject = json.dumps(draft, sort_keys=True, ensure_ascii=False)
        told = len(await queries.told_of(session, proposal))
        nonce = await confirmations.offer(
            session, staff.telegram_id, Confirm.RESPONSE, subject, now
        )
        return Response([Reply(card.confirm(t, self._draft(proposal, draft), told, nonce))])

    def _draft(self, proposal: Proposal, draft: dict[str, Any]) -> card.Draft:
        target = draft.get("forwarded_to")
        return card.Draft(
            proposal.id,
            proposal.reference,
            ResponseKind(draft["kind"]),
            draft.get("programme"),
            draft.get("explanation"),
            self.desk.agency_name(target) if target else None,
        )

    # --- saving ---------------------------------------------------------------------------

    async def _decided(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        proposal: Proposal,
        save: bool,
        nonce: str,
    ) -> Response:
        """*Simpan* or *Jangan simpan*: once, and only on the newest confirmation."""
        t, now = speaker.t, self.clock()
        pending = await pending_confirmations.pending(session, staff.telegram_id)
        subject = (pending.get(Confirm.RESPONSE.value) or {}).get("subject", "")
        draft = _read(subject)
        if (
            draft is None
            or draft.get("proposal") != proposal.id
            or not await confirmations.take(
                session, staff.telegram_id, Confirm.RESPONSE, subject, nonce, now
            )
        ):
            return Response(alert=expired(t))
        if not save:
            screen = await self.desk.answer_card(session, t, proposal, card.not_saved(t))
            return Response([Reply(screen, edit=True)])
        return await self._save(session, speaker, staff, proposal, draft, now)

    async def _save(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        proposal: Proposal,
        draft: dict[str, Any],
        now: datetime,
    ) -> Response:
        t, opd = speaker.t, str(staff.opd)
        kind = ResponseKind(draft["kind"])
        target = draft.get("forwarded_to") if kind is ResponseKind.NOT_OURS else None
        if target is not None and (self.reference.agency(target) is None or target == opd):
            return Response(alert=expired(t))
        told = await queries.told_of(session, proposal)
        typed = (draft.get("programme"), draft.get("explanation"))
        by = staff.telegram_id
        response = await queries.answer(session, proposal, opd, kind.value, by, now, typed, target)
        ref = proposal.reference
        audit.record(session, now, "proposal.answered", None, ref, by=by, opd=opd, kind=kind.value)
        if target is not None:
            audit.record(session, now, "proposal.forwarded", None, ref, by=by, old=opd, new=target)
        await notices.owe(session, NOTICE_KIND, response.id, told, now)
        self.owed(session)
        if target is not None:
            return Response(
                [Reply(card.forwarded(t, ref, self.desk.agency_name(target)), edit=True)]
            )
        screen = await self.desk.answer_card(session, t, proposal, card.saved(t))
        return Response([Reply(screen, edit=True)])


def _read(subject: str) -> dict[str, Any] | None:
    """The draft kept with the confirmation, or None when there is none."""
    try:
        found = json.loads(subject) if subject else None
    except ValueError:
        return None
    if not isinstance(found, dict) or parse(str(found.get("kind"))) is None:
        return None
    return found


def _say(text: str) -> Response:
    return Response([Reply(Screen(text))])
