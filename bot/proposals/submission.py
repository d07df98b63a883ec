"""Proposals: start one, submit it with a reference number, list, edit and withdraw them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue import engine
from bot.dialogue.router import Unfinished
from bot.dialogue.runner import Dialogues, Owner
from bot.dialogue.screens import COUNTED_BEFORE
from bot.i18n import Translator
from bot.proposals.screens import cards as screens
from bot.proposals.script import DIFFERENT, PROPOSAL, SIMILAR, UNKNOWN_AGENCY
from bot.proposals.statuses import Status
from bot.reference import Reference
from bot.screens import Reply, Response, Screen
from storage.models import ConsultationRound, Participant, Proposal
from storage.queries import audit, rounds
from storage.queries import proposals as queries
from storage.queries.proposals import ANSWER_FIELDS


@dataclass(frozen=True)
class Target:
    found: ConsultationRound
    late: bool  # sent after a collection closed: kept for the next round


class Proposing:
    def __init__(self, reference: Reference, dialogues: Dialogues) -> None:
        self.reference = reference
        self.dialogues = dialogues

    async def begin(
        self,
        session: AsyncSession,
        participant: Participant,
        t: Translator,
        now: datetime,
        counted_before: int = 0,
    ) -> Response:
        """The proposal's first question; `counted_before`: the registration's questions of the
        same first visit, which the counter goes on from."""
        target = await self.target(session, now)
        if target is None:
            return await self.closed_notice(session, t, now)
        # The kecamatan names "other residents of Kecamatan …" when similar proposals are found.
        preset: dict[str, Any] = {
            "kecamatan": participant.kecamatan_code,
            "desa": participant.desa_code,  # the review names it when no place is typed
        }
        if counted_before:
            preset[COUNTED_BEFORE] = counted_before
        started = await self.dialogues.begin(session, Owner.of(participant), PROPOSAL, now, preset)
        if target.late:
            note = screens.goes_to_next_round(
                t, target.found.name, t.datetime(target.found.opens_at)
            )
            started.replies.insert(0, Reply(Screen(note)))
        return started

    async def target(self, session: AsyncSession, now: datetime) -> Target | None:
        """The round a proposal sent now goes to: the one collecting, or, after a collection
        whose admin allows late proposals, the next round once it exists; None: refused."""
        current = await rounds.open_at(session, now)
        if current is not None:
            return Target(current, late=False)
        closed = await rounds.last_closed(session, now)
        upcoming = await rounds.next_after(session, now)
        if closed is not None and closed.late_to_next and upcoming is not None:
            return Target(upcoming, late=True)
        return None

    async def closed_notice(self, session: AsyncSession, t: Translator, now: datetime) -> Response:
        upcoming = await rounds.next_after(session, now)
        name, when = (upcoming.name, t.datetime(upcoming.opens_at)) if upcoming else (None, None)
        prioritising = await rounds.prioritising_at(session, now)
        if prioritising is not None and prioritising.closes_at is not None:
            closed_on = t.datetime(prioritising.closes_at)
            text = screens.collection_over(t, prioritising.name, closed_on, name, when)
            return Response([Reply(Screen(text))])
        return Response([Reply(Screen(screens.round_closed(t, name, when)))])

    async def submit(
        self,
        session: AsyncSession,
        participant: Participant,
        answers: dict[str, Any],
        proposal_id: int | None,
        t: Translator,
        now: datetime,
    ) -> Response:
        if proposal_id is not None:
            return await self._update(session, participant, proposal_id, answers, t, now)
        target = await self.target(session, now)
        if target is None:
            raise Unfinished(await self._closed_meanwhile(session, t, now))
        proposal = await self._create(session, participant, target.found, answers, now)
        audit.record(session, now, "proposal.submitted", participant.id, proposal.reference)
        done = screens.submitted(t, proposal.reference, False)
        if target.late:
            when = t.datetime(target.found.opens_at)
            done = screens.submitted_for_next_round(t, proposal.reference, target.found.name, when)
        return Response([Reply(done, edit=True)])

    async def _closed_meanwhile(
        self, session: AsyncSession, t: Translator, now: datetime
    ) -> Response:
        """The round closed while the draft was being written: keep the draft, say why."""
        closed = await rounds.last_closed(session, now)
        upcoming = await rounds.next_after(session, now)
        text = screens.closed_before_sending(
            t,
            t.datetime(closed.closes_at) if closed and closed.closes_at else None,
            t.datetime(upcoming.opens_at) if upcoming else None,
        )
        return Response([Reply(Screen(text))])

    async def _create(
        self,
        session: AsyncSession,
        participant: Participant,
        current: ConsultationRound,
        answers: dict[str, Any],
        now: datetime,
    ) -> Proposal:
        kecamatan_code = str(participant.kecamatan_code)
        kecamatan = self.reference.kecamatan_by_code(kecamatan_code)
        abbreviation = kecamatan.abbreviation if kecamatan else "BKS"
        number = await queries.next_reference_number(session, kecamatan_code)
        return await queries.create(
            session,
            reference=f"{abbreviation}-{number:04d}",
            participant_id=participant.id,
            round_id=current.id,
            kecamatan_code=kecamatan_code,
            desa_code=str(participant.desa_code),
            status=Status.SUBMITTED.value,
            submitted_at=now,
            updated_at=now,
            **_fields(answers, self.reference),
        )

    async def _update(
        self,
        session: AsyncSession,
        participant: Participant,
        proposal_id: int,
        answers: dict[str, Any],
        t: Translator,
        now: datetime,
    ) -> Response:
        proposal = await queries.get_own(session, participant.id, proposal_id)
        if proposal is None or proposal.status == Status.WITHDRAWN:
            return Response([Reply(Screen(screens.not_found(t)), edit=True)])
        refusal = await self.refusal(session, proposal, t, now)
        if refusal is not None:
            return Response([Reply(Screen(refusal), edit=True)])
        for name, value in _fields(answers, self.reference).items():
            setattr(proposal, name, value)
        proposal.updated_at = now
        audit.record(session, now, "proposal.edited", participant.id, proposal.reference)
        return Response([Reply(screens.submitted(t, proposal.reference, True), edit=True)])

    async def editable(self, session: AsyncSession, proposal: Proposal, now: datetime) -> bool:
        """Only until its round's collection closes and before anyone acted on it: after that
        it is on record, like a signed berita acara. A late proposal kept for the next round
        may be changed before that round opens, too."""
        if proposal.status != Status.SUBMITTED:
            return False
        current = await rounds.get(session, proposal.round_id)
        if current is None:
            return False
        return current.closes_at is None or now < current.closes_at

    async def refusal(
        self, session: AsyncSession, proposal: Proposal, t: Translator, now: datetime
    ) -> str | None:
        """Why the proposal can't be changed or withdrawn now, or None when it can."""
        if await self.editable(session, proposal, now):
            return None
        if proposal.status not in (Status.SUBMITTED, Status.WITHDRAWN):
            return screens.handled(t, proposal.status)
        return screens.locked(t)

    def is_complete(self, answers: dict[str, Any]) -> bool:
        return not engine.missing(PROPOSAL, answers)


def _fields(answers: dict[str, Any], reference: Reference) -> dict[str, Any]:
    """The proposal's columns from the dialogue's answers."""
    element = answers.get("sub_element")
    needs = answers.get("needs")
    place = answers.get("place") or {}
    point = place.get("point")
    return {
        "dimension": dimension_key(reference, element) if element else None,
        "sub_element": element,
        "problem": answers["problem"],
        "causes": answers["causes"],
        "solution": answers["solution"],
        "urgency": answers["urgency"],
        "time_to_result": answers["time_to_result"],
        "needs": [needs] if isinstance(needs, str) else list(needs or []),
        "agency": answers.get("agency") or UNKNOWN_AGENCY,
        "beneficiaries": answers.get("beneficiaries"),
        "location_text": place.get("text"),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "photos": list(place.get("photos") or []),
    }


def proposal_answers(proposal: Proposal) -> dict[str, Any]:
    """The answers of a sent proposal, as the dialogue holds them (to change it)."""
    answers: dict[str, Any] = {name: getattr(proposal, name) for name in ANSWER_FIELDS}
    answers["needs"] = proposal.needs[0] if len(proposal.needs or []) == 1 else proposal.needs
    has_point = proposal.latitude is not None and proposal.longitude is not None
    place = {
        "text": proposal.location_text,
        "point": [proposal.latitude, proposal.longitude] if has_point else None,
        "photos": list(proposal.photos or []),
    }
    answers["place"] = {k: v for k, v in place.items() if v} or None
    answers["kecamatan"] = proposal.kecamatan_code
    answers["desa"] = proposal.desa_code
    answers["similar"] = DIFFERENT  # already written: nothing to join any more
    answers[SIMILAR] = []
    return answers


def dimension_key(reference: Reference, element: str) -> str | None:
    return next((d.key for d in reference.dimensions if d.sub_element(element)), None)
