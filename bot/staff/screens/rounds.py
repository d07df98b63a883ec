"""Screens about consultation rounds and their phases (/putaran)."""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.phases import Phase
from bot.screens import Button, Keyboard, Screen, esc


@dataclass(frozen=True)
class RoundLine:
    id: int
    name: str
    opens: str
    closes: str | None
    phase: Phase
    proposals: int
    results: str | None = None  # when hasil begins, if set
    late_to_next: bool = False
    latest_closed: bool = False  # the round a late proposal is measured against


PHASE_MARKS = {
    Phase.UPCOMING: "🕒",
    Phase.COLLECT: "🟢",
    Phase.PRIORITISE: "⚖️",
    Phase.RESULTS: "📊",
}


def phase_name(t: Translator, phase: Phase) -> str:
    names = {
        Phase.UPCOMING: t("upcoming"),
        Phase.COLLECT: t("collecting proposals"),
        Phase.PRIORITISE: t("prioritising"),
        Phase.RESULTS: t("results"),
    }
    return names[phase]


def overview(t: Translator, lines: list[RoundLine], manage: bool) -> Screen:
    text = [t("<b>Consultation rounds</b>")]
    if not lines:
        text.append(t("No round has been created yet."))
    text.extend(_line(t, line) for line in lines)
    if manage:
        text.append(
            t(
                "🟢 collecting · ⚖️ prioritising · 📊 results · 🕒 upcoming. "
                "Proposals are locked once collection ends. Times in WIB."
            )
        )
    keyboard: Keyboard = []
    if manage:
        keyboard.append([Button(t("➕ New round"), cb.encode(Kind.ROUND, "n"))])
        for line in lines:
            keyboard.extend(_buttons(t, line))
    return Screen("\n\n".join(text), keyboard)


def _buttons(t: Translator, line: RoundLine) -> Keyboard:
    name = _short(line.name)
    rows: Keyboard = []
    if line.phase == Phase.UPCOMING:
        rows.append([Button(t("🗑 Cancel “{name}”", name=name), _tap("d", line.id))])
    if line.phase == Phase.COLLECT:
        label = t("⏹ Close collection of “{name}”", name=name)
        rows.append([Button(label, _tap("c", line.id))])
    if line.phase == Phase.PRIORITISE:
        label = t("📊 Publish the results of “{name}”", name=name)
        rows.append([Button(label, _tap("h", line.id))])
    if line.phase in (Phase.COLLECT, Phase.PRIORITISE):
        label = t("🗓 Results date of “{name}”", name=name)
        rows.append([Button(label, _tap("t", line.id))])
    if line.latest_closed:
        label = (
            t("↪️ Late proposals: to the next round")
            if line.late_to_next
            else t("⛔ Late proposals: refused")
        )
        rows.append([Button(label, _tap("x", line.id))])
    return rows


def _tap(action: str, round_id: int) -> str:
    return cb.encode(Kind.ROUND, action, round_id)


def _line(t: Translator, line: RoundLine) -> str:
    until = line.closes or t("no closing date")
    counted = t.n("{count} proposal", "{count} proposals", line.proposals)
    text = (
        f"{PHASE_MARKS[line.phase]} <b>{esc(line.name)}</b> — {phase_name(t, line.phase)}\n"
        + t("{opens} – {closes}", opens=line.opens, closes=until)
        + f" · {counted}"
    )
    if line.phase != Phase.UPCOMING:
        text += "\n" + t("Results: {when}", when=line.results or t("date not set"))
    if line.latest_closed and line.late_to_next:
        text += "\n" + t("Proposals sent now go to the next round.")
    return text


def _short(name: str) -> str:
    return name if len(name) <= 30 else name[:29] + "…"


def public(t: Translator, current: RoundLine | None, upcoming: RoundLine | None) -> Screen:
    """What anyone sees with /putaran: the round that matters now, and the next one."""
    later = _upcoming(t, upcoming)
    if current is None:
        return Screen(
            later or t("No round is open right now. The next round will be announced here.")
        )
    text, keyboard = _public_now(t, current)
    return Screen("\n\n".join([text, later] if later else [text]), keyboard)


def _public_now(t: Translator, current: RoundLine) -> tuple[str, Keyboard | None]:
    name = esc(current.name)
    if current.phase == Phase.COLLECT:
        text = t(
            "🟢 <b>{name}</b> is open: you can send proposals until {closes}.",
            name=name,
            closes=current.closes or "—",
        )
        return text, [[Button(t("📝 Send a proposal"), cb.encode(Kind.MENU, "propose"))]]
    if current.phase == Phase.PRIORITISE:
        text = t(
            "⚖️ <b>{name}</b>: proposals were collected until {closes}. Now residents choose "
            "what matters most in their kecamatan: /prioritas. Results: {results}.",
            name=name,
            closes=current.closes or "—",
            results=current.results or t("when this step ends"),
        )
        return text, None
    text = t("📊 The results of <b>{name}</b> are out: /hasil shows your kecamatan's.", name=name)
    return text, None


def _upcoming(t: Translator, upcoming: RoundLine | None) -> str | None:
    if upcoming is None:
        return None
    return t(
        "The next round, <b>{name}</b>, opens on {opens}.",
        name=esc(upcoming.name),
        opens=upcoming.opens,
    )


def confirm(t: Translator, line: RoundLine, action: str, nonce: str) -> Screen:
    """The question before closing collection ("c"), publishing results ("h") or cancelling."""
    name = esc(line.name)
    if action == "c":
        text = t(
            "Close the collection of <b>{name}</b> now? Its proposals ({count}) are then "
            "locked: nobody can send, change or withdraw them any more. Residents are then "
            "invited to compare their kecamatan's proposals (prioritas).",
            name=name,
            count=t.number(line.proposals),
        )
        yes = Button(t("⏹ Yes, close it now"), _confirmed("C", line.id, nonce))
    elif action == "h":
        text = t(
            "Publish the results of <b>{name}</b> now? Prioritising ends, and every "
            "registered participant receives their kecamatan's results, at Telegram's pace. "
            "This message will show the progress.",
            name=name,
        )
        yes = Button(t("📊 Yes, publish them"), _confirmed("H", line.id, nonce))
    else:
        text = t("Cancel the upcoming round <b>{name}</b>?", name=name)
        yes = Button(t("🗑 Yes, cancel it"), _confirmed("D", line.id, nonce))
    no = Button(t("No, go back"), _confirmed("L", line.id, nonce))
    return Screen(text, [[yes, no]])


def _confirmed(action: str, round_id: int, nonce: str) -> str:
    return cb.encode(Kind.ROUND, action, round_id, nonce)


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
    return t(
        "⏹ The collection of <b>{name}</b> is closed and its proposals are locked. "
        "Prioritising has begun.",
        name=esc(name),
    )


def published(t: Translator, name: str) -> str:
    return t("📊 The results of <b>{name}</b> are being sent.", name=esc(name))


def results_date_set(t: Translator, name: str, when: str) -> str:
    return t(
        "🗓 The results of <b>{name}</b> go out on {when}: prioritising ends then, and every "
        "registered participant receives their kecamatan's results.",
        name=esc(name),
        when=when,
    )


def late_policy(t: Translator, name: str, to_next: bool) -> str:
    if to_next:
        return t(
            "↪️ Proposals sent after the collection of <b>{name}</b> now go to the next round "
            "(once it has been created).",
            name=esc(name),
        )
    return t(
        "⛔ Proposals sent after the collection of <b>{name}</b> are refused, with a message "
        "saying when the next round opens.",
        name=esc(name),
    )


def cancelled(t: Translator, name: str) -> str:
    return t("🗑 Round <b>{name}</b> is cancelled.", name=esc(name))


def intro_new(t: Translator) -> str:
    return t("<b>New consultation round</b> — four short questions. /batal stops.")


def intro_results_date(t: Translator, name: str) -> str:
    return t("<b>Results date of {name}</b> — one question. /batal stops.", name=esc(name))


def not_allowed(t: Translator) -> str:
    return t("Sorry, only admins can do that.")


def gone(t: Translator) -> str:
    return t("That round has changed meanwhile. Here is the current list.")


def moved_by_date(t: Translator, name: str, phase: Phase) -> str:
    """To the admin in whose name a phase that began by its date is announced."""
    if phase == Phase.PRIORITISE:
        return t(
            "⚖️ The collection of <b>{name}</b> ended as scheduled. Residents are being "
            "invited to prioritise:",
            name=esc(name),
        )
    return t(
        "📊 The results of <b>{name}</b> are due as scheduled and are being sent:",
        name=esc(name),
    )
