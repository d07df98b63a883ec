"""Admins appoint coordinators and perangkat daerah (OPD) staff by one-time invitation links,
list them and remove them.

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
from bot.i18n import Translator
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import Role, Staff
from bot.screens import Document, Reply, Response, Screen
from bot.screens.confirmations import expired
from bot.staff.qr import poster_png
from bot.staff.screens import appointments as screens
from bot.staff.screens import opd_appointments as opd_screens
from bot.staff.screens.appointments import PendingLine, StaffLine
from bot.staff.screens.coordination import admins_only
from storage.models import Invitation, StaffRole
from storage.queries import audit, participants
from storage.queries import roles as queries

CONFIRMS = {Role.COORDINATOR: Confirm.COORDINATOR, Role.OPD: Confirm.OPD_STAFF}


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
    """An invitation accepted or cancelled, in the audit log: what it was for, and by whom."""
    audit.record(session, now, action, None, roles.role_scope(invitation), by=staff.telegram_id)


def _role_of(invitation: Invitation) -> Role:
    return Role.OPD if invitation.opd_code else Role.COORDINATOR


def _holds(staff: Staff, invitation: Invitation) -> bool:
    """The person already holds what the invitation is for."""
    if invitation.opd_code:
        return staff.serves(invitation.opd_code)
    return invitation.kecamatan_code in staff.kecamatan


def _refuse(text: str, from_button: bool) -> Response:
    return Response(alert=text) if from_button else Response([Reply(Screen(text))])


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


@dataclass(eq=False)
class Appointments:
    reference: Reference
    clock: Callable[[], datetime]

    def _unit(self, role: Role, code: str | None) -> tuple[str, str]:
        """(short, full) name of a kecamatan or an OPD, as lists and messages show it."""
        if role is Role.OPD:
            agency = self.reference.agency(code or "")
            return (agency.code, agency.name) if agency else (code or "", code or "")
        found = self.reference.kecamatan_by_code(code or "")
        name = found.name if found else code or ""
        return name, name

    def _invitation_unit(self, invitation: Invitation) -> tuple[str, str]:
        role = _role_of(invitation)
        return self._unit(role, invitation.opd_code or invitation.kecamatan_code)

    # --- inviting --------------------------------------------------------------------------

    def _known(self, role: Role, code: str) -> str | None:
        """The full name of the kecamatan or OPD `code` (from callback data), None if unknown."""
        if role is Role.OPD:
            agency = self.reference.agency(code)
            return agency.name if agency is not None and agency.key == code else None
        kecamatan = self.reference.kecamatan_by_code(code)
        return kecamatan.name if kecamatan is not None else None

    def opd_picker(self, speaker: Speaker, staff: Staff, page: int, edit: bool) -> Response:
        """/undang_opd: which perangkat daerah the new staff member will serve."""
        if not staff.is_admin:
            return _refuse(admins_only(speaker.t), edit)
        agencies = sorted(self.reference.agencies, key=lambda a: a.name)
        return Response([Reply(opd_screens.agency_picker(speaker.t, agencies, page), edit=edit)])

    async def invite(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        role: Role,
        code: str,
        bot_username: str,
    ) -> Response:
        """An invitation for the kecamatan or OPD `code`: a note for the admin, the
        forwardable link, and for an OPD its QR code (to show across a table)."""
        t = speaker.t
        if not staff.is_admin:
            return Response(alert=admins_only(t))
        name = self._known(role, code)
        if name is None:
            return Response(alert=screens.gone(t, role))
        now, by = self.clock(), staff.telegram_id
        if role is Role.OPD:
            invitation = await roles.create_invitation(session, None, by, now, opd_code=code)
        else:
            invitation = await roles.create_invitation(session, code, by, now)
        url = deep_link(bot_username, roles.invitation_payload(invitation))
        until = invitation.expires_at
        replies = [
            Reply(screens.invitation_created(t, role, name, until), edit=True),
            Reply(screens.invitation_message(t, role, name, url, until)),
        ]
        if role is Role.OPD:
            filename = f"rembug-undangan-{code.lower()}.png"
            poster = Document(filename, poster_png(url), opd_screens.qr_caption(t, name))
            replies.append(Reply(Screen(""), document=poster))
        return Response(replies)

    # --- accepting -------------------------------------------------------------------------

    async def accept(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, payload: str
    ) -> Changed:
        t = speaker.t
        now = self.clock()
        token = roles.invitation_token(payload)
        pending = await queries.invitation(session, token) if token else None
        mine = pending is not None and pending.used_by == staff.telegram_id
        if pending and (mine or _usable(pending, now)) and _holds(staff, pending):
            # Their own link tapped again, or a spare one: keep a spare link for someone else.
            return Changed(Response([Reply(self._already(t, pending))]))
        outcome, invitation = await roles.accept_invitation(
            session, payload, staff.telegram_id, now
        )
        if outcome is not roles.InvitationOutcome.ACCEPTED or invitation is None:
            return Changed(Response([Reply(Screen(screens.invitation_refused(t, outcome)))]))
        _audited(session, now, "invitation.accepted", invitation, staff)
        welcome = self._welcome(t, invitation, staff)
        return Changed(Response([Reply(welcome)]), (staff.telegram_id,))

    def _already(self, t: Translator, invitation: Invitation) -> Screen:
        name = self._invitation_unit(invitation)[1]
        if invitation.opd_code:
            return opd_screens.already_staff(t, name)
        return screens.already_coordinator(t, name)

    def _welcome(self, t: Translator, invitation: Invitation, before: Staff) -> Screen:
        """`before`: the roles held until now (an OPD served before is given up)."""
        name = self._invitation_unit(invitation)[1]
        if not invitation.opd_code:
            return screens.accepted(t, name)
        previous = self._unit(Role.OPD, before.opd)[1] if before.opd else None
        return opd_screens.accepted(t, name, previous)

    # --- the lists, removing, cancelling ----------------------------------------------------

    async def listing(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        role: Role,
        page: int,
        edit: bool,
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return _refuse(admins_only(t), edit)
        if role is Role.OPD:
            held = await queries.active_opd_members(session)
        else:
            held = await queries.active_coordinators(session)
        lines = [await self._line(session, r) for r in held]
        invited = await queries.pending_invitations(session, self.clock(), role=role.value)
        pending = [PendingLine(i.token, self._invitation_unit(i)[0], i.expires_at) for i in invited]
        return Response([Reply(screens.staff_list(t, role, lines, pending, page), edit=edit)])

    async def _line(self, session: AsyncSession, role: StaffRole) -> StaffLine:
        person = await participants.by_telegram_id(session, role.telegram_user_id)
        short, full = self._unit(Role(role.role), role.opd_code or role.kecamatan_code)
        return StaffLine(
            role.id,
            role.telegram_user_id,
            person.display_name if person else None,
            short,
            role.granted_at,
            full,
        )

    async def _active(self, session: AsyncSession, role: Role, role_id: int) -> StaffRole | None:
        found = await queries.role_by_id(session, role_id)
        if found is None or found.revoked_at is not None or found.role != role:
            return None
        return found

    async def ask_revoke(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, role: Role, role_id: int
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return Response(alert=admins_only(t))
        held = await self._active(session, role, role_id)
        if held is None:
            return Response(alert=screens.gone(t, role))
        line = await self._line(session, held)
        nonce = await confirmations.offer(
            session, staff.telegram_id, CONFIRMS[role], str(role_id), self.clock()
        )
        return Response([Reply(screens.confirm_revoke(t, role, line, nonce), edit=True)])

    async def decide(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        target: tuple[Role, int],
        nonce: str,
        remove: bool,
    ) -> Changed:
        """The removal's confirmation, `target` (role, role id): "Yes" removes, "No" goes back
        to the list; either only with the newest confirmation's nonce."""
        t, (role, role_id) = speaker.t, target
        if not staff.is_admin:
            return Changed(Response(alert=admins_only(t)))
        if not await self._confirmed(session, staff, role, role_id, nonce):
            return Changed(Response(alert=expired(t)))
        if not remove:
            return Changed(await self.listing(session, speaker, staff, role, 0, edit=True))
        held = await self._active(session, role, role_id)
        if held is None:
            return Changed(Response(alert=screens.gone(t, role)))
        line = await self._line(session, held)
        await roles.revoke_role(session, held.id, staff.telegram_id, self.clock())
        revoked = screens.revoked(t, role, line)
        return Changed(Response([Reply(revoked, edit=True)]), (held.telegram_user_id,))

    async def _confirmed(
        self, session: AsyncSession, staff: Staff, role: Role, role_id: int, nonce: str
    ) -> bool:
        kind, now = CONFIRMS[role], self.clock()
        return await confirmations.take(session, staff.telegram_id, kind, str(role_id), nonce, now)

    async def cancel_invitation(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, role: Role, token: str
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return Response(alert=admins_only(t))
        found = await queries.invitation(session, token)
        if found is None or found.role != role:
            return Response(alert=screens.gone(t, role))
        now = self.clock()
        cancelled = await queries.cancel_invitation(session, token, now)
        if cancelled is None:
            return Response(alert=screens.gone(t, role))
        _audited(session, now, "invitation.cancelled", cancelled, staff)
        name = self._invitation_unit(cancelled)[1]
        return Response([Reply(screens.invitation_cancelled(t, role, name), edit=True)])
