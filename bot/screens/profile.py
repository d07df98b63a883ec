"""The participant's profile card and the data-rights screens."""

from __future__ import annotations

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.model import OptionContext
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import Translator
from bot.screens import Button, Screen, rows
from bot.screens.answers import answer_text


def profile(ctx: OptionContext) -> Screen:
    t = ctx.t
    lines = [t("<b>Your profile</b>")]
    for step in REGISTRATION.steps:
        lines.append(
            f"<b>{t(step.summary)}:</b> {answer_text(step, ctx.answers.get(step.id), ctx)}"
        )
    lines.append(t("Tap what you want to change."))
    buttons = [
        Button(t(step.summary), cb.encode(Kind.PROFILE, step.id)) for step in REGISTRATION.steps
    ]
    return Screen("\n".join(lines), rows(buttons, 2))


def profile_saved(t: Translator) -> str:
    return t("✅ Your profile is saved.")


def registered(t: Translator, name: str) -> str:
    return t(
        "✅ Thank you, {name}! You are registered.\n\nNow you can send your first proposal.",
        name=name,
    )


def confirm_erase(t: Translator) -> Screen:
    text = t(
        "<b>Erase your personal data?</b>\n\n"
        "Your name, group, role and Telegram account will be erased for good. "
        "Proposals you sent stay, but only as anonymous contributions. "
        "This cannot be undone."
    )
    keyboard = [
        [
            Button(t("Yes, erase"), cb.encode(Kind.ERASE, "yes")),
            Button(t("No"), cb.encode(Kind.ERASE, "no")),
        ]
    ]
    return Screen(text, keyboard)


def erased(t: Translator) -> str:
    return t(
        "Your personal data is erased. Thank you for taking part! "
        "If you want to join again, send /start."
    )


def erase_kept(t: Translator) -> str:
    return t("Nothing was erased.")


def my_data_caption(t: Translator) -> str:
    return t("Here is everything Rembug stores about you.")


def nothing_stored(t: Translator) -> str:
    return t("We store nothing about you. Send /start to take part.")
