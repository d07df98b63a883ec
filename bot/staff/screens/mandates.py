"""/mandat: representatives waiting for their coordinator's word, one card each, and the
notice the representative gets. Callback layout: bot/staff/mandates.py."""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Keyboard, Screen, esc
from bot.staff.screens.rekap import shorten

PER_PAGE = 5
# A page of the longest names, groups and desa still fits a phone screen: the card shows all.
NAME_WIDTH, GROUP_WIDTH, DESA_WIDTH = 20, 24, 16
CONFIRMED = "confirmed"


def g(*fields: str | int) -> str:
    return cb.encode(Kind.MANDATE, *fields)


@dataclass(frozen=True)
class Representative:
    """One representative as a coordinator sees them (names are shown to their coordinator)."""

    id: int
    name: str
    group: str | None
    headcount: str  # "40 people", already in the reader's language
    desa: str
    mandate: str | None  # "confirmed" | "declined" | None


def symbol(mandate: str | None) -> str:
    if mandate == CONFIRMED:
        return "✔"
    return "⏳" if mandate is None else "✖"


def mark(t: Translator, mandate: str | None) -> str:
    if mandate == CONFIRMED:
        return t("✔ mandate confirmed")
    if mandate is not None:
        return t("✖ mandate declined")
    return t("⏳ waiting")


def _line(t: Translator, r: Representative) -> str:
    group = esc(shorten(r.group, GROUP_WIDTH)) if r.group else t("no group given")
    name, desa = esc(shorten(r.name, NAME_WIDTH)), esc(shorten(r.desa, DESA_WIDTH))
    return f"{symbol(r.mandate)} <b>{name}</b> · {group} · {r.headcount} · {desa}"


def listing(t: Translator, shown: list[Representative], page: int, total: int) -> Screen:
    if total == 0:
        return Screen(t("No representatives have registered in your kecamatan yet."))
    lines = [
        t("<b>🤝 Mandates of representatives</b>"),
        t("Does each one really speak for this group and this many people? Tap a name."),
        " · ".join(mark(t, m) for m in (None, CONFIRMED, "declined")),
        "",
        *(_line(t, r) for r in shown),
    ]
    keyboard: Keyboard = [[Button(shorten(r.name, NAME_WIDTH), g("o", r.id))] for r in shown]
    pages = -(-total // PER_PAGE)
    pager = [
        Button(label, g("l", target))
        for label, target in (("◀️", page - 1), ("▶️", page + 1))
        if 0 <= target < pages
    ]
    if pager:
        keyboard.append(pager)
    return Screen("\n".join(lines), keyboard)


def card(t: Translator, r: Representative, saved: str | None = None) -> Screen:
    lines = [saved, ""] if saved else []
    lines += [
        t("<b>{name}</b> speaks for:", name=esc(r.name)),
        t("Group: {group}", group=esc(r.group) if r.group else t("no group given")),
        t("People represented: {count}", count=r.headcount),
        t("Desa: {desa}", desa=esc(r.desa)),
        t("Mandate: {mark}", mark=mark(t, r.mandate)),
        "",
        t("Confirm only if you know they speak for this group and this many people."),
    ]
    keyboard: Keyboard = [
        [
            Button(t("✔ Confirm"), g("c", r.id)),
            Button(t("✖ Decline"), g("d", r.id)),
        ],
        [Button(t("⬅️ All representatives"), g("l", 0))],
    ]
    return Screen("\n".join(lines), keyboard)


def decision_saved(t: Translator, mandate: str) -> str:
    if mandate == CONFIRMED:
        return t("✅ Saved: mandate confirmed. We tell the representative.")
    return t("✅ Saved: mandate declined. We tell the representative.")


def unchanged(t: Translator) -> str:
    return t("That is already the decision: nothing changed.")


def not_allowed(t: Translator) -> str:
    return t("Only the coordinator of this representative's kecamatan or an admin can do this.")


def not_for_yourself(t: Translator) -> str:
    return t("Your own mandate is confirmed by another coordinator or an admin.")


def not_found(t: Translator) -> str:
    return t("This representative is no longer registered.")


def notice(t: Translator, mandate: str, group: str | None, headcount: str) -> Screen:
    """What the representative is told, in their language."""
    group_text = esc(group) if group else t("your group")
    if mandate == CONFIRMED:
        text = t(
            "🤝 Your kecamatan coordinator has confirmed that you speak for {group} "
            "({count}). It is marked with your proposals. Thank you!",
            group=group_text,
            count=headcount,
        )
    else:
        text = t(
            "Your kecamatan coordinator could not confirm that you speak for {group} "
            "({count}). Your proposals still count. If this is a mistake, talk to your "
            "coordinator, or correct your group and number in /profil.",
            group=group_text,
            count=headcount,
        )
    return Screen(text)
