"""Who may do what. Checked on the server at the moment an action runs, never from the client."""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invitation, StaffRole
from storage.queries import audit
from storage.queries import roles as queries

INVITATION_PREFIX = "inv_"
INVITATION_TTL = timedelta(days=7)
# What create_invitation makes (token_urlsafe), within the column's 40 characters: anything
# else typed after /start inv_ is not ours and must not reach the database (NUL breaks it).
_INVITATION_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class Staff:
    """The roles a Telegram user holds right now."""

    telegram_id: int
    is_admin: bool = False
    kecamatan: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.kecamatan)

    @property
    def is_staff(self) -> bool:
        return self.is_admin or self.is_coordinator

    def may_coordinate(self, kecamatan_code: str | None) -> bool:
        """Admins act on every kecamatan (None: the whole regency); coordinators on their own."""
        if self.is_admin:
            return True
        return kecamatan_code is not None and kecamatan_code in self.kecamatan


# The services' way to read someone's roles now (ADMIN_IDS bound by the app factory).
StaffOf = Callable[[AsyncSession, int], Awaitable[Staff]]


def staff_lookup(admin_ids: frozenset[int]) -> StaffOf:
    async def lookup(session: AsyncSession, telegram_id: int) -> Staff:
        return await staff_of(session, telegram_id, admin_ids)

    return lookup


async def staff_of(session: AsyncSession, telegram_id: int, admin_ids: frozenset[int]) -> Staff:
    held = await queries.active_roles(session, telegram_id)
    is_admin = telegram_id in admin_ids or any(r.role == Role.ADMIN for r in held)
    kecamatan = frozenset(
        r.kecamatan_code for r in held if r.role == Role.COORDINATOR and r.kecamatan_code
    )
    return Staff(telegram_id, is_admin, kecamatan)


async def grant_coordinator(
    session: AsyncSession, telegram_id: int, kecamatan_code: str, by: int | None, now: datetime
) -> StaffRole:
    for role in await queries.active_roles(session, telegram_id):
        if role.role == Role.COORDINATOR and role.kecamatan_code == kecamatan_code:
            return role
    coordinator = Role.COORDINATOR.value
    role = await queries.grant(session, telegram_id, coordinator, kecamatan_code, by, now)
    audit.record(session, now, "role.granted", None, kecamatan_code, by=by, role_id=role.id)
    return role


async def grant_admin(session: AsyncSession, telegram_id: int, by: int, now: datetime) -> StaffRole:
    for role in await queries.active_roles(session, telegram_id):
        if role.role == Role.ADMIN:
            return role
    role = await queries.grant(session, telegram_id, Role.ADMIN.value, None, by, now)
    audit.record(session, now, "role.granted", None, "admin", by=by, role_id=role.id)
    return role


async def revoke_role(
    session: AsyncSession, role_id: int, by: int, now: datetime
) -> StaffRole | None:
    role = await queries.role_by_id(session, role_id)
    if role is None or role.revoked_at is not None:
        return None
    await queries.revoke(session, role, by, now)
    audit.record(session, now, "role.revoked", None, role.kecamatan_code, by=by, role_id=role.id)
    return role


async def create_invitation(
    session: AsyncSession,
    kecamatan_code: str,
    by: int,
    now: datetime,
    ttl: timedelta = INVITATION_TTL,
) -> Invitation:
    token, role = secrets.token_urlsafe(18), Role.COORDINATOR.value
    invitation = queries.create_invitation(
        session, token, role, kecamatan_code, by, now, expires_at=now + ttl
    )
    audit.record(session, now, "invitation.created", None, kecamatan_code, by=by)
    return invitation


def invitation_payload(invitation: Invitation) -> str:
    """The deep-link payload (≤ 64 characters of A-Z a-z 0-9 _ -)."""
    return INVITATION_PREFIX + invitation.token


class InvitationOutcome(StrEnum):
    ACCEPTED = "accepted"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


async def accept_invitation(
    session: AsyncSession, payload: str, telegram_id: int, now: datetime
) -> tuple[InvitationOutcome, Invitation | None]:
    token = invitation_token(payload)
    if token is None:
        return InvitationOutcome.UNKNOWN, None
    claimed = await queries.claim_invitation(session, token, telegram_id, now)
    if claimed is not None:
        await grant_coordinator(
            session, telegram_id, claimed.kecamatan_code, claimed.created_by, now
        )
        return InvitationOutcome.ACCEPTED, claimed
    found = await queries.invitation(session, token)
    if found is None:
        return InvitationOutcome.UNKNOWN, None
    if found.revoked_at is not None:
        return InvitationOutcome.REVOKED, found
    if found.used_at is not None:
        return InvitationOutcome.USED, found
    return InvitationOutcome.EXPIRED, found


def invitation_token(payload: str) -> str | None:
    """The token of an invitation deep link, or None when it cannot be one."""
    token = payload.removeprefix(INVITATION_PREFIX)
    return token if _INVITATION_TOKEN.fullmatch(token) else None


def is_invitation_payload(payload: str | None) -> bool:
    return bool(payload) and str(payload).startswith(INVITATION_PREFIX) and len(str(payload)) <= 64
