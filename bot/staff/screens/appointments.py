"""Appointing coordinators: invitation links, the list of coordinators, removing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.i18n import Translator
from bot.roles import InvitationOutcome
from bot.screens import Button, Keyboard, Screen, esc
from bot.staff.screens.coordination import k

COORDINATORS_PER_PAGE = 10


@dataclass(frozen=True)
class CoordinatorLine:
    role_id: int
    telegram_id: int
    name: str | None  # the participant's display name, when they registered as one
    kecamatan: str
    since: datetime


@dataclass(frozen=True)
class PendingLine:
    token: str
    kecamatan: str
    expires_at: datetime


def label(t: Translator, line: CoordinatorLine) -> str:
    """Plain text: the participant name if they registered, else their Telegram id."""
    return line.name or t("user {id}", id=line.telegram_id)


def who(t: Translator, line: CoordinatorLine) -> str:
    """A mention: tapping it opens the person's Telegram profile."""
    return f'<a href="tg://user?id={line.telegram_id}">{esc(label(t, line))}</a>'


def invitation_created(t: Translator, kecamatan: str, expires_at: datetime) -> Screen:
    return Screen(
        t(
            "✅ Invitation for a coordinator of Kecamatan {name} created. Forward the next "
            "message to that person. The link works <b>once</b>, until {until}.",
            name=esc(kecamatan),
            until=t.datetime(expires_at),
        ),
        [[Button(t("⬅️ Menu"), k("menu"))]],
    )


def invitation_message(t: Translator, kecamatan: str, url: str, expires_at: datetime) -> Screen:
    """Written to the invitee, since the admin forwards it as it is."""
    text = t(
        "You are invited to be a <b>coordinator of Kecamatan {name}</b> in Rembug, the bot of "
        "Kabupaten Bekasi's smart city consultation. Open this link in Telegram to accept "
        "(valid once, until {until}):\n{url}",
        name=esc(kecamatan),
        until=t.datetime(expires_at),
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


def coordinator_list(
    t: Translator, coordinators: list[CoordinatorLine], pending: list[PendingLine], page: int
) -> Screen:
    count = max(1, -(-len(coordinators) // COORDINATORS_PER_PAGE))
    page = min(max(page, 0), count - 1)
    shown = coordinators[page * COORDINATORS_PER_PAGE : (page + 1) * COORDINATORS_PER_PAGE]
    lines = [t("<b>👥 Coordinators</b>")]
    if not coordinators:
        lines.append(t("No coordinators yet. Invite one with /undang_koordinator."))
    lines += [
        t(
            "{kecamatan}: {who} (since {date})",
            kecamatan=esc(c.kecamatan),
            who=who(t, c),
            date=t.date(c.since),
        )
        for c in shown
    ]
    keyboard: Keyboard = [
        [
            Button(
                t("✖️ {kecamatan}: {name}", kecamatan=c.kecamatan, name=label(t, c)),
                k("rv", c.role_id),
            )
        ]
        for c in shown
    ]
    if pending:
        lines += ["", t("<b>Invitations not used yet</b>")]
        lines += [
            t(
                "{kecamatan}: valid until {until}",
                kecamatan=esc(p.kecamatan),
                until=t.datetime(p.expires_at),
            )
            for p in pending
        ]
        keyboard += [
            [
                Button(
                    t("🚫 Cancel invitation: {kecamatan}", kecamatan=p.kecamatan), k("xi", p.token)
                )
            ]
            for p in pending[:COORDINATORS_PER_PAGE]
        ]
    pager = [
        Button(label, k("cl", target))
        for label, target in (("◀️", page - 1), ("▶️", page + 1))
        if 0 <= target < count
    ]
    if pager:
        keyboard.append(pager)
    keyboard.append([Button(t("⬅️ Menu"), k("menu"))])
    return Screen("\n".join(lines), keyboard)


def confirm_revoke(t: Translator, line: CoordinatorLine, nonce: str) -> Screen:
    text = t(
        "Remove {who} as coordinator of Kecamatan {kecamatan}? They lose access at once.",
        who=who(t, line),
        kecamatan=esc(line.kecamatan),
    )
    keyboard = [
        [
            Button(t("Yes, remove"), k("ry", line.role_id, nonce)),
            Button(t("No"), k("rn", line.role_id, nonce)),
        ]
    ]
    return Screen(text, keyboard)


def revoked(t: Translator, line: CoordinatorLine) -> Screen:
    text = t(
        "{who} is no longer a coordinator of Kecamatan {kecamatan}.",
        who=who(t, line),
        kecamatan=esc(line.kecamatan),
    )
    return Screen(text, [[Button(t("👥 Coordinators"), k("cl", 0))]])


def invitation_cancelled(t: Translator, kecamatan: str) -> Screen:
    text = t(
        "The invitation for Kecamatan {name} is cancelled; its link no longer works.",
        name=esc(kecamatan),
    )
    return Screen(text, [[Button(t("👥 Coordinators"), k("cl", 0))]])


def gone(t: Translator) -> str:
    return t("This was changed meanwhile. Open /koordinator_list again.")
