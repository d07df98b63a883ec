"""First contact: what Rembug is, the privacy notice and the consent buttons."""

from __future__ import annotations

from datetime import date

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Screen

# "I agree" and let the perangkat daerah see the name and group (naming consent, issue 12):
# one tap with the consent, so the first visit stays within issue 11's count of actions.
NAMED = "named"


def welcome(t: Translator) -> Screen:
    return Screen(
        t(
            "👋 <b>Welcome to Rembug!</b>\n\n"
            "Kabupaten Bekasi is drafting its smart city masterplan, "
            "<i>“Mewujudkan Kabupaten Bekasi yang SMART”</i>. Before the regency's offices "
            "(perangkat daerah) choose <b>quick-win</b> programmes — ones people can feel "
            "within months — we want to hear from you: which problems matter where you live, "
            "what causes them, and what you propose.\n\n"
            "Your proposal goes under one of six dimensions: Governance, Branding, Economy, "
            "Living, Society and Environment. It takes about 10 minutes."
        )
    )


def privacy_notice(t: Translator, kecamatan: str | None, kept_until: date | None) -> Screen:
    text = t(
        "🔒 <b>Your data (UU No. 27 Tahun 2022 on Personal Data Protection)</b>\n\n"
        "<b>What we store:</b> your name, kecamatan and desa, how you take part (e.g. RT/RW, "
        "PKK), your group, your Telegram user ID (not your phone number) and your proposals.\n"
        "<b>Who sees it:</b> Diskominfosantik and your kecamatan coordinator; "
        "the perangkat daerah get proposals without your name, unless you allow it below.\n"
        "{how_long}\n"
        "<b>Your rights:</b> /datasaya sends you all of it; /hapusdata erases it, and your "
        "proposals stay anonymous.\n\n"
        "Do you agree?",
        how_long=how_long(t, kept_until),
    )
    code = kecamatan or "-"
    other = "en" if t.locale == "id" else "id"

    def consent(choice: str) -> str:
        return cb.encode(Kind.CONSENT, choice, t.locale, code)

    keyboard = [
        [
            Button(t("✅ I agree"), consent("yes")),
            Button(t("Not now"), consent("no")),
        ],
        [
            Button(
                t("✅ I agree, and OPD may see my name"),
                cb.encode(Kind.CONSENT, NAMED, t.locale, code),
            )
        ],
        [Button(t("🌐 Bahasa Indonesia / English"), cb.encode(Kind.CONSENT, "lang", other, code))],
    ]
    return Screen(text, keyboard)


def how_long(t: Translator, kept_until: date | None) -> str:
    """What the notice promises: the retention date when it is set (RETENTION_UNTIL)."""
    if kept_until is None:
        return t(
            "<b>How long:</b> until the smart city masterplan is finished, then at most one "
            "more year."
        )
    return t(
        "<b>How long:</b> until {date}. The next day the bot erases it by itself; proposals "
        "stay, anonymous.",
        date=t.date(kept_until),
    )


def declined(t: Translator) -> Screen:
    return Screen(
        t(
            "No problem. We have not stored anything about you.\n\n"
            "If you change your mind, just send /start at any time."
        )
    )


def welcome_back(t: Translator, name: str) -> str:
    return t("Welcome back, {name}! 👋", name=name)


def registration_intro(t: Translator) -> str:
    return t("Thank you! First, a few short questions about you.")
