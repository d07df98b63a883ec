"""Screens about proposals: submitted, the participant's list, one proposal's card."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answer_text import answer_text, shorten_escaped
from bot.dialogue.model import OptionContext, Step
from bot.dialogue.screens import reviewed
from bot.i18n import Translator
from bot.proposals import statuses
from bot.proposals.script import PROPOSAL
from bot.screens import Button, Keyboard, Screen, esc

HISTORY_SHOWN = 8
REASON_CHARS = 300
PROGRAMME_CHARS = 30
_TAG = re.compile(r"<[^>]+>")
SCREEN = 600  # characters of one screen (tests/unit/test_message_lengths.py)
TANGGAPAN_LEAST = 200  # for the newest tanggapan and its words, however long the card
# A free-text answer on the card: the longest of these that lets the card fit one screen.
ANSWER_CHARS = (500, 300, 200, 140, 100, 70, 50, 35)
HEADLINE = ("problem", "solution")  # what a card too full for every answer still shows
HEADLINE_CHARS = 100  # the least of the problem and the solution shown on a card


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


def card(
    t: Translator,
    ctx: OptionContext,
    proposal_id: int,
    reference: str,
    status: str,
    submitted_on: str,
    editable: bool,
    history: list[StatusEntry] | None = None,
    supports: int = 0,
    responses: list[ResponseEntry] | None = None,
) -> Screen:
    """One proposal on one screen. What became of it (the status history, the tanggapan)
    comes first; the answers are shortened to make room, the problem and the solution last;
    when even that is not enough, the card keeps those two, a button opens all the answers,
    and only then are older statuses counted and the two answers shortened further."""
    head = [
        t("<b>Proposal {reference}</b>", reference=reference),
        t(
            "Sent on {date} · Status: <b>{status}</b>",
            date=submitted_on,
            status=status_label(t, status),
        ),
    ]
    if supported := supported_by(t, supports):
        head.append(f"👍 {supported}")
    follow_up = partial(_follow_up, t, history or [], responses or [])
    steps = reviewed(PROPOSAL, ctx.answers)
    headline = [s for s in steps if s.id in HEADLINE]
    text = _fitted(t, ctx, head, steps, follow_up)
    keyboard: Keyboard = []
    if visible_length(text) > SCREEN:
        text = _fitted(t, ctx, head, headline, follow_up)
        whole = Button(t("📄 The whole proposal"), cb.encode(Kind.MINE, "a", proposal_id))
        keyboard.append([whole])
    if visible_length(text) > SCREEN:
        trimmed = partial(follow_up, trim=True)
        text = _fitted(t, ctx, head, headline, trimmed, headline_chars=0)
    if editable:
        keyboard.append(
            [
                Button(t("✏️ Edit"), cb.encode(Kind.MINE, "e", proposal_id)),
                Button(t("🗑 Withdraw"), cb.encode(Kind.MINE, "w", proposal_id)),
            ]
        )
    keyboard.append([Button(t("⬅️ All my proposals"), cb.encode(Kind.MINE, "l", 0))])
    return Screen(text, keyboard)


def whole_proposal(t: Translator, ctx: OptionContext, proposal_id: int, reference: str) -> Screen:
    """Every answer of a proposal whose card had room for the headline ones only."""
    head = [t("<b>Proposal {reference}</b>", reference=reference)]
    text = _fitted(t, ctx, head, reviewed(PROPOSAL, ctx.answers), lambda _room: [])
    back = Button(t("⬅️ Back to the proposal"), cb.encode(Kind.MINE, "o", proposal_id))
    return Screen(text, [[back]])


def _fitted(
    t: Translator,
    ctx: OptionContext,
    head: list[str],
    steps: list[Step],
    follow_up: Callable[[int], list[str]],
    headline_chars: int = HEADLINE_CHARS,
) -> str:
    """The head, the answers to `steps` and the follow-up, with the longest answers that fit
    one screen (the shortest tried when none do). The problem and the solution keep at least
    `headline_chars`."""
    text = ""
    for limit in ANSWER_CHARS:
        lines = [*head, ""]
        for step in steps:
            chars = max(limit, headline_chars) if step.id in HEADLINE else limit
            answer = answer_text(step, ctx.answers.get(step.id), ctx, chars)
            lines.append(f"<b>{t(step.summary)}:</b> {answer}")
        room = SCREEN - visible_length("\n".join(lines)) - 1
        text = "\n".join(lines + follow_up(room))
        if visible_length(text) <= SCREEN:
            break
    return text


def _follow_up(
    t: Translator,
    history: list[StatusEntry],
    responses: list[ResponseEntry],
    room: int,
    trim: bool = False,
) -> list[str]:
    """The status history (all of it, up to HISTORY_SHOWN; trimmed: what fits `room`, the
    newest always) and the tanggapan in the rest of `room`, at least TANGGAPAN_LEAST."""
    lines: list[str] = []
    if history:
        title = t("<b>Status history</b> (newest first)")
        keep = room - visible_length(title) - 2 - (TANGGAPAN_LEAST + 2 if responses else 0)
        lines += ["", title, *_history_lines(t, history, keep if trim else None)]
    if responses:
        left = room - visible_length("\n".join(lines)) - 2
        lines += ["", *response_history(t, responses, max(left, TANGGAPAN_LEAST))]
    return lines


def _history_lines(t: Translator, history: list[StatusEntry], room: int | None) -> list[str]:
    """Newest first, at most HISTORY_SHOWN, within `room` when given (the newest always, its
    reason cut to fit); the older ones left out are counted."""
    lines: list[str] = []
    used = 0
    for index, entry in enumerate(history):
        more = t.n("…and {count} earlier", "…and {count} earlier", len(history) - index)
        line = _history_line(t, entry)
        fits = room is None or used + visible_length(line) + 1 + len(more) <= room
        if index == 0 and room is not None:
            reserve = len(more) + 1 if len(history) > 1 else 0
            line = _history_line(t, entry, room - reserve)
        elif index >= HISTORY_SHOWN or not fits:
            return [*lines, more]
        lines.append(line)
        used += visible_length(line) + 1
    return lines


def _history_line(t: Translator, entry: StatusEntry, room: int | None = None) -> str:
    """ "• 3 Des 2026: <b>Status</b> — reason", the reason cut to `room` (left out when
    fewer than 20 characters would be left of it)."""
    if room is None:
        return f"• {entry.when}: {status_detail(t, entry)}"
    bare = visible_length(f"• {entry.when}: {status_detail(t, replace(entry, reason=None))}")
    reason_room = min(REASON_CHARS, room - bare - 3)
    if reason_room < 20:
        entry = replace(entry, reason=None)
    return f"• {entry.when}: {status_detail(t, entry, max(reason_room, 20))}"


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
