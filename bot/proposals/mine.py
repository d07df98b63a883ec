"""/usulanku: a participant's own proposals. Every action re-checks ownership and the round."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import confirmations
from bot.confirmations import Confirm
from bot.dialogue.model import OptionContext
from bot.dialogue.runner import Dialogues, Owner
from bot.i18n import Translator
from bot.proposals.screens import cards as screens
from bot.proposals.screens import my_card
from bot.proposals.script import PROPOSAL
from bot.proposals.status_rules import status_history
from bot.proposals.statuses import Status
from bot.proposals.submission import Proposing, proposal_answers
from bot.reference import Reference
from bot.screens import Reply, Response
from bot.screens.confirmations import expired
from storage.models import Participant, Proposal
from storage.queries import audit, supports
from storage.queries import proposals as queries

# A proposal's tanggapan, newest first, as the card shows them (bot/opd/history.py; given by
# the wiring, since the perangkat daerah's side builds on the proposals, not the other way).
ResponsesOf = Callable[[AsyncSession, Proposal, Translator], Awaitable[list[screens.ResponseEntry]]]


async def no_responses(
    session: AsyncSession, proposal: Proposal, t: Translator
) -> list[screens.ResponseEntry]:
    return []


class MyProposals:
    def __init__(self, reference: Reference, dialogues: Dialogues, proposing: Proposing) -> None:
        self.reference = reference
        self.dialogues = dialogues
        self.proposing = proposing
        self.responses_of: ResponsesOf = no_responses

    async def listing(
        self, session: AsyncSession, participant: Participant, t: Translator, edit: bool = False
    ) -> Response:
        own = await queries.of_participant(session, participant.id)
        items = [(p.id, p.reference, self._dimension(p, t), p.status) for p in own]
        counts = await supports.counts(session, (p.id for p in own))
        return Response([Reply(screens.listing(t, items, counts), edit=edit)])

    async def act(
        self,
        session: AsyncSession,
        participant: Participant,
        action: str,
        proposal_id: int,
        t: Translator,
        now: datetime,
        nonce: str = "",
    ) -> Response:
        if action == "l":
            return await self.listing(session, participant, t, edit=True)
        proposal = await queries.get_own(session, participant.id, proposal_id)
        if proposal is None:
            return Response(alert=screens.not_found(t))
        if action == "K" and not await self._confirmed(participant, proposal, nonce, session, now):
            return Response(alert=expired(t))
        if action in ("o", "K"):
            return await self._open(session, proposal, t, now)
        if action == "a":
            whole = my_card.whole_proposal(
                t, self._context(proposal, t), proposal.id, proposal.reference
            )
            return Response([Reply(whole, edit=True)])
        refusal = await self.proposing.refusal(session, proposal, t, now)
        if refusal is not None:
            return Response(alert=refusal)
        if action == "e":
            answers = proposal_answers(proposal)
            return await self.dialogues.begin_review(
                session, Owner.of(participant), PROPOSAL, answers, now, proposal.id
            )
        if action == "w":
            owner, subject = Owner.of(participant).telegram_id, str(proposal.id)
            nonce = await confirmations.offer(session, owner, Confirm.WITHDRAW, subject, now)
            screen = screens.confirm_withdraw(t, proposal.id, proposal.reference, nonce)
            return Response([Reply(screen, edit=True)])
        if action == "W":
            if not await self._confirmed(participant, proposal, nonce, session, now):
                return Response(alert=expired(t))
            return self._withdraw(session, participant, proposal, t, now)
        return Response(alert=screens.not_found(t))

    async def _confirmed(
        self,
        participant: Participant,
        proposal: Proposal,
        nonce: str,
        session: AsyncSession,
        now: datetime,
    ) -> bool:
        """The withdrawal's yes or no: once, and only on the newest confirmation."""
        owner, subject = Owner.of(participant).telegram_id, str(proposal.id)
        return await confirmations.take(session, owner, Confirm.WITHDRAW, subject, nonce, now)

    async def _open(
        self, session: AsyncSession, proposal: Proposal, t: Translator, now: datetime
    ) -> Response:
        editable = await self.proposing.editable(session, proposal, now)
        history = await status_history(session, proposal, t)
        screen = my_card.card(
            t,
            self._context(proposal, t),
            proposal.id,
            proposal.reference,
            proposal.status,
            t.date(proposal.submitted_at),
            editable,
            history,
            (await supports.counts(session, [proposal.id])).get(proposal.id, 0),
            await self.responses_of(session, proposal, t),
        )
        return Response([Reply(screen, edit=True)])

    def _context(self, proposal: Proposal, t: Translator) -> OptionContext:
        return OptionContext(proposal_answers(proposal), self.reference, t)

    def _withdraw(
        self,
        session: AsyncSession,
        participant: Participant,
        proposal: Proposal,
        t: Translator,
        now: datetime,
    ) -> Response:
        proposal.status = Status.WITHDRAWN.value
        proposal.withdrawn_at = now
        proposal.updated_at = now
        audit.record(session, now, "proposal.withdrawn", participant.id, proposal.reference)
        return Response([Reply(screens.withdrawn(t, proposal.reference), edit=True)])

    def _dimension(self, proposal: Proposal, t: Translator) -> str:
        dimension = self.reference.dimension(proposal.dimension or "")
        return dimension.name(t.locale) if dimension else t("Not classified yet")
