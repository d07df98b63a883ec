"""Read-only queries behind the exports: streamed proposal rows and the summary counts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import AuditEntry, ConsultationRound, Participant, Proposal, Support
from storage.queries.proposals import ANSWER_FIELDS

# Rows fetched per round trip; large enough to amortise it, small enough to keep memory flat.
CHUNK = 2000

BASE_FIELDS = (
    "reference",
    "submitted_at",
    "round_id",
    "round_name",
    "kecamatan_code",
    "desa_code",
    *ANSWER_FIELDS,
    "status",
    "status_reason",
    "merged_into",
    "latitude",
    "longitude",
    "photos",
    "pseudonym",
    "supports",
    "represents",
    "represents_unit",
    "mandate",
)
# name_visible: the naming consent (bot/participants/naming.py), read to withhold the name.
IDENTITY_FIELDS = ("name", "community_role", "group_name", "name_visible")
HIDDEN_FIELDS = ("hidden_at", "hidden_reason")


@dataclass(frozen=True)
class Scope:
    """Which proposals an export holds."""

    round_id: int | None = None
    kecamatan_code: str | None = None
    include_hidden: bool = False
    include_withdrawn: bool = False
    # An OPD's export: only the proposals assigned to this perangkat daerah (Agency.key), and
    # names only of participants who let OPD staff see them (bot/participants/naming.py).
    agency: str | None = None


def conditions(scope: Scope) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a scope (also for the Quick win sheet)."""
    return _conditions(scope)


def _conditions(scope: Scope) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if scope.round_id is not None:
        conditions.append(Proposal.round_id == scope.round_id)
    if scope.kecamatan_code is not None:
        conditions.append(Proposal.kecamatan_code == scope.kecamatan_code)
    if not scope.include_hidden:
        conditions.append(Proposal.hidden_at.is_(None))
    if not scope.include_withdrawn:
        conditions.append(Proposal.status != "withdrawn")
    if scope.agency is not None:
        conditions.append(Proposal.agency == scope.agency)
    return conditions


def _supports_of_proposal() -> Any:
    """The number of residents who joined the row's proposal (a correlated count)."""
    return (
        select(func.count(Support.id))
        .where(Support.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )


def proposal_rows(scope: Scope, identity: bool) -> Select[Any]:
    """One row per proposal, in id order; names are read only when identity is asked for."""
    merged = aliased(Proposal)
    columns: list[Any] = [
        Proposal.reference,
        Proposal.submitted_at,
        Proposal.round_id,
        ConsultationRound.name,
        Proposal.kecamatan_code,
        Proposal.desa_code,
        Proposal.dimension,
        Proposal.sub_element,
        Proposal.problem,
        Proposal.causes,
        Proposal.solution,
        Proposal.urgency,
        Proposal.time_to_result,
        Proposal.needs,
        Proposal.agency,
        Proposal.beneficiaries,
        Proposal.status,
        Proposal.status_reason,
        merged.reference,
        Proposal.latitude,
        Proposal.longitude,
        Proposal.photos,
        Participant.pseudonym,
        _supports_of_proposal(),
        Participant.represents,
        Participant.represents_unit,
        Participant.mandate,
    ]
    if identity:
        columns += [
            Participant.display_name,
            Participant.community_role,
            Participant.group_name,
            Participant.name_visible,
        ]
    if scope.include_hidden:
        columns += [Proposal.hidden_at, Proposal.hidden_reason]
    return (
        select(*columns)
        .join(Participant, Participant.id == Proposal.participant_id)
        .join(ConsultationRound, ConsultationRound.id == Proposal.round_id)
        .outerjoin(merged, merged.id == Proposal.merged_into_id)
        .where(*_conditions(scope))
        .order_by(Proposal.id)
    )


async def stream_proposals(
    session: AsyncSession, scope: Scope, identity: bool
) -> AsyncIterator[Sequence[Row[Any]]]:
    """Chunks of proposal rows from a server-side cursor: memory stays flat at any size."""
    query = proposal_rows(scope, identity).execution_options(yield_per=CHUNK)
    result = await session.stream(query)
    async for chunk in result.partitions(CHUNK):
        yield chunk


SUPPORTER_FIELDS = ("reference", "pseudonym", "comment", "created_at")


async def stream_supporters(
    session: AsyncSession, scope: Scope, identity: bool
) -> AsyncIterator[Sequence[Row[Any]]]:
    """Chunks of (reference, pseudonym, comment, created_at[, name, name_visible]): every
    support of the proposals in the scope, by proposal then date; the supporter's name and
    naming consent only with identity."""
    columns: list[Any] = [
        Proposal.reference,
        Participant.pseudonym,
        Support.comment,
        Support.created_at,
    ]
    if identity:
        columns += [Participant.display_name, Participant.name_visible]
    query = (
        select(*columns)
        .join(Proposal, Proposal.id == Support.proposal_id)
        .join(Participant, Participant.id == Support.participant_id)
        .where(*_conditions(scope))
        .order_by(Proposal.id, Support.created_at, Support.id)
        .execution_options(yield_per=CHUNK)
    )
    result = await session.stream(query)
    async for chunk in result.partitions(CHUNK):
        yield chunk


async def supports_count(session: AsyncSession, scope: Scope) -> int:
    query = (
        select(func.count(Support.id))
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(*_conditions(scope))
    )
    return int((await session.execute(query)).scalar_one())


async def names_withheld(session: AsyncSession, scope: Scope) -> int:
    """Authors and supporters in the scope who have a name but did not let OPD staff see it."""
    authors = select(Proposal.participant_id.label("pid")).where(*_conditions(scope))
    supporters = (
        select(Support.participant_id.label("pid"))
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(*_conditions(scope))
    )
    people = authors.union(supporters).subquery()
    query = select(func.count(Participant.id)).where(
        Participant.id.in_(select(people.c.pid)),
        Participant.display_name.is_not(None),
        Participant.name_visible.is_not(True),
    )
    return int((await session.execute(query)).scalar_one())


async def count(session: AsyncSession, scope: Scope) -> int:
    query = select(func.count(Proposal.id)).where(*_conditions(scope))
    return int((await session.execute(query)).scalar_one())


async def by_kecamatan_and_dimension(
    session: AsyncSession, scope: Scope
) -> dict[tuple[str, str], int]:
    query = (
        select(Proposal.kecamatan_code, Proposal.dimension, func.count(Proposal.id))
        .where(*_conditions(scope))
        .group_by(Proposal.kecamatan_code, Proposal.dimension)
    )
    # An unclassified proposal counts under "" (its dimension is not known yet).
    return {(k, d or ""): int(n) for k, d, n in (await session.execute(query)).all()}


async def by_agency(session: AsyncSession, scope: Scope) -> dict[str, int]:
    query = (
        select(Proposal.agency, func.count(Proposal.id))
        .where(*_conditions(scope))
        .group_by(Proposal.agency)
    )
    return {a: int(n) for a, n in (await session.execute(query)).all()}


async def proposers_by_kecamatan(session: AsyncSession, scope: Scope) -> dict[str, int]:
    """Distinct participants with at least one proposal in the scope, per kecamatan."""
    query = (
        select(Proposal.kecamatan_code, func.count(distinct(Proposal.participant_id)))
        .where(*_conditions(scope))
        .group_by(Proposal.kecamatan_code)
    )
    return {k: int(n) for k, n in (await session.execute(query)).all()}


async def registered_by_kecamatan(
    session: AsyncSession, kecamatan_code: str | None
) -> dict[str, int]:
    """Registered participants (not erased) per kecamatan of residence."""
    conditions: list[ColumnElement[bool]] = [
        Participant.registered_at.is_not(None),
        Participant.erased_at.is_(None),
    ]
    if kecamatan_code is not None:
        conditions.append(Participant.kecamatan_code == kecamatan_code)
    query = (
        select(Participant.kecamatan_code, func.count(Participant.id))
        .where(*conditions)
        .group_by(Participant.kecamatan_code)
    )
    return {str(k): int(n) for k, n in (await session.execute(query)).all() if k}


async def round_name(session: AsyncSession, round_id: int) -> str | None:
    found = await session.get(ConsultationRound, round_id)
    return found.name if found is not None else None


async def rounds(session: AsyncSession) -> list[tuple[int, str]]:
    query = select(ConsultationRound.id, ConsultationRound.name).order_by(
        ConsultationRound.opens_at, ConsultationRound.id
    )
    return [(int(i), str(n)) for i, n in (await session.execute(query)).all()]


async def stream_audit(session: AsyncSession) -> AsyncIterator[Sequence[Row[Any]]]:
    query = (
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.action,
            AuditEntry.actor_participant_id,
            AuditEntry.subject,
            AuditEntry.details,
        )
        .order_by(AuditEntry.id)
        .execution_options(yield_per=CHUNK)
    )
    result = await session.stream(query)
    async for chunk in result.partitions(CHUNK):
        yield chunk


async def photos(session: AsyncSession, scope: Scope) -> list[tuple[str, list[str]]]:
    """(reference, Telegram file ids of its photos) of the proposals in the scope that have
    photos, in id order."""
    query = (
        select(Proposal.reference, Proposal.photos).where(*_conditions(scope)).order_by(Proposal.id)
    )
    return [(ref, list(ids)) for ref, ids in await session.execute(query) if ids]
