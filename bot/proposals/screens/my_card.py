"""One proposal's card in /usulanku, fitted to one phone screen, and the whole proposal one tap
away when the card had room for its headline answers only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answer_text import answer_text
from bot.dialogue.model import OptionContext, Step
from bot.dialogue.screens import reviewed
from bot.i18n import Translator
from bot.proposals.screens.cards import (
    HISTORY_SHOWN,
    REASON_CHARS,
    SCREEN,
    TANGGAPAN_LEAST,
    ResponseEntry,
    StatusEntry,
    response_history,
    status_detail,
    status_label,
    supported_by,
    visible_length,
)
from bot.proposals.script import PROPOSAL
from bot.screens import Button, Keyboard, Screen

# A free-text answer on the card: the longest of these that lets the card fit one screen.
ANSWER_CHARS = (500, 300, 200, 140, 100, 70, 50, 35)
HEADLINE = ("problem", "solution")  # what a card too full for every answer still shows
HEADLINE_CHARS = 100  # the least of the problem and the solution shown on a card


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
