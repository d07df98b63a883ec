"""Naming consent asked once of those registered before the question existed, and its answer."""

from __future__ import annotations

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.scripts import NAMING
from bot.i18n import Translator
from bot.screens import Button, Screen


def naming_question(t: Translator) -> Screen:
    text = t(
        "<b>One question about your name</b>\n\n"
        "May staff of the perangkat daerah (OPD) who read your proposals see your name and "
        "group? If not, they see only the reference and your desa and kecamatan.\n\n"
        "For now your name is <b>not</b> shown to them. You can change it any time in /profil."
    )
    keyboard = [[Button(t(label), cb.encode(Kind.NAMING, key))] for key, label in NAMING.items()]
    return Screen(text, keyboard)


def naming_saved(t: Translator, visible: bool) -> Screen:
    if visible:
        return Screen(t("✅ Saved: OPD staff may see your name and group with your proposals."))
    return Screen(t("✅ Saved: OPD staff see only the reference and your desa, not your name."))
