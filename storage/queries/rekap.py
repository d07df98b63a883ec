"""Counts behind /rekap: participants and proposals per desa (and dimension), supports per
kecamatan.

The kecamatan targets are read with the statistics' `storage.queries.stats.targets`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConsultationRound, Participant, Proposal, Support


async def round_in_view(session: AsyncSession, now: datetime) -> ConsultationRound | None:
    """The round open now, else the one that opened last (progress of a closed round)."""
    query = (
        select(ConsultationRound)
        .where(ConsultationRound.opens_at <= now)
        .order_by(ConsultationRound.opens_at.desc(), ConsultationRound.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


def _counted(round_id: int | None) -> list[ColumnElement[bool]]:
    """Proposals that count: not withdrawn, not hidden by moderators, in the round in view."""
    conditions = [
        Proposal.withdrawn_at.is_(None),
        Proposal.status != "withdrawn",
        Proposal.hidden_at.is_(None),
    ]
    if round_id is not None:
        conditions.append(Proposal.round_id == round_id)
    return conditions


def _registered(kecamatan_code: str | None) -> list[ColumnElement[bool]]:
    """Registered participants, not erased, with a desa (in the kecamatan; None: everywhere)."""
    conditions: list[ColumnElement[bool]] = [
        Participant.registered_at.is_not(None),
        Participant.erased_at.is_(None),
        Participant.desa_code.is_not(None),
    ]
    if kecamatan_code is not None:
        conditions.append(Participant.kecamatan_code == kecamatan_code)
    return conditions


async def participants_per_desa(
    session: AsyncSession, kecamatan_code: str | None
) -> dict[str, int]:
    """Registered participants (not erased) per desa code; None: the whole regency."""
    query = (
        select(Participant.desa_code, func.count())
        .where(*_registered(kecamatan_code))
        .group_by(Participant.desa_code)
    )
    return {str(desa): int(count) for desa, count in (await session.execute(query)).all()}


async def contributors_per_desa(
    session: AsyncSession, kecamatan_code: str | None, round_id: int | None
) -> dict[str, int]:
    """Registered participants with at least one counted proposal, per their desa."""
    query = (
        select(Participant.desa_code, func.count(distinct(Participant.id)))
        .join(Proposal, Proposal.participant_id == Participant.id)
        .where(*_registered(kecamatan_code))
        .group_by(Participant.desa_code)
    )
    rows = (await session.execute(query.where(*_counted(round_id)))).all()
    return {str(desa): int(count) for desa, count in rows}


async def proposals_per_desa_dimension(
    session: AsyncSession, kecamatan_code: str | None, round_id: int | None
) -> dict[tuple[str, str], int]:
    """Counted proposals per (desa code, dimension key); an unclassified one under ""."""
    query = select(Proposal.desa_code, Proposal.dimension, func.count()).group_by(
        Proposal.desa_code, Proposal.dimension
    )
    if kecamatan_code is not None:
        query = query.where(Proposal.kecamatan_code == kecamatan_code)
    rows = (await session.execute(query.where(*_counted(round_id)))).all()
    return {(str(desa), str(dimension or "")): int(count) for desa, dimension, count in rows}


async def supports_per_kecamatan(
    session: AsyncSession, kecamatan_code: str | None, round_id: int | None
) -> dict[str, int]:
    """Supports (residents joining a proposal) of counted proposals, per the proposal's
    kecamatan: what the rekap's "supports" figure adds up."""
    query = (
        select(Proposal.kecamatan_code, func.count(Support.id))
        .join(Support, Support.proposal_id == Proposal.id)
        .group_by(Proposal.kecamatan_code)
    )
    if kecamatan_code is not None:
        query = query.where(Proposal.kecamatan_code == kecamatan_code)
    rows = (await session.execute(query.where(*_counted(round_id)))).all()
    return {str(kecamatan): int(count) for kecamatan, count in rows}
