"""The proposal dialogue's similar-proposals step: found when the topic is known, and a
support recorded instead of a new proposal when the resident joins one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue import engine
from bot.dialogue.engine import Result
from bot.dialogue.model import Flow
from bot.i18n import Translator
from bot.people import Speaker
from bot.proposals.screens import supporting as screens
from bot.proposals.script import SIMILAR
from bot.proposals.similar import SupportOutcome, add_support, similar_proposals
from bot.proposals.submission import Proposing
from bot.screens import Reply, Response
from storage.models import Participant
from storage.queries import supports

SIMILAR_STEP = "similar"


@dataclass(frozen=True)
class SimilarStep:
    """The similar-proposals step: proposals of the round the new one would go to."""

    proposing: Proposing
    clock: Callable[[], datetime]

    async def prepare(
        self, session: AsyncSession, speaker: Speaker, flow: Flow, result: Result
    ) -> Result:
        """At the step, look them up once; with none, move on: no step at all."""
        state = result.state
        participant = speaker.participant
        if state.step != SIMILAR_STEP or SIMILAR in state.answers or participant is None:
            return result
        target = await self.proposing.target(session, self.clock())
        found = (
            []
            if target is None
            else await similar_proposals(
                session,
                round_id=target.found.id,
                kecamatan_code=str(participant.kecamatan_code),
                sub_element=state.answers.get("sub_element"),
                problem=str(state.answers.get("problem") or ""),
                participant_id=participant.id,
            )
        )
        listed: list[dict[str, Any]] = [
            {
                "id": s.proposal_id,
                "reference": s.reference,
                "problem": s.problem,
                "supports": s.supports,
            }
            for s in found
        ]
        state = replace(state, answers={**state.answers, SIMILAR: listed})
        if not listed:
            return engine.pass_over(flow, state)
        return replace(result, state=state)


async def support_chosen(
    session: AsyncSession,
    participant: Participant,
    answers: dict[str, Any],
    collecting_round_id: int | None,
    t: Translator,
    now: datetime,
) -> Response:
    """The dialogue ended with a support: record it (checked now: the proposal's round must
    still be the one taking proposals), say what became of it."""
    chosen = int(answers["similar"])
    reference = next(
        (str(s["reference"]) for s in answers.get(SIMILAR) or [] if s["id"] == chosen), ""
    )
    outcome = await add_support(
        session,
        participant_id=participant.id,
        proposal_id=chosen,
        kecamatan_code=str(participant.kecamatan_code),
        collecting_round_id=collecting_round_id,
        comment=answers.get("support_comment"),
        now=now,
    )
    if outcome in (SupportOutcome.ADDED, SupportOutcome.ALREADY):
        count = (await supports.counts(session, [chosen])).get(chosen, 0)
        text = screens.supported(t, reference, count, outcome is SupportOutcome.ALREADY)
    else:
        text = screens.not_supported(t, reference, outcome)
    return Response([Reply(screens.after_support(t, text), edit=True)])
