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
    OPD = "opd"  # staff of one perangkat daerah: answers its proposals at the desk


@dataclass(frozen=True)
class Staff:
    """The roles a Telegram user holds right now."""

    telegram_id: int
    is_admin: bool = False
    kecamatan: frozenset[str] = field(default_factory=frozenset)
    opd: str | None = None  # the Agency.key of the one perangkat daerah they serve

    @property
    def is_coordinator(self) -> bool:
        return bool(self.kecamatan)

    @property
    def is_opd(self) -> bool:
        return self.opd is not None

    @property
    def is_staff(self) -> bool:
        return self.is_admin or self.is_coordinator or self.is_opd

    @property
    def uses_kecamatan_tools(self) -> bool:
        """Broadcasts, statistics, moderation, classification, rounds, the coordinator menu:
        admins and coordinators; staff of a perangkat daerah alone have their desk instead."""
        return self.is_admin or self.is_coordinator

    def serves(self, opd_code: str | None) -> bool:
        """May answer for this perangkat daerah: only its own staff (admins moderate, they
        do not answer in an OPD's name)."""
        return opd_code is not None and self.opd == opd_code

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
    opd = next((r.opd_code for r in held if r.role == Role.OPD and r.opd_code), None)
    return Staff(telegram_id, is_admin, kecamatan, opd)


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


async def grant_opd(
    session: AsyncSession, telegram_id: int, opd_code: str, by: int | None, now: datetime
) -> StaffRole:
    """A person serves one OPD at a time: a grant for another OPD ends the earlier one."""
    for role in await queries.active_roles(session, telegram_id):
        if role.role != Role.OPD:
            continue
        if role.opd_code == opd_code:
            return role
        await revoke_role(session, role.id, by, now)
    role = await queries.grant(session, telegram_id, Role.OPD.value, None, by, now, opd_code)
    audit.record(session, now, "role.granted", None, f"opd:{opd_code}", by=by, role_id=role.id)
    return role


async def grant_admin(session: AsyncSession, telegram_id: int, by: int, now: datetime) -> StaffRole:
    for role in await queries.active_roles(session, telegram_id):
        if role.role == Role.ADMIN:
            return role
    role = await queries.grant(session, telegram_id, Role.ADMIN.value, None, by, now)
    audit.record(session, now, "role.granted", None, "admin", by=by, role_id=role.id)
    return role


async def revoke_role(
    session: AsyncSession, role_id: int, by: int | None, now: datetime
) -> StaffRole | None:
    role = await queries.role_by_id(session, role_id)
    if role is None or role.revoked_at is not None:
        return None
    await queries.revoke(session, role, by, now)
    audit.record(session, now, "role.revoked", None, role_scope(role), by=by, role_id=role.id)
    return role


def role_scope(role: StaffRole | Invitation) -> str | None:
    """What a role or an invitation is for, as the audit log names it: a kecamatan code,
    "opd:<key>", or None for an admin."""
    return f"opd:{role.opd_code}" if role.opd_code else role.kecamatan_code


async def create_invitation(
    session: AsyncSession,
    kecamatan_code: str | None,
    by: int,
    now: datetime,
    ttl: timedelta = INVITATION_TTL,
    opd_code: str | None = None,
) -> Invitation:
    """A coordinator's invitation for a kecamatan, or with `opd_code` an OPD member's."""
    token = secrets.token_urlsafe(18)
    role = (Role.OPD if opd_code else Role.COORDINATOR).value
    invitation = queries.create_invitation(
        session, token, role, kecamatan_code, by, now, expires_at=now + ttl, opd_code=opd_code
    )
    audit.record(session, now, "invitation.created", None, role_scope(invitation), by=by)
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
        if claimed.opd_code:
            await grant_opd(session, telegram_id, claimed.opd_code, claimed.created_by, now)
        elif claimed.kecamatan_code:
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
