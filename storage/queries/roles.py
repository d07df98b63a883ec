from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invitation, StaffRole


async def active_roles(session: AsyncSession, telegram_user_id: int) -> list[StaffRole]:
    query = select(StaffRole).where(
        StaffRole.telegram_user_id == telegram_user_id, StaffRole.revoked_at.is_(None)
    )
    return list((await session.execute(query)).scalars())


async def active_coordinators(
    session: AsyncSession, kecamatan_code: str | None = None
) -> list[StaffRole]:
    query = select(StaffRole).where(StaffRole.role == "coordinator", StaffRole.revoked_at.is_(None))
    if kecamatan_code is not None:
        query = query.where(StaffRole.kecamatan_code == kecamatan_code)
    query = query.order_by(StaffRole.kecamatan_code, StaffRole.granted_at)
    return list((await session.execute(query)).scalars())


async def role_by_id(session: AsyncSession, role_id: int) -> StaffRole | None:
    return await session.get(StaffRole, role_id)


async def active_opd_members(session: AsyncSession, opd_code: str | None = None) -> list[StaffRole]:
    """OPD staff now serving, by OPD then by when they joined; one OPD's with `opd_code`."""
    query = select(StaffRole).where(StaffRole.role == "opd", StaffRole.revoked_at.is_(None))
    if opd_code is not None:
        query = query.where(StaffRole.opd_code == opd_code)
    query = query.order_by(StaffRole.opd_code, StaffRole.granted_at)
    return list((await session.execute(query)).scalars())


async def revoke(session: AsyncSession, role: StaffRole, by: int | None, now: datetime) -> None:
    role.revoked_at = now
    role.revoked_by = by


async def claim_invitation(
    session: AsyncSession, token: str, telegram_user_id: int, now: datetime
) -> Invitation | None:
    """Use an invitation once: only one of two concurrent claims can win the UPDATE."""
    result = await session.execute(
        update(Invitation)
        .where(
            Invitation.token == token,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_by=telegram_user_id, used_at=now)
        .returning(Invitation.token)
    )
    if result.scalar_one_or_none() is None:
        return None
    return await session.get(Invitation, token, populate_existing=True)


async def invitation(session: AsyncSession, token: str) -> Invitation | None:
    return await session.get(Invitation, token)


async def pending_invitations(
    session: AsyncSession, now: datetime, role: str = "coordinator"
) -> list[Invitation]:
    """Invitations of one role that can still be accepted, soonest to expire first."""
    query = (
        select(Invitation)
        .where(
            Invitation.role == role,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .order_by(Invitation.expires_at)
    )
    return list((await session.execute(query)).scalars())


async def cancel_invitation(session: AsyncSession, token: str, now: datetime) -> Invitation | None:
    """Revoke an invitation nobody has used yet; None when it is used, revoked or unknown."""
    result = await session.execute(
        update(Invitation)
        .where(Invitation.token == token, Invitation.used_at.is_(None))
        .where(Invitation.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(Invitation.token)
    )
    if result.scalar_one_or_none() is None:
        return None
    return await session.get(Invitation, token, populate_existing=True)


async def grant(
    session: AsyncSession,
    telegram_user_id: int,
    role: str,
    kecamatan_code: str | None,
    by: int | None,
    now: datetime,
    opd_code: str | None = None,
) -> StaffRole:
    granted = StaffRole(
        telegram_user_id=telegram_user_id,
        role=role,
        kecamatan_code=kecamatan_code,
        opd_code=opd_code,
        granted_by=by,
        granted_at=now,
    )
    session.add(granted)
    await session.flush()  # its id goes to the audit log
    return granted


def create_invitation(
    session: AsyncSession,
    token: str,
    role: str,
    kecamatan_code: str | None,
    by: int,
    now: datetime,
    expires_at: datetime,
    opd_code: str | None = None,
) -> Invitation:
    invitation = Invitation(
        token=token,
        role=role,
        kecamatan_code=kecamatan_code,
        opd_code=opd_code,
        created_by=by,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(invitation)
    return invitation
