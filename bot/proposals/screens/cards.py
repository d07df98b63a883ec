"""Screens about proposals: submitted, the participant's list, withdrawing, the round's
notices; the status and tanggapan lines that one proposal's card (my_card.py) and the OPD
desk share."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answer_text import shorten_escaped
from bot.i18n import Translator
from bot.proposals import statuses
from bot.screens import Button, Keyboard, Screen, esc

HISTORY_SHOWN = 8
REASON_CHARS = 300
PROGRAMME_CHARS = 30
_TAG = re.compile(r"<[^>]+>")
SCREEN = 600  # characters of one screen (tests/unit/test_message_lengths.py)
TANGGAPAN_LEAST = 200  # for the newest tanggapan and its words, however long the card


@dataclass(frozen=True)
class StatusEntry:
    """One line of a proposal's status history, as plain values."""

    when: str  # formatted date
    status: str
    reason: str | None = None
    merged_into: str | None = None  # the other proposal's reference


@dataclass(frozen=True)
class ResponseEntry:
    """One tanggapan of a perangkat daerah, as plain values (bot/opd builds them)."""

    when: str  # formatted date
    opd: str  # the OPD's full name
    label: str  # msgid of the kind (bot/opd/responses.py LABELS)
    programme: str | None = None
    words: str | None = None
    forwarded_to: str | None = None  # the full name of the OPD it was passed to


def response_line(t: Translator, entry: ResponseEntry, words_chars: int) -> str:
    """ "• 3 Des 2026 · Dinas X: <b>Label</b> (programme) → Dinas Y — words" """
    text = f"• {entry.when} · {esc(entry.opd)}: <b>{t(entry.label)}</b>"
    if entry.programme:
        text += f" ({shorten_escaped(entry.programme, PROGRAMME_CHARS)})"
    if entry.forwarded_to:
        text += " → " + esc(entry.forwarded_to)
    if entry.words:
        text += " — " + shorten_escaped(entry.words, words_chars)
    return text


def response_history(
    t: Translator, entries: list[ResponseEntry], budget: int, words_chars: int = 160
) -> list[str]:
    """The tanggapan, newest first, within `budget` characters; older ones that don't fit
    are counted ("…and 2 earlier")."""
    if not entries:
        return []
    lines = [t("<b>Tanggapan of the perangkat daerah</b> (newest first)")]
    used = visible_length(lines[0])
    for index, entry in enumerate(entries):
        line = response_line(t, entry, words_chars)
        if index == 0:  # always shown; its words cut to leave room for "…and N earlier"
            reserve = len(t.n("…and {count} earlier", "…and {count} earlier", 99)) + 1
            room = budget - used - (reserve if len(entries) > 1 else 0)
            line = line if visible_length(line) <= room else _newest_within(t, entry, room)
        left = len(entries) - index
        more = t.n("…and {count} earlier", "…and {count} earlier", left)
        if index > 0 and used + visible_length(line) + len(more) > budget:
            return [*lines, more]
        lines.append(line)
        used += visible_length(line) + 1
    return lines


def _newest_within(t: Translator, entry: ResponseEntry, room: int) -> str:
    """The newest tanggapan is always shown: its words cut to the room left (or left out)."""
    bare = response_line(t, replace(entry, words=None), 0)
    words_room = room - visible_length(bare) - 3
    if words_room < 20:
        return bare
    return response_line(t, entry, words_room)


def visible_length(text: str) -> int:
    """The characters a reader sees of a piece of Telegram HTML."""
    return len(html.unescape(_TAG.sub("", text)))


def status_label(t: Translator, status: str) -> str:
    return t(statuses.label(status))


def status_detail(t: Translator, entry: StatusEntry, reason_chars: int = REASON_CHARS) -> str:
    """The status with what explains it: the reason, or the proposal it was merged into."""
    text = f"<b>{status_label(t, entry.status)}</b>"
    if entry.merged_into:
        text += " " + t("(into {reference})", reference=esc(entry.merged_into))
    if entry.reason:
        text += " — " + shorten_escaped(entry.reason, reason_chars)
    return text


def submitted(t: Translator, reference: str, updated: bool) -> Screen:
    if updated:
        text = t("✅ Your changes to proposal <b>{reference}</b> are saved.", reference=reference)
    else:
        text = t(
            "🎉 <b>Thank you!</b> Your proposal is in.\n\n"
            "Its number is <b>{reference}</b> — keep it to ask about it later.\n\n"
            "<b>What happens next:</b> after this round closes, proposals from every kecamatan "
            "are summarised for the perangkat daerah, who choose the quick-win programmes. "
            "You can follow your proposal's status with /usulanku.",
            reference=reference,
        )
    return Screen(text, [[Button(t("📝 Send another proposal"), cb.encode(Kind.MENU, "propose"))]])


def supported_by(t: Translator, count: int) -> str:
    """ "Supported by 12 residents" (other residents who joined the proposal), or ""."""
    if count <= 0:
        return ""
    return t.n("Supported by {count} resident", "Supported by {count} residents", count)


def listing(
    t: Translator,
    items: list[tuple[int, str, str, str]],
    supports: Mapping[int, int] | None = None,
) -> Screen:
    """items: (id, reference, dimension name, status); supports: id -> supports so far."""
    if not items:
        return Screen(
            t("You have not sent a proposal yet."),
            [[Button(t("📝 Send a proposal"), cb.encode(Kind.MENU, "propose"))]],
        )
    lines = [t("<b>Your proposals</b> — tap one to open it.")]
    keyboard: Keyboard = []
    for proposal_id, reference, dimension, status in items[:20]:
        line = f"• <b>{reference}</b> · {esc(dimension)} · {status_label(t, status)}"
        if supported := supported_by(t, (supports or {}).get(proposal_id, 0)):
            line += f" · {supported}"
        lines.append(line)
        keyboard.append(
            [Button(f"{reference} · {dimension}", cb.encode(Kind.MINE, "o", proposal_id))]
        )
    return Screen("\n".join(lines), keyboard)


def confirm_withdraw(t: Translator, proposal_id: int, reference: str, nonce: str) -> Screen:
    text = t(
        "Withdraw proposal <b>{reference}</b>? It will no longer be discussed.", reference=reference
    )
    keyboard = [
        [
            Button(t("Yes, withdraw"), cb.encode(Kind.MINE, "W", proposal_id, nonce)),
            Button(t("No, keep it"), cb.encode(Kind.MINE, "K", proposal_id, nonce)),
        ]
    ]
    return Screen(text, keyboard)


def withdrawn(t: Translator, reference: str) -> Screen:
    return Screen(t("Proposal <b>{reference}</b> is withdrawn.", reference=reference))


def round_closed(t: Translator, next_name: str | None, next_opening: str | None) -> str:
    if next_name and next_opening:
        return t(
            "No consultation round is open right now, so proposals can't be sent yet. "
            "The next round, <b>{name}</b>, opens on {date}. See you then!",
            name=esc(next_name),
            date=next_opening,
        )
    return t(
        "No consultation round is open right now, so proposals can't be sent. "
        "The next round will be announced here in the bot."
    )


def collection_over(
    t: Translator, name: str, closed_on: str, next_name: str | None, next_opening: str | None
) -> str:
    """Asked to propose while a round prioritises: what to do instead."""
    text = t(
        "The collection of proposals for <b>{name}</b> closed on {date}, so new proposals "
        "can't be sent now. Residents are now choosing what matters most in their kecamatan: "
        "/prioritas.",
        name=esc(name),
        date=closed_on,
    )
    if next_name and next_opening:
        text += "\n\n" + t(
            "The next round, <b>{name}</b>, opens on {date}.",
            name=esc(next_name),
            date=next_opening,
        )
    return text


def goes_to_next_round(t: Translator, name: str, opening: str) -> str:
    return t(
        "ℹ️ The collection of this round has closed. What you send now is kept for the next "
        "round, <b>{name}</b>, which opens on {date}.",
        name=esc(name),
        date=opening,
    )


def submitted_for_next_round(t: Translator, reference: str, name: str, opening: str) -> Screen:
    text = t(
        "🎉 <b>Thank you!</b> Your proposal <b>{reference}</b> is kept for the next round, "
        "<b>{name}</b>, which opens on {date}. You can follow it with /usulanku.",
        reference=reference,
        name=esc(name),
        date=opening,
    )
    return Screen(text, [[Button(t("📝 Send another proposal"), cb.encode(Kind.MENU, "propose"))]])


def closed_before_sending(t: Translator, closed_on: str | None, next_opening: str | None) -> str:
    text = (
        t(
            "Sorry — the consultation round closed on {date}, so this proposal can't be sent "
            "any more.",
            date=closed_on,
        )
        if closed_on
        else t("Sorry — no consultation round is open, so this proposal can't be sent.")
    )
    if next_opening:
        keep = t(
            "Your draft is kept: tap <b>Send</b> again once the next round opens on {date}, "
            "or discard it with /batal.",
            date=next_opening,
        )
    else:
        keep = t("Your draft is kept until the next round opens; /batal discards it.")
    return f"{text}\n\n{keep}"


def locked(t: Translator) -> str:
    return t("This proposal's round has closed, so it can no longer be changed.")


def handled(t: Translator, status: str) -> str:
    return t(
        "This proposal is already being handled (status: {status}), so it can no longer be "
        "changed.",
        status=status_label(t, status),
    )


def not_found(t: Translator) -> str:
    return t("That proposal can't be found (it may have been removed).")


def needs_registration(t: Translator) -> str:
    return t("Before your first proposal, please tell us a little about yourself.")
