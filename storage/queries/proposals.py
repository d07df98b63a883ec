from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert_ignore
from storage.models import Proposal, ReferenceCounter

# The proposal columns that hold the answers to the proposal dialogue, in the dialogue's order.
ANSWER_FIELDS = (
    "dimension",
    "sub_element",
    "problem",
    "causes",
    "solution",
    "urgency",
    "time_to_result",
    "needs",
    "agency",
    "beneficiaries",
)


async def next_reference_number(session: AsyncSession, kecamatan_code: str) -> int:
    """The next sequence number of a kecamatan, safe under concurrent submissions."""
    await insert_ignore(session, ReferenceCounter, kecamatan_code=kecamatan_code, last_number=0)
    # One UPDATE … RETURNING takes the row lock, so two submits never get the same number.
    result = await session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.kecamatan_code == kecamatan_code)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
    )
    return int(result.scalar_one())


async def of_participant(session: AsyncSession, participant_id: int) -> list[Proposal]:
    query = (
        select(Proposal)
        .where(Proposal.participant_id == participant_id)
        .order_by(Proposal.submitted_at.desc(), Proposal.id.desc())
    )
    return list((await session.execute(query)).scalars())


async def get_own(session: AsyncSession, participant_id: int, proposal_id: int) -> Proposal | None:
    proposal = await session.get(Proposal, proposal_id)
    if proposal is None or proposal.participant_id != participant_id:
        return None
    return proposal


async def create(session: AsyncSession, **columns: Any) -> Proposal:
    proposal = Proposal(**columns)
    proposal.assigned_at = proposal.assigned_at or proposal.submitted_at
    session.add(proposal)
    await session.flush()  # the caller shows its id and reference
    return proposal


async def get(session: AsyncSession, proposal_id: int) -> Proposal | None:
    return await session.get(Proposal, proposal_id)
