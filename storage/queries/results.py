"""A round's results per kecamatan (bot/results): who took part, the proposals' words, the
quick wins, and residents' feedback on the results. Never commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert_ignore
from storage.models import (
    Comparison,
    ConsultationRound,
    Participant,
    Proposal,
    QuickWin,
    ResultFeedback,
    Support,
)

COMMENT_LENGTH = 300  # ResultFeedback.comment
ANSWERS = ("yes", "partly", "no")


@dataclass(frozen=True)
class Summary:
    """What the results show of one proposal."""

    proposal_id: int
    reference: str
    problem: str
    status: str


async def participation(session: AsyncSession, round_id: int, kecamatan_code: str) -> int:
    """How many people took part in a kecamatan's round: sent a proposal there, supported one
    of its proposals, or compared a pair of them (erased people counted by their kept rows)."""
    proposed = select(Proposal.participant_id.label("who")).where(
        Proposal.round_id == round_id, Proposal.kecamatan_code == kecamatan_code
    )
    supported = (
        select(Support.participant_id.label("who"))
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(Proposal.round_id == round_id, Proposal.kecamatan_code == kecamatan_code)
    )
    compared = select(Comparison.participant_id.label("who")).where(
        Comparison.round_id == round_id,
        Comparison.kecamatan_code == kecamatan_code,
        Comparison.participant_id.is_not(None),
    )
    everyone = union(proposed, supported, compared).subquery()
    return int(await session.scalar(select(func.count()).select_from(everyone)) or 0)


async def summaries(session: AsyncSession, proposal_ids: Iterable[int]) -> dict[int, Summary]:
    ids = sorted(set(proposal_ids))
    if not ids:
        return {}
    query = select(Proposal.id, Proposal.reference, Proposal.problem, Proposal.status).where(
        Proposal.id.in_(ids)
    )
    found = await session.execute(query)
    return {int(r[0]): Summary(int(r[0]), r[1], r[2], r[3]) for r in found}


async def quick_wins(session: AsyncSession, round_id: int) -> list[Summary]:
    """The quick wins chosen for the regency among the round's proposals, oldest choice first."""
    query = (
        select(Proposal.id, Proposal.reference, Proposal.problem, Proposal.status)
        .join(QuickWin, QuickWin.proposal_id == Proposal.id)
        .where(Proposal.round_id == round_id, Proposal.hidden_at.is_(None))
        .order_by(QuickWin.chosen_at, QuickWin.proposal_id)
    )
    return [Summary(int(r[0]), r[1], r[2], r[3]) for r in await session.execute(query)]


async def own(session: AsyncSession, participant_id: int, round_id: int) -> list[Summary]:
    """A participant's proposals in the round, oldest first."""
    query = (
        select(Proposal.id, Proposal.reference, Proposal.problem, Proposal.status)
        .where(Proposal.participant_id == participant_id, Proposal.round_id == round_id)
        .order_by(Proposal.id)
    )
    return [Summary(int(r[0]), r[1], r[2], r[3]) for r in await session.execute(query)]


async def claim_queue(session: AsyncSession, round_id: int, now: datetime) -> bool:
    """The round's results are queued once: False when they already were."""
    statement = (
        update(ConsultationRound)
        .where(ConsultationRound.id == round_id, ConsultationRound.results_queued_at.is_(None))
        .values(results_queued_at=now)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def kecamatan_of(session: AsyncSession, participant_id: int) -> Participant | None:
    return await session.get(Participant, participant_id)


# --- feedback: "do these results represent your kecamatan?" ----------------------------------


async def answer(
    session: AsyncSession,
    round_id: int,
    kecamatan_code: str,
    participant_id: int,
    given: str,
    now: datetime,
) -> bool:
    """One row per round and person: the first tap writes it, a later one changes the answer.
    False when the answer was already this one (a double tap, a redelivered update)."""
    if await insert_ignore(
        session,
        ResultFeedback,
        round_id=round_id,
        kecamatan_code=kecamatan_code,
        participant_id=participant_id,
        answer=given,
        answered_at=now,
    ):
        return True
    statement = (
        update(ResultFeedback)
        .where(
            ResultFeedback.round_id == round_id,
            ResultFeedback.participant_id == participant_id,
            ResultFeedback.answer != given,
        )
        .values(answer=given, answered_at=now)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def comment(session: AsyncSession, round_id: int, participant_id: int, text: str) -> bool:
    """The optional line under one's answer; False when there is no answer to put it under."""
    statement = (
        update(ResultFeedback)
        .where(ResultFeedback.round_id == round_id, ResultFeedback.participant_id == participant_id)
        .values(comment=text)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def counts(session: AsyncSession, round_id: int) -> dict[str, dict[str, int]]:
    """Per kecamatan code, how many answered yes / partly / no."""
    query = (
        select(ResultFeedback.kecamatan_code, ResultFeedback.answer, func.count(ResultFeedback.id))
        .where(ResultFeedback.round_id == round_id)
        .group_by(ResultFeedback.kecamatan_code, ResultFeedback.answer)
    )
    found: dict[str, dict[str, int]] = {}
    for code, given, number in await session.execute(query):
        found.setdefault(str(code), {})[str(given)] = int(number)
    return found


async def comments(
    session: AsyncSession, round_id: int, kecamatan_code: str
) -> list[tuple[str, str]]:
    """(answer, line) of every line written in a kecamatan, newest first; names nobody."""
    query = (
        select(ResultFeedback.answer, ResultFeedback.comment)
        .where(
            ResultFeedback.round_id == round_id,
            ResultFeedback.kecamatan_code == kecamatan_code,
            ResultFeedback.comment.is_not(None),
        )
        .order_by(ResultFeedback.answered_at.desc(), ResultFeedback.id.desc())
    )
    return [(str(a), str(c)) for a, c in await session.execute(query)]


async def rows(
    session: AsyncSession, round_id: int | None, kecamatan_code: str | None
) -> list[tuple[ResultFeedback, str | None]]:
    """Every answer (of a round, of a kecamatan when given) with its author's pseudonym (None
    once erased), for the export."""
    query = (
        select(ResultFeedback, Participant.pseudonym)
        .outerjoin(Participant, Participant.id == ResultFeedback.participant_id)
        .order_by(ResultFeedback.round_id, ResultFeedback.kecamatan_code, ResultFeedback.id)
    )
    if round_id is not None:
        query = query.where(ResultFeedback.round_id == round_id)
    if kecamatan_code is not None:
        query = query.where(ResultFeedback.kecamatan_code == kecamatan_code)
    return [(row[0], row[1]) for row in await session.execute(query)]


async def given(session: AsyncSession, round_id: int, participant_id: int) -> str | None:
    """A person's answer for the round, if they gave one."""
    query = select(ResultFeedback.answer).where(
        ResultFeedback.round_id == round_id, ResultFeedback.participant_id == participant_id
    )
    return await session.scalar(query)
