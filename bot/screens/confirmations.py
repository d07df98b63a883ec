"""What an expired confirmation button answers (see bot/confirmations.py)."""

from __future__ import annotations

from bot.i18n import Translator


def expired(t: Translator) -> str:
    return t("This confirmation has expired, so nothing was changed. Please start again.")
