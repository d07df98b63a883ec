"""The notice of a tanggapan, for the author and each supporter, in their own language
(sent by bot/participants/notices.py; owed by bot/opd/desk.py, kind "response", subject the
Response's id)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.answer_text import shorten_escaped
from bot.i18n import Translator, translator
from bot.opd.responses import LABELS, parse
from bot.reference import Reference
from bot.screens import Screen, esc
from storage.models import Notice, Participant, Proposal, Response
from storage.queries import desk as queries
from storage.queries import proposals

KIND = "response"
WORDS_CHARS = 300
PROGRAMME_CHARS = 120


class ResponseNotices:
    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    def agency_name(self, key: str | None) -> str:
        agency = self.reference.agency(key or "")
        return agency.name if agency else (key or "")

    async def render(
        self, session: AsyncSession, notice: Notice, participant: Participant
    ) -> Screen | None:
        response = await queries.response(session, notice.subject_id)
        proposal = await proposals.get(session, response.proposal_id) if response else None
        if response is None or proposal is None:
            return None
        t = translator(participant.locale)
        return Screen(self.text(t, response, proposal, participant.id == proposal.participant_id))

    def text(self, t: Translator, response: Response, proposal: Proposal, own: bool) -> str:
        kind = parse(response.kind)
        label = t(LABELS[kind]) if kind else response.kind
        opd = esc(self.agency_name(response.opd_code))
        if own:
            head = t(
                "💬 <b>{agency}</b> answered your proposal <b>{reference}</b>:",
                agency=opd,
                reference=proposal.reference,
            )
        else:
            head = t(
                "💬 <b>{agency}</b> answered proposal <b>{reference}</b>, which you support:",
                agency=opd,
                reference=proposal.reference,
            )
        lines = [head, f"<b>{label}</b>"]
        if response.programme:
            programme = shorten_escaped(response.programme, PROGRAMME_CHARS)
            lines.append(t("Programme: {programme}", programme=programme))
        if response.forwarded_to:
            target = esc(self.agency_name(response.forwarded_to))
            lines.append(t("It has been passed to {agency}.", agency=target))
        if response.explanation:
            lines.append(f"“{shorten_escaped(response.explanation, WORDS_CHARS)}”")
        lines += [
            "",
            t("See its whole history in /usulanku.") if own else t("Thank you for your support."),
        ]
        return "\n".join(lines)
