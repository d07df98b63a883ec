"""Screens of moderation: a proposal as staff see it, hiding it, setting its status."""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answer_text import answer_text, shorten_escaped
from bot.dialogue.model import OptionContext
from bot.dialogue.screens import reviewed
from bot.i18n import Translator
from bot.proposals.screens.cards import HISTORY_SHOWN, StatusEntry, status_detail, status_label
from bot.proposals.script import PROPOSAL
from bot.proposals.statuses import SETTABLE
from bot.screens import Button, Keyboard, Screen, esc, rows

ANSWER_CHARS = 400


@dataclass(frozen=True)
class StaffView:
    """A proposal for a staff card, as plain values."""

    id: int
    reference: str
    place: str  # "Desa X, Kec. Y"
    submitted_on: str
    hidden_on: str | None
    hidden_reason: str | None
    history: list[StatusEntry]


def card(t: Translator, view: StaffView, ctx: OptionContext, admin: bool) -> Screen:
    lines = [
        t("<b>Proposal {reference}</b> · {place}", reference=view.reference, place=esc(view.place)),
        t("Sent on {date}", date=view.submitted_on),
        t("Status: {status}", status=status_detail(t, view.history[0])),
    ]
    if view.hidden_on:
        lines.append(
            t(
                "🙈 Hidden since {date}: {reason}",
                date=view.hidden_on,
                reason=shorten_escaped(view.hidden_reason or "—", 300),
            )
        )
    lines.append("")
    for step in reviewed(PROPOSAL, ctx.answers):
        value = answer_text(step, ctx.answers.get(step.id), ctx, ANSWER_CHARS)
        lines.append(f"<b>{t(step.summary)}:</b> {value}")
    if len(view.history) > 1:
        lines += ["", t("<b>Status history</b> (newest first)")]
        lines += [f"• {e.when}: {status_detail(t, e)}" for e in view.history[:HISTORY_SHOWN]]
    return Screen("\n".join(lines), _card_keyboard(t, view, admin))


def _card_keyboard(t: Translator, view: StaffView, admin: bool) -> Keyboard:
    if view.hidden_on:
        visibility = Button(t("👁 Show again"), cb.encode(Kind.MODERATION, "u", view.id))
    else:
        visibility = Button(t("🙈 Hide"), cb.encode(Kind.MODERATION, "h", view.id))
    row = [visibility]
    if admin:
        row.append(Button(t("🏷 Set status"), cb.encode(Kind.MODERATION, "s", view.id)))
    return [row, [Button(t("🗂 Classify"), cb.encode(Kind.CLASSIFY, "v", view.id))]]


def status_menu(
    t: Translator, proposal_id: int, reference: str, current: str, nonce: str
) -> Screen:
    text = t(
        "New status for <b>{reference}</b> (now: {status})? The participant is told at once.",
        reference=reference,
        status=status_label(t, current),
    )
    buttons = [
        Button(
            status_label(t, s.value), cb.encode(Kind.MODERATION, "S", proposal_id, s.value, nonce)
        )
        for s in SETTABLE
        if s.value != current
    ]
    back = Button(t("⬅️ Back"), cb.encode(Kind.MODERATION, "B", proposal_id, nonce))
    return Screen(text, [*rows(buttons, 1), [back]])


def status_set(t: Translator, reference: str, status: str) -> str:
    return t(
        "🏷 <b>{reference}</b> is now “{status}”. The participant is being told.",
        reference=reference,
        status=status_label(t, status),
    )


def hidden(t: Translator, reference: str) -> str:
    return t(
        "🙈 <b>{reference}</b> is hidden: it stays out of exports and statistics. "
        "/tampilkan {reference} shows it again.",
        reference=reference,
    )


def unhidden(t: Translator, reference: str) -> str:
    return t("👁 <b>{reference}</b> is shown again.", reference=reference)


def already_hidden(t: Translator, reference: str) -> str:
    return t("<b>{reference}</b> is already hidden.", reference=reference)


def not_hidden(t: Translator, reference: str) -> str:
    return t("<b>{reference}</b> is not hidden.", reference=reference)


def asking(t: Translator, reference: str, what: str) -> str:
    """The line above a moderation dialogue's question; `what` is hide, decline or merge."""
    if what == "hide":
        return t("Hiding proposal <b>{reference}</b>. /batal stops.", reference=reference)
    if what == "merge":
        return t("Merging proposal <b>{reference}</b>. /batal stops.", reference=reference)
    return t("Not taking proposal <b>{reference}</b> forward. /batal stops.", reference=reference)


def not_found(t: Translator, reference: str) -> str:
    return t(
        "I can't find a proposal {reference} that you may moderate.",
        reference=esc(reference),
    )


def not_allowed(t: Translator) -> str:
    return t("Sorry, that is for admins and the kecamatan's coordinator.")


def admins_only(t: Translator) -> str:
    return t("Sorry, only admins can set a proposal's status.")


def usage(t: Translator, command: str) -> str:
    if command == "status":
        return t(
            "Usage: <code>/status CKU-0042 diterima</code>. Statuses: diterima, prioritas, "
            "digabung (then the other number), ditolak (then the reason), dilaksanakan."
        )
    if command == "tampilkan":
        return t("Usage: <code>/tampilkan CKU-0042</code>")
    if command == "sembunyikan":
        return t("Usage: <code>/sembunyikan CKU-0042 the reason</code>")
    return t("Usage: <code>/usulan CKU-0042</code> shows a proposal with its moderation buttons.")
