"""Appointing perangkat daerah (OPD) staff: choosing the OPD, the invitation, accepting it,
and the words of the OPD staff list (its layout is shared with the coordinators' list)."""

from __future__ import annotations

from bot.i18n import Translator
from bot.reference import Agency
from bot.screens import Button, Keyboard, Screen, esc
from bot.staff.screens.coordination import k

AGENCIES_PER_PAGE = 8


def agency_picker(t: Translator, agencies: list[Agency], page: int) -> Screen:
    """One OPD per row (their names are long), a page at a time; a button is k:io:<key>."""
    count = max(1, -(-len(agencies) // AGENCIES_PER_PAGE))
    page = min(max(page, 0), count - 1)
    shown = agencies[page * AGENCIES_PER_PAGE : (page + 1) * AGENCIES_PER_PAGE]
    keyboard: Keyboard = [[Button(a.name, k("io", a.key))] for a in shown]
    pager = [
        Button(label, k("po", target))
        for label, target in (("◀️", page - 1), ("▶️", page + 1))
        if 0 <= target < count
    ]
    if pager:
        keyboard.append(pager)
    keyboard.append([Button(t("⬅️ Menu"), k("menu"))])
    prompt = t(
        "Which perangkat daerah will the new staff member serve? (page {page} of {count})",
        page=page + 1,
        count=count,
    )
    return Screen(prompt, keyboard)


def invitation_created_text(t: Translator, opd: str, until: str) -> str:
    return t(
        "✅ Invitation for a staff member of {name} created. Forward the next message (or "
        "show its QR code) to that person. The link works <b>once</b>, until {until}.",
        name=esc(opd),
        until=until,
    )


def invitation_message_text(t: Translator, opd: str, url: str, until: str) -> str:
    """Written to the invitee, since the admin forwards it as it is."""
    return t(
        "You are invited to answer for <b>{name}</b> in Rembug, the bot of Kabupaten Bekasi's "
        "smart city consultation: you will see the residents' proposals for {name} and give "
        "its tanggapan. Open this link in Telegram to accept (valid once, until {until}):\n{url}",
        name=esc(opd),
        until=until,
        url=esc(url),
    )


def qr_caption(t: Translator, opd: str) -> str:
    return t(
        "QR code of the invitation for {name}: scanning it opens the same one-time link.",
        name=esc(opd),
    )


def accepted(t: Translator, opd: str, previous: str | None) -> Screen:
    lines = [
        t(
            "✅ Welcome! You are now staff of {name} in Rembug. Open /meja to see the "
            "residents' proposals for {name}, unanswered first, and give your tanggapan.",
            name=esc(opd),
        )
    ]
    if previous:
        lines.append(t("You no longer answer for {name}.", name=esc(previous)))
    lines.append(t("/bantuan lists your commands."))
    return Screen("\n\n".join(lines))


def already_staff(t: Translator, opd: str) -> Screen:
    return Screen(
        t(
            "You are already staff of {name}. Open /meja to see its proposals.",
            name=esc(opd),
        )
    )


# --- the list's words (layout: bot/staff/screens/appointments.py) ------------------------


def list_title(t: Translator) -> str:
    return t("<b>🏛 Perangkat daerah staff</b>")


def list_empty(t: Translator) -> str:
    return t("No perangkat daerah staff yet. Invite them with /undang_opd.")


def list_button(t: Translator) -> str:
    return t("🏛 OPD staff")


def confirm_revoke_text(t: Translator, who: str, opd: str) -> str:
    return t(
        "Remove {who} from the staff of {name}? They lose access to its proposals at once.",
        who=who,
        name=esc(opd),
    )


def revoked_text(t: Translator, who: str, opd: str) -> str:
    return t("{who} is no longer staff of {name}.", who=who, name=esc(opd))


def invitation_cancelled_text(t: Translator, opd: str) -> str:
    return t(
        "The invitation for {name} is cancelled; its link no longer works.",
        name=esc(opd),
    )
