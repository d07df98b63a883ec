"""Moderation: admins, and coordinators within their kecamatan, look a proposal up by its
reference, hide it with a reason (and show it again); admins set its status. Every action
re-checks the role at the moment it runs and goes to the audit log. Classifying a proposal
(dimension, element, perangkat daerah) is bot/proposals/classification.py, reached from here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import confirmations
from bot.confirmations import Confirm
from bot.dialogue.answers import Problem
from bot.dialogue.model import Flow, OptionContext
from bot.dialogue.problems import explain
from bot.dialogue.router import Unfinished
from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.people import Speaker
from bot.proposals.classification import Classification, place_of
from bot.proposals.screens import moderation as screens
from bot.proposals.screens.moderation import StaffView
from bot.proposals.screens.status import refusal
from bot.proposals.status_rules import (
    Refusal,
    Request,
    check,
    normalised,
    parse_status,
    status_history,
)
from bot.proposals.status_rules import apply as apply_status
from bot.proposals.statuses import Status
from bot.proposals.submission import proposal_answers
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from bot.screens.confirmations import expired
from bot.staff.scripts import DECLINE, HIDE, MERGE
from storage.models import Proposal
from storage.queries import audit, proposals
from storage.queries import statuses as queries

Clock = Callable[[], datetime]
ASKS = {DECLINE.name: Status.DECLINED, MERGE.name: Status.MERGED}


class Moderation:
    def __init__(
        self,
        reference: Reference,
        dialogues: Dialogues,
        staff_of: StaffOf,
        clock: Clock,
        changed: Callable[[AsyncSession], None],
    ) -> None:
        self.reference = reference
        self.dialogues = dialogues
        self.staff_of = staff_of
        self.clock = clock
        self.changed = changed  # told when a status change is recorded in a session
        self.classification = Classification(reference, staff_of, clock)

    # --- what the handlers call: the sender's roles are read here, as the action runs ------

    async def show(self, session: AsyncSession, speaker: Speaker, ref: str) -> Response:
        return await self._show(session, speaker, await self._staff(session, speaker), ref)

    async def hide(
        self, session: AsyncSession, speaker: Speaker, ref: str, reason: str
    ) -> Response:
        staff = await self._staff(session, speaker)
        return await self._hide(session, speaker, staff, ref, reason, self.clock())

    async def unhide(self, session: AsyncSession, speaker: Speaker, ref: str) -> Response:
        staff = await self._staff(session, speaker)
        return await self._unhide(session, speaker, staff, ref, self.clock())

    async def set_status(
        self, session: AsyncSession, speaker: Speaker, ref: str, words: list[str]
    ) -> Response:
        staff = await self._staff(session, speaker)
        return await self._set_status(session, speaker, staff, ref, words, self.clock())

    async def button(
        self,
        session: AsyncSession,
        speaker: Speaker,
        action: str,
        proposal_id: int,
        status_code: str | None,
        nonce: str = "",
    ) -> Response:
        """A tap on the staff card: o:<action>:<proposal id>[:<status>][:<nonce>]."""
        staff, now = await self._staff(session, speaker), self.clock()
        return await self._button(
            session, speaker, staff, action, proposal_id, status_code, now, nonce
        )

    async def _staff(self, session: AsyncSession, speaker: Speaker) -> Staff:
        return await self.staff_of(session, speaker.person.telegram_id)

    # --- looking a proposal up -------------------------------------------------------------

    async def _show(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, ref: str, edit: bool = False
    ) -> Response:
        proposal = await self._moderated(session, staff, ref)
        if proposal is None:
            return self._missing(speaker, staff, ref)
        return await self._card(session, speaker, staff, proposal, edit)

    async def _card(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, proposal: Proposal, edit: bool
    ) -> Response:
        t = speaker.t
        view = StaffView(
            proposal.id,
            proposal.reference,
            self._place(proposal),
            t.date(proposal.submitted_at),
            t.date(proposal.hidden_at) if proposal.hidden_at else None,
            proposal.hidden_reason,
            await status_history(session, proposal, t),
        )
        ctx = OptionContext(proposal_answers(proposal), self.reference, t)
        return Response([Reply(screens.card(t, view, ctx, staff.is_admin), edit=edit)])

    # --- hiding ----------------------------------------------------------------------------

    async def _hide(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        ref: str,
        reason: str,
        now: datetime,
    ) -> Response:
        t = speaker.t
        proposal = await self._moderated(session, staff, ref)
        if proposal is None:
            return self._missing(speaker, staff, ref)
        if proposal.hidden_at is not None:
            return _say(screens.already_hidden(t, proposal.reference))
        reason = " ".join(reason.split())
        if not reason:
            return await self._ask(session, speaker, proposal, HIDE, now)
        proposal.hidden_at, proposal.hidden_reason = now, reason[:300]
        details = {"by": staff.telegram_id, "reason": proposal.hidden_reason}
        audit.record(session, now, "proposal.hidden", None, proposal.reference, **details)
        return _say(screens.hidden(t, proposal.reference))

    async def _unhide(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, ref: str, now: datetime
    ) -> Response:
        t = speaker.t
        proposal = await self._moderated(session, staff, ref)
        if proposal is None:
            return self._missing(speaker, staff, ref)
        if proposal.hidden_at is None:
            return _say(screens.not_hidden(t, proposal.reference))
        proposal.hidden_at, proposal.hidden_reason = None, None
        audit.record(
            session, now, "proposal.unhidden", None, proposal.reference, by=staff.telegram_id
        )
        return _say(screens.unhidden(t, proposal.reference))

    # --- status ----------------------------------------------------------------------------

    async def _set_status(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        ref: str,
        words: list[str],
        now: datetime,
    ) -> Response:
        """/status REF STATUS [other reference] [reason …]; asks for what is missing."""
        t = speaker.t
        if not staff.is_admin:
            return _say(screens.admins_only(t))
        status = parse_status(words[0]) if words else None
        if status is None:
            return _say(screens.usage(t, "status"))
        target = words[1] if status is Status.MERGED and len(words) > 1 else None
        reason = " ".join(words[2:] if target else words[1:]) or None
        request = normalised(Request(ref, status, reason, target))
        return await self._request(session, speaker, staff, request, now)

    async def _request(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, request: Request, now: datetime
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return _say(screens.admins_only(t))
        checked = await check(session, request)
        proposal, why = checked.proposal, checked.refusal
        if proposal is not None and why in (Refusal.NEEDS_REASON, Refusal.NEEDS_TARGET):
            flow = DECLINE if why is Refusal.NEEDS_REASON else MERGE
            return await self._ask(session, speaker, proposal, flow, now)
        if proposal is None or why is not None:
            return _say(
                refusal(t, why or Refusal.NOT_FOUND, request.reference, request.merged_into)
            )
        apply_status(session, proposal, request, checked.target, staff.telegram_id, now, "bot")
        self.changed(session)
        return _say(screens.status_set(t, proposal.reference, request.status.value))

    # --- buttons of the staff card -----------------------------------------------------------

    async def _button(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        action: str,
        proposal_id: int,
        status_code: str | None,
        now: datetime,
        nonce: str,
    ) -> Response:
        proposal = await proposals.get(session, proposal_id)
        if proposal is None or not staff.may_coordinate(proposal.kecamatan_code):
            return Response(alert=screens.not_allowed(speaker.t))
        if action == "v":
            return await self._card(session, speaker, staff, proposal, edit=True)
        if action == "h":
            return await self._ask(session, speaker, proposal, HIDE, now)
        if action == "u":
            return await self._unhide(session, speaker, staff, proposal.reference, now)
        if not staff.is_admin:
            return Response(alert=screens.admins_only(speaker.t))
        subject, kind = str(proposal.id), Confirm.STATUS
        if action == "s":
            nonce = await confirmations.offer(session, staff.telegram_id, kind, subject, now)
            screen = screens.status_menu(
                speaker.t, proposal.id, proposal.reference, proposal.status, nonce
            )
            return Response([Reply(screen, edit=True)])
        # The menu's choices and its Back work once, and only on the newest menu.
        if action in ("S", "B") and not await confirmations.take(
            session, staff.telegram_id, kind, subject, nonce, now
        ):
            return Response(alert=expired(speaker.t))
        if action == "B":
            return await self._card(session, speaker, staff, proposal, edit=True)
        status = parse_status(status_code) if action == "S" and status_code else None
        if status is None:
            return Response(alert=screens.not_allowed(speaker.t))
        request = Request(proposal.reference, status)
        return await self._request(session, speaker, staff, request, now)

    # --- dialogues asking for a reason or the other proposal --------------------------------

    async def _ask(
        self, session: AsyncSession, speaker: Speaker, proposal: Proposal, flow: Flow, now: datetime
    ) -> Response:
        owner = Owner(speaker.person.telegram_id, speaker.t.locale)
        preset = {"proposal": proposal.reference}
        started = await self.dialogues.begin(session, owner, flow, now, preset)
        intro = Reply(Screen(screens.asking(speaker.t, proposal.reference, flow.name)))
        return Response([intro, *started.replies], retire=started.retire)

    async def finish(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The finisher of the hide, decline and merge dialogues: roles are checked again."""
        staff = await self._staff(session, speaker)
        answers = turn.state.answers
        ref = str(answers.get("proposal", ""))
        if turn.flow.name == HIDE.name:
            return await self._hide(session, speaker, staff, ref, str(answers["reason"]), now)
        status = ASKS[turn.flow.name]
        request = normalised(Request(ref, status, answers.get("reason"), answers.get("target")))
        response = await self._request(session, speaker, staff, request, now)
        if status is Status.MERGED and (await check(session, request)).refusal in (
            Refusal.TARGET_NOT_FOUND,
            Refusal.TARGET_ITSELF,
        ):
            raise Unfinished(response)  # let the admin type another number
        return response

    # --- helpers ---------------------------------------------------------------------------

    def stale(self, speaker: Speaker) -> Response:
        return Response(alert=explain(Problem("stale"), None, speaker.t))

    async def _moderated(self, session: AsyncSession, staff: Staff, ref: str) -> Proposal | None:
        proposal = await queries.by_reference(session, ref)
        if proposal is None or not staff.may_coordinate(proposal.kecamatan_code):
            return None
        return proposal

    def _missing(self, speaker: Speaker, staff: Staff, ref: str) -> Response:
        if not staff.uses_kecamatan_tools:
            return _say(screens.not_allowed(speaker.t))
        if not ref:
            return _say(screens.usage(speaker.t, "usulan"))
        return _say(screens.not_found(speaker.t, ref[:20]))

    def _place(self, proposal: Proposal) -> str:
        return place_of(self.reference, proposal)


def _say(text: str) -> Response:
    return Response([Reply(Screen(text))])
