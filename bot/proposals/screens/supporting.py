"""What a resident reads after joining a similar proposal."""

from __future__ import annotations

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.proposals.similar import SupportOutcome
from bot.screens import Button, Screen, esc


def supported(t: Translator, reference: str, count: int, again: bool) -> str:
    if again:
        intro = t("You already support proposal <b>{reference}</b>.", reference=esc(reference))
    else:
        intro = t(
            "🤝 <b>Thank you!</b> Your support for proposal <b>{reference}</b> is recorded.",
            reference=esc(reference),
        )
    now = t.n(
        "It is now supported by {count} resident.",
        "It is now supported by {count} residents.",
        count,
    )
    return f"{intro}\n\n{now}"


def not_supported(t: Translator, reference: str, outcome: SupportOutcome) -> str:
    if outcome is SupportOutcome.OWN:
        return t(
            "Proposal <b>{reference}</b> is your own: it already counts as yours.",
            reference=esc(reference),
        )
    if outcome is SupportOutcome.CLOSED:
        return t(
            "Sorry — this round has stopped collecting proposals, so your support for "
            "proposal <b>{reference}</b> can't be recorded any more.",
            reference=esc(reference),
        )
    return t(
        "Proposal <b>{reference}</b> can't be supported any more (it was withdrawn or "
        "hidden). You can send your own proposal instead.",
        reference=esc(reference),
    )


def after_support(t: Translator, text: str) -> Screen:
    keyboard = [[Button(t("📝 Send a proposal"), cb.encode(Kind.MENU, "propose"))]]
    return Screen(text, keyboard)
