"""Appointing coordinators and OPD staff: invitation links, the staff lists, removing one.

Both lists share one layout; the OPD's own words are in opd_appointments.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import N_, Translator
from bot.roles import InvitationOutcome, Role
from bot.screens import Button, Keyboard, Screen, esc
from bot.staff.screens import opd_appointments as opd
from bot.staff.screens.coordination import k

# A full page, names of 60 characters and a few invitations still fit a phone screen.
STAFF_PER_PAGE = 5
PENDING_SHOWN = 3
NAME_SHOWN = 32


# An OPD's sentence about one of its staff: (t, the person as a mention, the OPD's name).
OpdWords = Callable[[Translator, str, str], str]


@dataclass(frozen=True)
class Actions:
    """The callback actions of one staff list (kind "k", layout in bot/staff/coordination.py)."""

    page: str
    ask: str
    yes: str
    no: str
    cancel: str


ACTIONS = {
    Role.COORDINATOR: Actions("cl", "rv", "ry", "rn", "xi"),
    Role.OPD: Actions("ol", "ov", "oy", "on", "xo"),
}


@dataclass(frozen=True)
class StaffLine:
    role_id: int
    telegram_id: int
    name: str | None  # the participant's display name, when they registered as one
    unit: str  # short: the kecamatan's name, or the OPD's singkatan
    since: datetime
    unit_name: str = ""  # in full: the OPD's name (the kecamatan's is already `unit`)

    @property
    def full_unit(self) -> str:
        return self.unit_name or self.unit


@dataclass(frozen=True)
class PendingLine:
    token: str
    unit: str
    expires_at: datetime


def label(t: Translator, line: StaffLine) -> str:
    """Plain text: the participant name if they registered, else their Telegram id."""
    return line.name or t("user {id}", id=line.telegram_id)


def who(t: Translator, line: StaffLine, shortened: bool = False) -> str:
    """A mention: tapping it opens the person's Telegram profile (the whole name is there)."""
    name = label(t, line)
    if shortened and len(name) > NAME_SHOWN:
        name = name[: NAME_SHOWN - 1] + "…"
    return f'<a href="tg://user?id={line.telegram_id}">{esc(name)}</a>'


def invitation_created(t: Translator, role: Role, name: str, expires_at: datetime) -> Screen:
    """For the admin: `name` is the kecamatan's or the OPD's."""
    until = t.datetime(expires_at)
    if role is Role.OPD:
        text = opd.invitation_created_text(t, name, until)
    else:
        text = t(
            "✅ Invitation for a coordinator of Kecamatan {name} created. Forward the next "
            "message to that person. The link works <b>once</b>, until {until}.",
            name=esc(name),
            until=until,
        )
    return Screen(text, [[Button(t("⬅️ Menu"), k("menu"))]])


def invitation_message(
    t: Translator, role: Role, name: str, url: str, expires_at: datetime
) -> Screen:
    """Written to the invitee, since the admin forwards it as it is."""
    until = t.datetime(expires_at)
    if role is Role.OPD:
        text = opd.invitation_message_text(t, name, url, until)
    else:
        text = t(
            "You are invited to be a <b>coordinator of Kecamatan {name}</b> in Rembug, the bot "
            "of Kabupaten Bekasi's smart city consultation. Open this link in Telegram to "
            "accept (valid once, until {until}):\n{url}",
            name=esc(name),
            until=until,
            url=esc(url),
        )
    return Screen(text, [[Button(t("✅ Accept the invitation"), url=url)]])


def accepted(t: Translator, kecamatan: str) -> Screen:
    text = t(
        "✅ Welcome! You are now a coordinator of Kecamatan {name}. Your tools: the link and "
        "QR code that bring participants in, and the progress of every desa.",
        name=esc(kecamatan),
    )
    return Screen(text, [[Button(t("🧭 Coordinator menu"), k("menu"))]])


def already_coordinator(t: Translator, kecamatan: str) -> Screen:
    text = t(
        "You are already a coordinator of Kecamatan {name}.",
        name=esc(kecamatan),
    )
    return Screen(text, [[Button(t("🧭 Coordinator menu"), k("menu"))]])


def invitation_refused(t: Translator, outcome: InvitationOutcome) -> str:
    if outcome is InvitationOutcome.USED:
        return t(
            "This invitation link has already been used. Ask the admin who sent it for a new one."
        )
    if outcome is InvitationOutcome.EXPIRED:
        return t("This invitation link has expired. Ask the admin who sent it for a new one.")
    if outcome is InvitationOutcome.REVOKED:
        return t("This invitation link was cancelled by an admin. Ask them for a new one.")
    return t(
        "This invitation link is not valid. Check that you opened the whole link, or ask the "
        "admin for a new one."
    )


def _title(t: Translator, role: Role) -> str:
    return opd.list_title(t) if role is Role.OPD else t("<b>👥 Coordinators</b>")


def _empty(t: Translator, role: Role) -> str:
    if role is Role.OPD:
        return opd.list_empty(t)
    return t("No coordinators yet. Invite one with /undang_koordinator.")


def back_to_list(t: Translator, role: Role) -> Button:
    label = opd.list_button(t) if role is Role.OPD else t("👥 Coordinators")
    return Button(label, k(ACTIONS[role].page, 0))


def staff_list(
    t: Translator, role: Role, members: list[StaffLine], pending: list[PendingLine], page: int
) -> Screen:
    """Coordinators or OPD staff, a page at a time, then the invitations not used yet."""
    actions = ACTIONS[role]
    count = max(1, -(-len(members) // STAFF_PER_PAGE))
    page = min(max(page, 0), count - 1)
    shown = members[page * STAFF_PER_PAGE : (page + 1) * STAFF_PER_PAGE]
    lines = [_title(t, role)]
    if not members:
        lines.append(_empty(t, role))
    lines += [
        t(
            "{kecamatan}: {who} (since {date})",
            kecamatan=esc(c.unit),
            who=who(t, c, shortened=True),
            date=t.date(c.since),
        )
        for c in shown
    ]
    keyboard: Keyboard = [
        [
            Button(
                t("✖️ {kecamatan}: {name}", kecamatan=c.unit, name=label(t, c)),
                k(actions.ask, c.role_id),
            )
        ]
        for c in shown
    ]
    if pending:
        lines += ["", t("<b>Invitations not used yet</b>")]
        lines += [
            t(
                "{kecamatan}: valid until {until}",
                kecamatan=esc(p.unit),
                until=t.date(p.expires_at),
            )
            for p in pending[:PENDING_SHOWN]
        ]
        if len(pending) > PENDING_SHOWN:
            lines.append(t("… and {count} more", count=t.number(len(pending) - PENDING_SHOWN)))
        keyboard += [
            [
                Button(
                    t("🚫 Cancel invitation: {kecamatan}", kecamatan=p.unit),
                    k(actions.cancel, p.token),
                )
            ]
            for p in pending[:PENDING_SHOWN]
        ]
    pager = [
        Button(label, k(actions.page, target))
        for label, target in (("◀️", page - 1), ("▶️", page + 1))
        if 0 <= target < count
    ]
    if pager:
        keyboard.append(pager)
    keyboard.append([Button(t("⬅️ Menu"), k("menu"))])
    return Screen("\n".join(lines), keyboard)


def _about(t: Translator, role: Role, line: StaffLine, opd_words: OpdWords, msgid: str) -> str:
    """A sentence about a staff member: the OPD's words, or a coordinator's `msgid`."""
    if role is Role.OPD:
        return opd_words(t, who(t, line), line.full_unit)
    return t(msgid, who=who(t, line), kecamatan=esc(line.unit))


CONFIRM_REMOVAL = N_(
    "Remove {who} as coordinator of Kecamatan {kecamatan}? They lose access at once."
)
REMOVED = N_("{who} is no longer a coordinator of Kecamatan {kecamatan}.")


def confirm_revoke(t: Translator, role: Role, line: StaffLine, nonce: str) -> Screen:
    text = _about(t, role, line, opd.confirm_revoke_text, CONFIRM_REMOVAL)
    actions = ACTIONS[role]
    keyboard = [
        [
            Button(t("Yes, remove"), k(actions.yes, line.role_id, nonce)),
            Button(t("No"), k(actions.no, line.role_id, nonce)),
        ]
    ]
    return Screen(text, keyboard)


def revoked(t: Translator, role: Role, line: StaffLine) -> Screen:
    text = _about(t, role, line, opd.revoked_text, REMOVED)
    return Screen(text, [[back_to_list(t, role)]])


def invitation_cancelled(t: Translator, role: Role, name: str) -> Screen:
    if role is Role.OPD:
        text = opd.invitation_cancelled_text(t, name)
    else:
        text = t(
            "The invitation for Kecamatan {name} is cancelled; its link no longer works.",
            name=esc(name),
        )
    return Screen(text, [[back_to_list(t, role)]])


def gone(t: Translator, role: Role = Role.COORDINATOR) -> str:
    if role is Role.OPD:
        return t("This was changed meanwhile. Open /opd_list again.")
    return t("This was changed meanwhile. Open /koordinator_list again.")
