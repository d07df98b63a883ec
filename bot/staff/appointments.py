"""Admins appoint coordinators by one-time invitation links, list them and remove them.

Every method takes the caller's roles as they are now (bot/staff/coordination.py reads them for
each update) and refuses with no effect when the caller may not act.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import confirmations, roles
from bot.confirmations import Confirm
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import Role, Staff
from bot.screens import Reply, Response, Screen
from bot.screens.confirmations import expired
from bot.staff.screens import appointments as screens
from bot.staff.screens.appointments import CoordinatorLine, PendingLine
from bot.staff.screens.coordination import admins_only
from storage.models import Invitation, StaffRole
from storage.queries import audit, participants
from storage.queries import roles as queries


@dataclass(frozen=True)
class Changed:
    """A response, and the Telegram users whose roles changed (their command menus follow)."""

    response: Response
    roles_of: tuple[int, ...] = ()


def _usable(invitation: Invitation | None, now: datetime) -> bool:
    return (
        invitation is not None
        and invitation.used_at is None
        and invitation.revoked_at is None
        and invitation.expires_at > now
    )


def _audited(
    session: AsyncSession, now: datetime, action: str, invitation: Invitation, staff: Staff
) -> None:
    """An invitation accepted or cancelled, in the audit log: its kecamatan, and by whom."""
    audit.record(session, now, action, None, invitation.kecamatan_code, by=staff.telegram_id)


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


@dataclass(eq=False)
class Appointments:
    reference: Reference
    clock: Callable[[], datetime]

    def _name(self, code: str | None) -> str:
        found = self.reference.kecamatan_by_code(code or "")
        return found.name if found else code or ""

    async def invite(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, code: str, bot_username: str
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return Response(alert=admins_only(t))
        if self.reference.kecamatan_by_code(code) is None:
            return Response(alert=screens.gone(t))
        invitation = await roles.create_invitation(session, code, staff.telegram_id, self.clock())
        url = deep_link(bot_username, roles.invitation_payload(invitation))
        name = self._name(code)
        return Response(
            [
                Reply(screens.invitation_created(t, name, invitation.expires_at), edit=True),
                Reply(screens.invitation_message(t, name, url, invitation.expires_at)),
            ]
        )

    async def accept(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, payload: str
    ) -> Changed:
        t = speaker.t
        now = self.clock()
        token = roles.invitation_token(payload)
        pending = await queries.invitation(session, token) if token else None
        mine = pending is not None and pending.used_by == staff.telegram_id
        if (
            pending
            and (mine or _usable(pending, now))
            and pending.kecamatan_code in staff.kecamatan
        ):
            # Their own link tapped again, or a spare one: keep a spare link for someone else.
            return Changed(
                Response(
                    [Reply(screens.already_coordinator(t, self._name(pending.kecamatan_code)))]
                )
            )
        outcome, invitation = await roles.accept_invitation(
            session, payload, staff.telegram_id, now
        )
        if outcome is not roles.InvitationOutcome.ACCEPTED or invitation is None:
            return Changed(Response([Reply(Screen(screens.invitation_refused(t, outcome)))]))
        _audited(session, now, "invitation.accepted", invitation, staff)
        name = self._name(invitation.kecamatan_code)
        return Changed(Response([Reply(screens.accepted(t, name))]), (staff.telegram_id,))

    async def listing(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, page: int, edit: bool
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return (
                Response(alert=admins_only(t))
                if edit
                else Response([Reply(Screen(admins_only(t)))])
            )
        lines = [await self._line(session, r) for r in await queries.active_coordinators(session)]
        pending = [
            PendingLine(i.token, self._name(i.kecamatan_code), i.expires_at)
            for i in await queries.pending_invitations(session, self.clock())
        ]
        return Response([Reply(screens.coordinator_list(t, lines, pending, page), edit=edit)])

    async def _line(self, session: AsyncSession, role: StaffRole) -> CoordinatorLine:
        person = await participants.by_telegram_id(session, role.telegram_user_id)
        return CoordinatorLine(
            role.id,
            role.telegram_user_id,
            person.display_name if person else None,
            self._name(role.kecamatan_code),
            role.granted_at,
        )

    async def _active_coordinator(self, session: AsyncSession, role_id: int) -> StaffRole | None:
        role = await queries.role_by_id(session, role_id)
        if role is None or role.revoked_at is not None or role.role != Role.COORDINATOR:
            return None
        return role

    async def ask_revoke(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, role_id: int
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return Response(alert=admins_only(t))
        role = await self._active_coordinator(session, role_id)
        if role is None:
            return Response(alert=screens.gone(t))
        line = await self._line(session, role)
        nonce = await confirmations.offer(
            session, staff.telegram_id, Confirm.COORDINATOR, str(role_id), self.clock()
        )
        return Response([Reply(screens.confirm_revoke(t, line, nonce), edit=True)])

    async def keep(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, role_id: int, nonce: str
    ) -> Response:
        """The "No" of the removal's confirmation: back to the list."""
        if not staff.is_admin:
            return Response(alert=admins_only(speaker.t))
        if not await self._confirmed(session, staff, role_id, nonce):
            return Response(alert=expired(speaker.t))
        return await self.listing(session, speaker, staff, 0, edit=True)

    async def revoke(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, role_id: int, nonce: str
    ) -> Changed:
        t = speaker.t
        if not staff.is_admin:
            return Changed(Response(alert=admins_only(t)))
        if not await self._confirmed(session, staff, role_id, nonce):
            return Changed(Response(alert=expired(t)))
        role = await self._active_coordinator(session, role_id)
        if role is None:
            return Changed(Response(alert=screens.gone(t)))
        line = await self._line(session, role)
        await roles.revoke_role(session, role.id, staff.telegram_id, self.clock())
        return Changed(
            Response([Reply(screens.revoked(t, line), edit=True)]), (role.telegram_user_id,)
        )

    async def _confirmed(
        self, session: AsyncSession, staff: Staff, role_id: int, nonce: str
    ) -> bool:
        kind, now = Confirm.COORDINATOR, self.clock()
        return await confirmations.take(session, staff.telegram_id, kind, str(role_id), nonce, now)

    async def cancel_invitation(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, token: str
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return Response(alert=admins_only(t))
        now = self.clock()
        cancelled = await queries.cancel_invitation(session, token, now)
        if cancelled is None:
            return Response(alert=screens.gone(t))
        _audited(session, now, "invitation.cancelled", cancelled, staff)
        name = self._name(cancelled.kecamatan_code)
        return Response([Reply(screens.invitation_cancelled(t, name), edit=True)])
