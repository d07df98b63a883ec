"""The participant's profile card and the data-rights screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answer_text import answer_text
from bot.dialogue.model import OptionContext
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import Translator
from bot.screens import Button, Screen, rows


def profile(ctx: OptionContext) -> Screen:
    t = ctx.t
    steps = [s for s in REGISTRATION.steps if s.shown(ctx.answers)]
    lines = [t("<b>Your profile</b>")]
    for step in steps:
        value = ctx.answers.get(step.id)
        shown = answer_text(step, value, ctx)
        if step.id == "naming" and value is None:
            shown = t("No (not chosen yet)")
        lines.append(f"<b>{t(step.summary)}:</b> {shown}")
    lines.append(t("Tap what you want to change."))
    buttons = [Button(t(step.summary), cb.encode(Kind.PROFILE, step.id)) for step in steps]
    return Screen("\n".join(lines), rows(buttons, 2))


def registered_recap(ctx: OptionContext) -> str:
    """One line after a first registration: who, where, as what."""
    a = ctx.answers
    by_id = {s.id: s for s in REGISTRATION.steps}
    desa, kecamatan, role = (
        answer_text(by_id[k], a.get(k), ctx) for k in ("desa", "kecamatan", "role")
    )
    return ctx.t(
        "✅ Registered: {name} · {desa}, Kec. {kecamatan} · {role}. Now, your proposal:",
        name=answer_text(by_id["name"], a.get("name"), ctx),
        desa=desa,
        kecamatan=kecamatan,
        role=role,
    )


def profile_saved(t: Translator) -> str:
    return t("✅ Your profile is saved.")


def confirm_erase(t: Translator, nonce: str) -> Screen:
    text = t(
        "<b>Erase your personal data?</b>\n\n"
        "We erase for good your name, group and role, your Telegram user ID "
        "(also from our records of broadcasts and of what you did), your unfinished proposal, "
        "and the places (map points and typed addresses) and photos of your proposals.\n\n"
        "Your proposals stay as anonymous contributions: their text, kecamatan and desa, "
        "under a new code that no longer leads to you. This cannot be undone."
    )
    keyboard = [
        [
            Button(t("Yes, erase"), cb.encode(Kind.ERASE, "yes", nonce)),
            Button(t("No"), cb.encode(Kind.ERASE, "no", nonce)),
        ]
    ]
    return Screen(text, keyboard)


def erased(t: Translator, proposals_kept: int, role_ended: bool) -> str:
    lines = [
        t(
            "Your personal data is erased: name, group, role, Telegram user ID, "
            "unfinished proposal, places and photos."
        )
    ]
    if proposals_kept:
        lines.append(
            t.n(
                "Your {count} proposal stays as an anonymous contribution "
                "(text, kecamatan and desa only).",
                "Your {count} proposals stay as anonymous contributions "
                "(text, kecamatan and desa only).",
                proposals_kept,
            )
        )
    if role_ended:
        lines.append(t("Your coordinator role has ended with it."))
    lines.append(t("Thank you for taking part! If you want to join again, send /start."))
    return "\n\n".join(lines)


def erase_kept(t: Translator) -> str:
    return t("Nothing was erased.")


@dataclass(frozen=True)
class MyData:
    """What /datasaya found, counted for the summary under the file."""

    participant: bool  # False: staff who never took part as a participant
    registered_at: datetime | None
    proposals: int
    status_changes: int
    unfinished: bool
    received: int
    subscribed: bool
    photos: int
    staff_roles: int
    activity: int
    compared: int = 0  # pairs of proposals compared ("A atau B?")


def my_data_summary(t: Translator, d: MyData) -> str:
    """The file's caption: what it holds, in words (≤ 600 characters in both languages)."""
    lines = [t("<b>Here is everything Rembug stores about you:</b>")]
    if d.participant:
        lines += _as_participant(t, d)
    if d.unfinished:
        lines.append(t("answers you have not sent yet"))
    if d.staff_roles:
        lines.append(
            t.n(
                "{count} staff role (coordinator or admin)",
                "{count} staff roles (coordinator or admin)",
                d.staff_roles,
            )
        )
    lines.append(
        t.n("{count} record of your activity", "{count} records of your activity", d.activity)
    )
    bullets = [lines[0], *(f"• {line}" for line in lines[1:])]
    return "\n".join([*bullets, t("/hapusdata erases your personal data.")])


def _as_participant(t: Translator, d: MyData) -> list[str]:
    if d.registered_at is not None:
        profile = t("your profile, registered on {date}", date=t.date(d.registered_at))
    else:
        profile = t("your profile (registration not finished)")
    proposals = t.n("{count} proposal", "{count} proposals", d.proposals)
    if d.status_changes:
        changes = t.n("{count} status change", "{count} status changes", d.status_changes)
        proposals = f"{proposals} ({changes})"
    received = t.n("{count} broadcast received", "{count} broadcasts received", d.received)
    choice = t("you receive them") if d.subscribed else t("you stopped them with /berhenti")
    lines = [profile, proposals, f"{received}; {choice}"]
    if d.compared:
        lines.append(
            t.n(
                "{count} pair of proposals compared (A or B?)",
                "{count} pairs of proposals compared (A or B?)",
                d.compared,
            )
        )
    if d.photos:
        photos = t.n("{count} photo", "{count} photos", d.photos)
        lines.append(t("{photos}: Telegram keeps them, we store their file codes", photos=photos))
    return lines


def nothing_stored(t: Translator) -> str:
    return t("We store nothing about you. Send /start to take part.")
