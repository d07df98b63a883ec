"""Screens about consultation rounds (/putaran)."""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Keyboard, Screen, esc


@dataclass(frozen=True)
class RoundLine:
    id: int
    name: str
    opens: str
    closes: str | None
    state: str  # "open" | "upcoming" | "closed"
    proposals: int


STATE_MARKS = {"open": "🟢", "upcoming": "🕒", "closed": "⚪"}


def overview(t: Translator, lines: list[RoundLine], manage: bool) -> Screen:
    text = [t("<b>Consultation rounds</b>")]
    if not lines:
        text.append(t("No round has been created yet."))
    for line in lines:
        text.append(_line(t, line))
    if manage:
        text.append(
            t("🟢 open now · 🕒 upcoming · ⚪ closed. Proposals of a closed round are locked.")
        )
    keyboard: Keyboard = []
    if manage:
        keyboard.append([Button(t("➕ New round"), cb.encode(Kind.ROUND, "n"))])
        for line in lines:
            if line.state == "open":
                label = t("⏹ Close “{name}” now", name=_short(line.name))
                keyboard.append([Button(label, cb.encode(Kind.ROUND, "c", line.id))])
            if line.state == "upcoming":
                label = t("🗑 Cancel “{name}”", name=_short(line.name))
                keyboard.append([Button(label, cb.encode(Kind.ROUND, "d", line.id))])
    return Screen("\n\n".join(text), keyboard)


def _line(t: Translator, line: RoundLine) -> str:
    until = line.closes or t("no closing date")
    counted = t.n("{count} proposal", "{count} proposals", line.proposals)
    return (
        f"{STATE_MARKS[line.state]} <b>{esc(line.name)}</b>\n"
        + t("{opens} – {closes}", opens=line.opens, closes=until)
        + f" · {counted}"
    )


def _short(name: str) -> str:
    return name if len(name) <= 30 else name[:29] + "…"


def public(t: Translator, current: RoundLine | None, upcoming: RoundLine | None) -> Screen:
    """What anyone sees with /putaran."""
    if current is not None:
        text = t(
            "🟢 <b>{name}</b> is open: you can send proposals until {closes}.",
            name=esc(current.name),
            closes=current.closes or "—",
        )
        keyboard = [[Button(t("📝 Send a proposal"), cb.encode(Kind.MENU, "propose"))]]
        return Screen(text, keyboard)
    if upcoming is not None:
        return Screen(
            t(
                "No round is open right now. The next one, <b>{name}</b>, opens on {opens}.",
                name=esc(upcoming.name),
                opens=upcoming.opens,
            )
        )
    return Screen(t("No round is open right now. The next round will be announced here."))


def confirm(t: Translator, line: RoundLine, closing: bool, nonce: str) -> Screen:
    if closing:
        text = t(
            "Close <b>{name}</b> now? Its proposals ({count}) are then locked: nobody can "
            "send, change or withdraw them any more.",
            name=esc(line.name),
            count=t.number(line.proposals),
        )
        yes = Button(t("⏹ Yes, close it now"), cb.encode(Kind.ROUND, "C", line.id, nonce))
    else:
        text = t("Cancel the upcoming round <b>{name}</b>?", name=esc(line.name))
        yes = Button(t("🗑 Yes, cancel it"), cb.encode(Kind.ROUND, "D", line.id, nonce))
    no = Button(t("No, go back"), cb.encode(Kind.ROUND, "L", line.id, nonce))
    return Screen(text, [[yes, no]])


def created(t: Translator, name: str, opens: str, closes: str) -> str:
    return t(
        "✅ Round <b>{name}</b> is saved: open from {opens} until {closes}.",
        name=esc(name),
        opens=opens,
        closes=closes,
    )


def overlaps(t: Translator, other: str) -> str:
    return t(
        "Those dates overlap the round <b>{other}</b>, and only one round can be open at a "
        "time. Nothing was saved: tap ➕ New round to try other dates.",
        other=esc(other),
    )


def closed(t: Translator, name: str) -> str:
    return t("⏹ Round <b>{name}</b> is closed. Its proposals are locked.", name=esc(name))


def cancelled(t: Translator, name: str) -> str:
    return t("🗑 Round <b>{name}</b> is cancelled.", name=esc(name))


def intro_new(t: Translator) -> str:
    return t("<b>New consultation round</b> — four short questions. /batal stops.")


def not_allowed(t: Translator) -> str:
    return t("Sorry, only admins can do that.")


def gone(t: Translator) -> str:
    return t("That round has changed meanwhile. Here is the current list.")
