"""Counts behind the statistics: participants and proposals by place and dimension, targets.

Counted: registered participants who have not erased their data; proposals neither withdrawn
nor hidden, and the supports of those proposals.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import KecamatanTarget, Participant, Proposal, Support


async def participants_by_place(
    session: AsyncSession, kecamatan_code: str | None = None
) -> dict[str, int]:
    """Per kecamatan, or per desa within `kecamatan_code`."""
    place = Participant.desa_code if kecamatan_code else Participant.kecamatan_code
    query = (
        select(place, func.count())
        .where(Participant.registered_at.is_not(None))
        .where(Participant.erased_at.is_(None))
        .group_by(place)
    )
    if kecamatan_code:
        query = query.where(Participant.kecamatan_code == kecamatan_code)
    return {str(code): int(n) for code, n in await session.execute(query) if code}


async def proposals_by_place_and_dimension(
    session: AsyncSession, kecamatan_code: str | None = None
) -> dict[tuple[str, str], int]:
    """(place code, dimension key) → count; places as in participants_by_place; an
    unclassified proposal counts under "" (its dimension is not known yet)."""
    place = Proposal.desa_code if kecamatan_code else Proposal.kecamatan_code
    query = (
        select(place, Proposal.dimension, func.count())
        .where(Proposal.withdrawn_at.is_(None))
        .where(Proposal.hidden_at.is_(None))
        .group_by(place, Proposal.dimension)
    )
    if kecamatan_code:
        query = query.where(Proposal.kecamatan_code == kecamatan_code)
    return {(str(code), dim or ""): int(n) for code, dim, n in await session.execute(query)}


async def supports_total(session: AsyncSession, kecamatan_code: str | None = None) -> int:
    """Supports of counted proposals (of one kecamatan when given)."""
    query = (
        select(func.count(Support.id))
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(Proposal.withdrawn_at.is_(None))
        .where(Proposal.hidden_at.is_(None))
    )
    if kecamatan_code:
        query = query.where(Proposal.kecamatan_code == kecamatan_code)
    return int((await session.execute(query)).scalar_one())


async def targets(session: AsyncSession) -> dict[str, int]:
    """Participant targets per kecamatan code, where admins have set one (/statistik, /rekap)."""
    query = select(KecamatanTarget.kecamatan_code, KecamatanTarget.participants)
    return {str(code): int(n) for code, n in await session.execute(query)}


async def set_target(
    session: AsyncSession, kecamatan_code: str, participants: int, by: int, now: datetime
) -> int | None:
    """Set a kecamatan's target; returns the previous one."""
    found = await session.get(KecamatanTarget, kecamatan_code)
    if found is None:
        session.add(
            KecamatanTarget(
                kecamatan_code=kecamatan_code,
                participants=participants,
                updated_by=by,
                updated_at=now,
            )
        )
        return None
    previous = found.participants
    found.participants, found.updated_by, found.updated_at = participants, by, now
    return previous


async def remove_target(session: AsyncSession, kecamatan_code: str) -> int | None:
    found = await session.get(KecamatanTarget, kecamatan_code)
    if found is None:
        return None
    await session.delete(found)
    return found.participants
