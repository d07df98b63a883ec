"""What coordinators and participants see of broadcasts (siaran) and reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Keyboard, Screen, esc
from storage.models import Broadcast

BAR_WIDTH = 10
PROPOSE = cb.encode(Kind.MENU, "propose")  # the participant menu's own "send a proposal"


def message(broadcast: Broadcast, t: Translator) -> Screen:
    """Exactly what a recipient receives (also the author's preview)."""
    if broadcast.kind == "reminder":
        return reminder(t)
    keyboard = (
        [[Button(t("📝 Send a proposal"), PROPOSE)]] if broadcast.with_propose_button else None
    )
    return Screen(broadcast.text, keyboard)


def reminder(t: Translator) -> Screen:
    text = t(
        "👋 You started a proposal in Rembug but haven't sent it yet. Your answers are saved: "
        "send /start to continue where you left off."
    )
    return Screen(text)


def bar(done: int, total: int) -> str:
    share = done / total if total else 1.0
    filled = round(share * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled) + f" {round(share * 100)}%"


def _tally(t: Translator, counts: dict[str, int]) -> list[str]:
    lines = [
        t("✅ Sent: {n}", n=t.number(counts.get("sent", 0))),
        t("⛔ Blocked the bot: {n}", n=t.number(counts.get("blocked", 0))),
        t("⚠️ Failed: {n}", n=t.number(counts.get("failed", 0))),
    ]
    if counts.get("nothing"):
        lines.append(
            t(
                "➖ Nothing for them (e.g. nothing to compare yet): {n}",
                n=t.number(counts["nothing"]),
            )
        )
    if counts.get("skipped"):
        lines.append(t("🔕 Stopped receiving meanwhile: {n}", n=t.number(counts["skipped"])))
    if counts.get("unconfirmed"):
        lines.append(t("❔ Unconfirmed (bot restarted): {n}", n=t.number(counts["unconfirmed"])))
    if counts.get("cancelled"):
        lines.append(t("✖️ Not sent (cancelled): {n}", n=t.number(counts["cancelled"])))
    return lines


def _title(t: Translator, broadcast: Broadcast) -> str:
    if broadcast.kind == "reminder":
        return t("<b>Reminder #{id}</b>", id=broadcast.id)
    if broadcast.kind == "prioritise":
        return t("<b>Invitation to prioritise #{id}</b>", id=broadcast.id)
    if broadcast.kind == "results":
        return t("<b>Results to the kecamatan #{id}</b>", id=broadcast.id)
    return t("<b>Broadcast #{id}</b>", id=broadcast.id)


def progress(
    t: Translator, broadcast: Broadcast, counts: dict[str, int], eta: float | None
) -> Screen:
    total = sum(counts.values())
    waiting = counts.get("pending", 0) + counts.get("sending", 0)
    lines = [_title(t, broadcast), bar(total - waiting, total), *_tally(t, counts)]
    if eta is None:
        return Screen("\n".join([*lines, t("Finished.")]))
    lines.append(t("⏳ About {minutes} min left", minutes=t.number(max(1, round(eta / 60)))))
    return Screen("\n".join(lines), cancel_keyboard(t, broadcast.id))


def cancel_keyboard(t: Translator, broadcast_id: int) -> Keyboard:
    return [[Button(t("✖️ Cancel the rest"), cb.encode(Kind.BROADCAST, "stop", broadcast_id))]]


def report(t: Translator, broadcast: Broadcast, counts: dict[str, int]) -> Screen:
    total = sum(counts.values())
    lines = [
        t(
            "📬 {title} finished: {total} recipients.",
            title=_title(t, broadcast),
            total=t.number(total),
        ),
        *_tally(t, counts),
    ]
    if counts.get("blocked"):
        lines.append(t("Those who blocked the bot get nothing more until they come back."))
    return Screen("\n".join(lines))


def cancelled(t: Translator, broadcast: Broadcast, counts: dict[str, int]) -> Screen:
    lines = [t("{title}: cancelled. Nothing more will be sent.", title=_title(t, broadcast))]
    return Screen("\n".join([*lines, *_tally(t, counts)]))


def scheduled(t: Translator, broadcast: Broadcast, when: datetime) -> Screen:
    text = t(
        "🕗 {title} is scheduled for {when}. It will be sent to the participants "
        "who match at that moment.",
        title=_title(t, broadcast),
        when=t.datetime(when),
    )
    return Screen(text, cancel_keyboard(t, broadcast.id))


def queued(t: Translator, broadcast: Broadcast) -> Screen:
    text = t(
        "{title}: sending starts now. This message shows the progress.", title=_title(t, broadcast)
    )
    return Screen(text, cancel_keyboard(t, broadcast.id))


@dataclass(frozen=True)
class Summary:
    draft_id: int
    nonce: str  # of this summary: its Send and Discard work once (bot/confirmations.py)
    place: str
    audience: str
    recipients: int
    when: datetime | None
    with_button: bool
    problems: list[str]


def summary(t: Translator, s: Summary) -> Screen:
    lines = [
        t("<b>Check your broadcast</b> (the preview is above)"),
        t("<b>Area:</b> {place}", place=esc(s.place)),
        t("<b>Recipients:</b> {audience}", audience=esc(s.audience)),
        t.n(
            "<b>Will reach:</b> {count} participant",
            "<b>Will reach:</b> {count} participants",
            s.recipients,
        ),
        t("<b>When:</b> {when}", when=t.datetime(s.when) if s.when else t("now")),
        t(
            "<b>“Send a proposal” button:</b> {answer}",
            answer=t("yes") if s.with_button else t("no"),
        ),
    ]
    lines.extend(f"⚠️ {p}" for p in s.problems)
    return Screen("\n".join(lines), _summary_keyboard(t, s))


def _summary_keyboard(t: Translator, s: Summary) -> Keyboard:
    def data(*fields: str | int) -> str:
        return cb.encode(Kind.BROADCAST, *fields)

    keyboard: Keyboard = []
    if not s.problems and s.recipients:
        label = t("🕗 Schedule") if s.when else t("📤 Send now")
        keyboard.append([Button(label, data("go", s.draft_id, s.nonce))])
    keyboard.append(
        [
            Button(t("✏️ Message"), data("ed", s.draft_id, "message")),
            Button(t("👥 Recipients"), data("ed", s.draft_id, "audience")),
        ]
    )
    keyboard.append(
        [
            Button(t("🕗 Time"), data("ed", s.draft_id, "timing")),
            Button(t("🔘 Button"), data("ed", s.draft_id, "button")),
        ]
    )
    keyboard.append([Button(t("🗑 Discard"), data("x", s.draft_id, s.nonce))])
    return keyboard


def preview_intro(t: Translator) -> str:
    return t("👀 <b>Preview</b>: this is exactly what participants will receive.")


def discarded(t: Translator) -> Screen:
    return Screen(t("The draft broadcast was discarded. Nothing was sent."))


def not_allowed(t: Translator) -> str:
    return t("Only coordinators and admins can do that, and only for their own kecamatan.")


def gone(t: Translator) -> str:
    return t("That broadcast is no longer waiting; nothing was changed.")


@dataclass(frozen=True)
class ReminderChoice:
    code: str  # kecamatan code, or "all"
    place: str
    idle: int


def reminder_menu(t: Translator, hours: float, choices: list[ReminderChoice]) -> Screen:
    lines = [
        t(
            "<b>Reminders</b>: participants who started a proposal and left it for more than "
            "{hours} hours, and were not reminded in the last day.",
            hours=t.number(hours),
        )
    ]
    buttons = []
    for c in choices:
        lines.append(t("{place}: {count}", place=esc(c.place), count=t.number(c.idle)))
        if c.idle:
            label = t("🔔 Remind {count} in {place}", count=t.number(c.idle), place=c.place)
            buttons.append([Button(label, cb.encode(Kind.BROADCAST, "rem", c.code))])
    if not buttons:
        lines.append(t("Nobody to remind right now."))
    return Screen("\n".join(lines), buttons or None)


def reminder_queued(t: Translator, broadcast: Broadcast, later: datetime | None) -> Screen:
    if later is not None:
        text = t(
            "🌙 It's quiet hours now: {title} will go at {when}.",
            title=_title(t, broadcast),
            when=t.datetime(later),
        )
        return Screen(text, cancel_keyboard(t, broadcast.id))
    return queued(t, broadcast)


def unsubscribed(t: Translator) -> Screen:
    return Screen(
        t(
            "🔕 You will no longer receive broadcasts or reminders from coordinators. "
            "Your proposals stay. Send /langganan to receive them again."
        )
    )


def subscribed(t: Translator) -> Screen:
    return Screen(
        t("🔔 You will receive broadcasts and reminders again. Send /berhenti to stop them.")
    )


def not_a_participant(t: Translator) -> Screen:
    return Screen(
        t("You are not registered yet, so you receive no broadcasts. Send /start to join.")
    )
