"""What "A atau B?" shows: the pair, the thanks, the invitation, the polite refusals, the
coordinators' reminder and the ranking in /statistik. Plain values, through the catalogs.

Callback layout (kind "a", bot/callbacks.py):
  a:a:<a id>:<b id> · a:b:<a id>:<b id>   A, or B, is more important
  a:t:<a id>:<b id> · a:s:<a id>:<b id>   Sama penting (a tie) · Lewati (skip)
  a:x                                    Selesai: stop for now
  a:go                                   the invitation's button: show a pair
  a:rem:<kecamatan code>                 a coordinator's reminder, confirmed
The ids are the proposals as shown (A, then B); the service checks them against the tapper's
kecamatan and the round in prioritas every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.priorities.ranking import Ranked
from bot.screens import Button, Keyboard, Screen, esc

PROBLEM_CHARS = 170  # two summaries, the question and the counter fit one phone screen
SHOWN_IN_STATS = 8


class Action:
    A = "a"
    B = "b"
    TIE = "t"
    SKIP = "s"
    DONE = "x"
    START = "go"
    REMIND = "rem"


ANSWERS = (Action.A, Action.B, Action.TIE, Action.SKIP)


@dataclass(frozen=True)
class Side:
    proposal_id: int
    reference: str
    desa: str
    problem: str


def trimmed(text: str, limit: int = PROBLEM_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(" ,.;:") + "…"


def pair(t: Translator, a: Side, b: Side, compared: int, note: str | None = None) -> Screen:
    lines = [note, ""] if note else []
    lines += [
        t("⚖️ <b>Which is more important for your kecamatan?</b>"),
        "",
        _side("A", a),
        "",
        _side("B", b),
        "",
        t.n(
            "<i>You have compared {count} pair.</i>",
            "<i>You have compared {count} pairs.</i>",
            compared,
        ),
    ]
    return Screen("\n".join(lines), _buttons(t, a.proposal_id, b.proposal_id))


def _side(label: str, side: Side) -> str:
    where = f"{esc(side.desa)} · <code>{esc(side.reference)}</code>"
    return f"<b>{label}</b> · {where}\n{esc(side.problem)}"


def _buttons(t: Translator, a: int, b: int) -> Keyboard:
    def button(text: str, action: str) -> Button:
        return Button(text, cb.encode(Kind.PRIORITISE, action, a, b))

    return [
        [button("A", Action.A), button("B", Action.B)],
        [button(t("🤝 Equally important"), Action.TIE), button(t("⏭ Skip"), Action.SKIP)],
        [Button(t("✅ Done"), cb.encode(Kind.PRIORITISE, Action.DONE))],
    ]


def already_saved(t: Translator) -> str:
    return t("Already recorded. Here is the next pair.")


def thanks(t: Translator, compared: int, results_at: datetime | None) -> Screen:
    lines = [
        t("🙏 <b>Thank you!</b>"),
        t.n(
            "Your answers are saved: {count} pair compared.",
            "Your answers are saved: {count} pairs compared.",
            compared,
        ),
        _when_results(t, results_at),
        t("You can continue any time with /prioritas."),
    ]
    return Screen("\n".join(lines))


def all_compared(t: Translator, compared: int, results_at: datetime | None) -> Screen:
    lines = [
        t("🎉 <b>You have compared every pair of your kecamatan's proposals.</b>"),
        t.n(
            "Your answers are saved: {count} pair compared.",
            "Your answers are saved: {count} pairs compared.",
            compared,
        ),
        _when_results(t, results_at),
    ]
    return Screen("\n".join(lines))


def _when_results(t: Translator, results_at: datetime | None) -> str:
    if results_at is None:
        return t("We will send you your kecamatan's results when the round ends.")
    return t("We will send you your kecamatan's results from {when}.", when=t.datetime(results_at))


def not_registered(t: Translator) -> str:
    return t(
        "Comparing proposals is for registered participants. Send /start to register "
        "in your kecamatan first."
    )


def not_now(t: Translator) -> str:
    return t(
        "There is nothing to compare right now: proposals are compared after the "
        "collection phase of a round. We will invite you when it starts."
    )


def too_few(t: Translator) -> str:
    return t(
        "Your kecamatan has fewer than two proposals in this round, so there is nothing "
        "to compare. Thank you for taking part!"
    )


def not_your_pair(t: Translator) -> str:
    return t("This pair is not from your kecamatan in the current round.")


def invitation(t: Translator, kecamatan: str, results_at: datetime | None) -> Screen:
    lines = [
        t("⚖️ <b>A or B? Help choose the priorities of Kecamatan {name}</b>", name=esc(kecamatan)),
        "",
        t(
            "Residents sent their proposals. Now we show you two at a time: tap the one "
            "that is more important for your kecamatan. Compare as many pairs as you like "
            "and stop any time."
        ),
        _when_results(t, results_at),
    ]
    start = Button(t("⚖️ Start comparing"), cb.encode(Kind.PRIORITISE, Action.START))
    return Screen("\n".join(lines), [[start]])


# --- coordinators' reminder ------------------------------------------------------------


def remind_offer(t: Translator, kecamatan: str, code: str, recipients: int) -> Screen:
    text = t.n(
        "Remind the {count} registered participant of Kecamatan {name} to compare proposals?",
        "Remind the {count} registered participants of Kecamatan {name} to compare proposals?",
        recipients,
        name=esc(kecamatan),
    )
    send = Button(t("📣 Send the reminder"), cb.encode(Kind.PRIORITISE, Action.REMIND, code))
    return Screen(text, [[send]])


def remind_usage(t: Translator) -> str:
    return t("Name the kecamatan, e.g. <code>/ingatkan_prioritas Setu</code>.")


def remind_not_allowed(t: Translator) -> str:
    return t(
        "Sorry, reminders to compare are for admins and for the coordinators of that kecamatan."
    )


def remind_too_soon(t: Translator, when: datetime) -> str:
    return t(
        "This kecamatan was invited on {when}. A reminder can go once a day, so residents "
        "are not disturbed too often.",
        when=t.datetime(when),
    )


def remind_queued(t: Translator, kecamatan: str, later: datetime | None) -> str:
    if later is not None:
        return t(
            "The reminder to Kecamatan {name} goes out at {when}, after the quiet hours.",
            name=esc(kecamatan),
            when=t.datetime(later),
        )
    return t(
        "The reminder to Kecamatan {name} is being sent. This message shows the progress.",
        name=esc(kecamatan),
    )


# --- the ranking (/statistik) ------------------------------------------------------------


def ranking(
    t: Translator, kecamatan: str, round_name: str, ranked: list[Ranked], references: dict[int, str]
) -> Screen:
    lines = [
        t("🏆 <b>Residents' priorities — Kecamatan {name}</b>", name=esc(kecamatan)),
        esc(round_name),
    ]
    compared = [r for r in ranked if r.comparisons]
    if not compared:
        lines.append(t("No comparisons yet."))
        return Screen("\n".join(lines))
    for place, item in enumerate(compared[:SHOWN_IN_STATS], start=1):
        line = t(
            "{rank}. {reference} · {count} comparisons, {wins} wins",
            rank=place,
            reference=esc(references.get(item.proposal_id, "?")),
            count=t.number(item.comparisons),
            wins=t.number(item.wins),
        )
        lines.append(line + (" " + t("(not enough data yet)") if item.thin else ""))
    if len(compared) > SHOWN_IN_STATS:
        lines.append(
            t("… and {count} more in the Excel export.", count=len(compared) - SHOWN_IN_STATS)
        )
    lines.append(
        t(
            "<i>Ranked with the Bradley–Terry model. Not enough data yet: too few answers "
            "to tell it from an average proposal.</i>"
        )
    )
    return Screen("\n".join(lines))


def ranking_button(t: Translator, code: str) -> Button:
    return Button(t("🏆 Residents' priorities (A or B?)"), cb.encode(Kind.STATS, "p", code))


def no_ranking(t: Translator) -> str:
    return t("No round has reached its prioritas phase yet.")
