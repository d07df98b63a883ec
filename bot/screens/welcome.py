"""First contact: what Rembug is, the privacy notice and the consent buttons."""

from __future__ import annotations

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Screen


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


def privacy_notice(t: Translator, kecamatan: str | None) -> Screen:
    text = t(
        "🔒 <b>Your data (UU No. 27 Tahun 2022 on Personal Data Protection)</b>\n\n"
        "<b>What we store:</b> the name you give, your kecamatan and desa, how you take part "
        "(e.g. RT/RW, PKK), your group, your Telegram account number and your proposals.\n"
        "<b>Who sees it:</b> Diskominfosantik Kabupaten Bekasi and your kecamatan coordinator. "
        "The perangkat daerah receive proposals without your name.\n"
        "<b>How long:</b> until the smart city masterplan is finished, then at most one more "
        "year.\n"
        "<b>Your rights:</b> /datasaya sends you everything we store; /hapusdata erases your "
        "personal data — your proposals then stay only as anonymous contributions.\n\n"
        "Do you agree?"
    )
    code = kecamatan or "-"
    other = "en" if t.locale == "id" else "id"
    keyboard = [
        [
            Button(t("✅ I agree"), cb.encode(Kind.CONSENT, "yes", t.locale, code)),
            Button(t("Not now"), cb.encode(Kind.CONSENT, "no", t.locale, code)),
        ],
        [Button(t("🌐 Bahasa Indonesia / English"), cb.encode(Kind.CONSENT, "lang", other, code))],
    ]
    return Screen(text, keyboard)


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
