"""The simulated participants of the benchmarks: their journey through the consultation, and
how one action and its complete reply are timed."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.echo_bot import BUTTON_LABEL
from bench.effort import CAUSES, PROBLEM, SOLUTION
from bot.i18n import translator
from emulator import BotEvent, NoReply, SimUser
from emulator.models import Chat

REFERENCE = re.compile(r"\b[A-Z]{2,5}-\d{4,}\b")

# Labels are looked up in the bot's own catalog, as an Indonesian-speaking participant sees them.
T = translator("id")
AGREE = T("✅ I agree")
RESIDENT = T("Resident")
TOPIC_RIGHT = T("✅ Yes, that's right")
DIFFERENT = T("✍️ Mine is different")
SKIP = T("Skip ⏭")
NEXT = T("Next ➡️")
SEND = T("✅ Send proposal")
NAVIGATION = {
    T("⬅️ Back"),
    T("✖️ Cancel"),
    SKIP,
    NEXT,
    T("Done ➡️"),
    T("🤔 Not sure yet"),
    "◀️",
    "▶️",
}
PAGER = re.compile(r"^\d+/\d+$")
OPTION = object()  # "press one of the options on screen" (chosen per participant)


# --- the journey ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    kind: str  # "text" or "press"
    value: str | object  # the text, a button label, or OPTION
    # Only when the screen offers it: a press of a button that only some participants are shown
    # (the similar-proposals step comes only when the kecamatan has a proposal like theirs).
    optional: bool = False


def rembug_journey(n: int) -> list[Action]:
    """Participant n's first visit, one dialogue as in bench/effort.py's `first_visit` (a
    resident, the suggested topic confirmed): /start, consent, registration, every proposal
    step, review, Send."""
    return [
        Action("/start", "text", "/start"),
        Action("agree", "press", AGREE),
        Action("name", "text", f"Peserta {n}"),
        Action("kecamatan", "press", OPTION),
        Action("desa", "press", OPTION),
        Action("role", "press", RESIDENT),
        *proposal_journey(n),
    ]


def proposal_journey(n: int) -> list[Action]:
    """The proposal part: from the problem to Send (after registration, or after /usul)."""
    return [
        Action("problem", "text", PROBLEM),
        Action("topic", "press", TOPIC_RIGHT),
        Action("similar", "press", DIFFERENT, optional=True),
        Action("causes", "text", CAUSES),
        Action("solution", "text", SOLUTION),
        Action("urgency", "press", OPTION),
        Action("time to result", "press", OPTION),
        Action("need", "press", OPTION),
        Action("beneficiaries", "text", f"{100 + n} keluarga di RW {n % 20 + 1:02d}"),
        Action("skip place", "press", SKIP),
        Action("send", "press", SEND),
    ]


def again_journey(n: int) -> list[Action]:
    """A registered participant's next proposal: /usul, then the proposal part."""
    return [Action("/usul", "text", "/usul"), *proposal_journey(n)]


def required(journey: Sequence[Action]) -> int:
    """The actions every participant does (the optional ones only some are offered)."""
    return sum(not a.optional for a in journey)


def echo_journey(n: int) -> list[Action]:
    """The same actions every Rembug participant does, in the same order: texts are sent as
    they are, every press is the echo bot's one button (the echo bot never shows the optional
    similar-proposals step, so it has no such action)."""
    return [
        Action(a.name, a.kind, a.value if a.kind == "text" else BUTTON_LABEL)
        for a in rembug_journey(n)
        if not a.optional
    ]


def option_label(user: SimUser, n: int) -> str:
    """One of the options on the newest bot message, spread over participants."""
    message = user.last_bot_message()
    options = [
        b.text
        for row in message.buttons
        for b in row
        if b.callback_data is not None and b.text not in NAVIGATION and not PAGER.match(b.text)
    ]
    if not options:
        raise LookupError(f"no option buttons in the newest bot message:\n{user.chat.describe()}")
    return str(options[n % len(options)])


# --- one participant ------------------------------------------------------------------------


@dataclass
class Participant:
    n: int
    user: SimUser
    journey: list[Action]
    times: list[float]  # perf_counter() of every bot event in the chat, aligned with chat.events
    first_ms: list[float] = field(default_factory=list)
    ready_ms: list[float] = field(default_factory=list)
    actions: int = 0
    not_offered: int = 0  # optional actions the screen did not offer
    reference: str | None = None
    final_text: str = ""
    error: str | None = None
    taps_answered: bool = True  # False: a tap's reply is a new message alone (the plain echo)


def timestamp_events(chat: Chat) -> list[float]:
    """Record when each bot event reaches the chat (the emulator's BotEvent has no time)."""
    times: list[float] = []
    original = chat.add_event

    def add_event(event: BotEvent) -> None:
        times.append(time.perf_counter())
        original(event)

    chat.add_event = add_event  # type: ignore[method-assign]
    return times


def _screen_ready(events: Sequence[BotEvent], pressed: bool) -> bool:
    """The participant can act again: a new or edited message with buttons is on screen, and a
    pressed button's query was answered."""
    shown = any(
        e.kind in ("message", "edit") and e.message is not None and e.message.buttons
        for e in events
    )
    answered = not pressed or any(e.kind == "callback_answer" for e in events)
    return shown and answered


def offered(user: SimUser, label: str) -> bool:
    with_buttons = [m for m in user.bot_messages() if m.buttons]
    return (
        bool(with_buttons) and label in max(with_buttons, key=lambda m: m.message_id).button_texts()
    )


async def act(p: Participant, action: Action, settle: float, limit: float) -> None:
    """One action; waits at most `limit` seconds for the complete reply. An optional action the
    screen does not offer is not done (counted in `not_offered`)."""
    user, chat = p.user, p.user.chat
    if action.optional and not offered(user, str(action.value)):
        p.not_offered += 1
        return
    loop = asyncio.get_running_loop()
    start = len(chat.events)
    if action.kind == "text":
        began = time.perf_counter()
        await user.send(str(action.value), settle=settle, timeout=limit)
    else:
        label = option_label(user, p.n) if action.value is OPTION else str(action.value)
        began = time.perf_counter()
        await user.press(label, settle=settle, timeout=limit)
    pressed = action.kind == "press" and p.taps_answered
    deadline = loop.time() + limit
    # The emulator returns after the first event and a short quiet `settle`; a reply may come in
    # several API calls (edit the old question, then send the next one), so wait for all of it.
    while not _screen_ready(chat.events[start:], pressed):
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise NoReply(f"no complete reply to {action.name}:\n{chat.describe()}")
        await user.wait_event(timeout=remaining)
    ready_at = next(
        i
        for i in range(start, len(chat.events))
        if _screen_ready(chat.events[start : i + 1], pressed)
    )
    p.first_ms.append((p.times[start] - began) * 1000)
    p.ready_ms.append((p.times[ready_at] - began) * 1000)
    p.actions += 1


async def run_participant(
    p: Participant, settle: float, limit: float, think: float = 0.0
) -> Participant:
    action = p.journey[0]
    pauses = random.Random(p.user.id)
    try:
        for index, action in enumerate(p.journey):
            if think and index:
                await asyncio.sleep(think * pauses.uniform(0.5, 1.5))
            await act(p, action, settle, limit)
        last = p.user.last_bot_message()
        p.final_text = last.text or ""
        found = REFERENCE.search(p.final_text)
        p.reference = found.group(0) if found else None
    except Exception as error:  # every failure is reported, none is hidden
        p.error = f"{action.name}: {type(error).__name__}: {error}"
    return p
