"""Helpers for the durability tests: the canonical journey, waiting on the chat, the bot process."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from emulator import BotApiEmulator, Message, Reaction, SimUser

# What the user reads (English, the source language, so catalog edits do not break these).
STALE = "That button is from an earlier question. Please use the latest message."
BUSY = "Please finish the question you are on first, or stop it with /batal."
APOLOGY = "Sorry, something went wrong on our side"
RESUMED = "Let's continue where you left off."
HELP_TITLE = "Rembug — help"
REFERENCE = re.compile(r"\b[A-Z]{3}-\d{4}\b")
_STEP = re.compile(r"Step (\d+) of (\d+)")

Act = Callable[[SimUser], Awaitable[Reaction]]


@dataclass(frozen=True)
class Answer:
    """One answer of the journey: how it is given and how the review screen shows it."""

    step: str
    act: Act
    shown: str


def typed(text: str, shown: str | None = None) -> Callable[[str], Answer]:
    return lambda step: Answer(step, lambda u: u.send(text), shown or text)


def tapped(label: str, shown: str | None = None) -> Callable[[str], Answer]:
    return lambda step: Answer(step, lambda u: u.press(label), shown or label)


async def _another_topic(user: SimUser) -> Reaction:
    """Not the suggested topic: 📋 Another topic → the group → the element (so the perangkat
    daerah is asked too)."""
    await user.press("📋 Another topic")
    await wait_button(user, TOPIC_GROUP)
    await user.press(TOPIC_GROUP)
    await wait_button(user, TOPIC)
    return await user.press(TOPIC)


async def _located(user: SimUser) -> Reaction:
    """The place: a shared location, then Next."""
    await user.send_location(-6.2, 107.1)
    await wait_button(user, "Next ➡️")
    return await user.press("Next ➡️")


TOPIC_GROUP = "Public services and permits"
TOPIC = "Public services (ID cards, permits, village office)"

# A representative: the group and headcount are asked of them only (a resident skips both).
REGISTRATION = [
    typed("Siti Aminah")("name"),
    typed("Tarumajaya")("kecamatan"),
    typed("Segarajaya")("desa"),
    tapped("Karang Taruna (youth group)")("role"),
    typed("Karang Taruna RW 05")("group_name"),
    typed("40")("represents"),
]

PROPOSAL = [
    typed("Jalan desa rusak parah sejak dua tahun lalu")("problem"),
    Answer("sub_element", _another_topic, TOPIC),
    typed("Dinkes", "Dinas Kesehatan")("agency"),
    typed("Drainase buruk dan truk bermuatan berat lewat")("causes"),
    typed("Perbaikan jalan dengan beton dan saluran air")("solution"),
    tapped("Urgent")("urgency"),
    tapped("Within 3 months")("time_to_result"),
    tapped("Budget")("needs"),
    typed("300 keluarga di RW 03")("beneficiaries"),
    Answer("place", _located, "Segarajaya, 📍 location shared"),
]
# A first visit is one dialogue with one counter: registration runs straight on into the
# proposal ("Step 7 of 16" is its problem; until the role is known the total is a resident's,
# who is not asked the two questions for representatives); a later /usul counts the proposal
# alone.
FIRST_VISIT = [*REGISTRATION, *PROPOSAL]
RECAP = "✅ Registered:"
MENU = "📝 Send a proposal"


def step_number(text: str) -> int | None:
    """The N of "Step N of M" in a question, or None."""
    found = _STEP.search(text)
    return int(found.group(1)) if found else None


def texts(user: SimUser, after: int = 0) -> list[str]:
    """Texts of the bot's messages (as they stand now) newer than message id `after`."""
    return [m.text or m.caption or "" for m in user.bot_messages() if m.message_id > after]


def last_message_id(user: SimUser) -> int:
    return max((m.message_id for m in user.chat.messages), default=0)


def current_question(user: SimUser) -> Message:
    """The newest bot message that asks a numbered question."""
    for message in sorted(user.bot_messages(), key=lambda m: -m.message_id):
        if step_number(message.text or ""):
            return message
    raise LookupError(f"no question in the chat:\n{user.chat.describe()}")


async def wait_for(
    user: SimUser,
    fragment: str,
    *,
    after: int = 0,
    within: float = 10.0,
) -> Message:
    """The newest bot message newer than `after` whose text contains `fragment`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        for message in sorted(user.bot_messages(), key=lambda m: -m.message_id):
            if message.message_id > after and fragment in (message.text or ""):
                return message
        if loop.time() >= deadline:
            raise AssertionError(
                f"no bot message containing {fragment!r} within {within}s:\n{user.chat.describe()}"
            )
        await asyncio.sleep(0.02)


async def wait_button(user: SimUser, label: str, within: float = 10.0) -> Message:
    """The newest bot message showing a button labelled `label`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        for message in sorted(user.bot_messages(), key=lambda m: -m.message_id):
            if label in message.button_texts():
                return message
        if loop.time() >= deadline:
            raise AssertionError(f"no button {label!r} within {within}s:\n{user.chat.describe()}")
        await asyncio.sleep(0.02)


async def settle(user: SimUser, quiet: float = 0.3, within: float = 10.0) -> None:
    """Wait until the bot has been silent in the chat for `quiet` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    count = len(user.chat.events)
    quiet_since = loop.time()
    while loop.time() < deadline:
        await asyncio.sleep(0.02)
        if len(user.chat.events) != count:
            count = len(user.chat.events)
            quiet_since = loop.time()
        elif loop.time() - quiet_since >= quiet:
            return
    raise AssertionError(f"the bot kept talking for {within}s:\n{user.chat.describe()}")


async def consent(user: SimUser) -> None:
    await user.send("/start")
    await user.press("✅ I agree")
    await wait_step(user, 1)


async def wait_step(
    user: SimUser, number: int, total: int | None = None, within: float = 10.0
) -> Message:
    """Wait until the current question is "Step <number> of <total>" ("Step <number> of "
    without a total: the total depends on the answers, e.g. the role)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    wanted = f"Step {number} of {'' if total is None else total}"
    while True:
        try:
            message = current_question(user)
        except LookupError:
            message = None
        if message is not None and wanted in (message.text or ""):
            return message
        if loop.time() >= deadline:
            raise AssertionError(f"not at {wanted!r} after {within}s:\n{user.chat.describe()}")
        await asyncio.sleep(0.02)


async def answer_from(
    user: SimUser, answers: list[Answer], first: int = 1, last: int | None = None
) -> None:
    """Answer questions `first`..`last` (default: all) of a flow, each once it is shown."""
    total = len(answers)
    for number in range(first, (last or total) + 1):
        await wait_step(user, number)
        await answers[number - 1].act(user)


# --- the bot as an operator runs it ----------------------------------------------------


def rembug_command() -> list[str]:
    """`rembug` from the virtualenv when installed there, else `python -m bot`."""
    script = Path(sys.executable).parent / "rembug"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


_OURS = ("BOT_TOKEN", "TELEGRAM_API_URL", "DATABASE_URL", "ADMIN_IDS", "DEFAULT_LOCALE")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus any Rembug configuration, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in _OURS}
    env.update(extra)
    return env


def run_cli(
    *args: str, cwd: Path, timeout: float = 30.0, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*rembug_command(), *args],
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class BotProcess:
    """`rembug run` in a subprocess, against the emulator living in the test process."""

    def __init__(self, emu: BotApiEmulator, workdir: Path) -> None:
        self.emu = emu
        self.workdir = workdir
        self.database = workdir / "rembug.db"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def log(self) -> Path:
        return self.workdir / f"rembug-{self.starts}.log"

    def start(self) -> None:
        assert self.proc is None, "already running"
        self.starts += 1
        env = clean_env(
            BOT_TOKEN=self.emu.token,
            TELEGRAM_API_URL=self.emu.url,
            DATABASE_URL=f"sqlite+aiosqlite:///{self.database}",
            LOG_LEVEL="WARNING",
        )
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [*rembug_command(), "run"],
                cwd=self.workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    async def ready(self, user: SimUser, within: float = 15.0) -> None:
        """Polling: /bantuan is answered (updates queued before it are handled first)."""
        after = last_message_id(user)
        await user.send("/bantuan", expect_reply=False)
        try:
            await wait_for(user, HELP_TITLE, after=after, within=within)
        except AssertionError:
            raise AssertionError(f"bot did not come up; its log:\n{self.output()}") from None

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no last getUpdates confirming the offset."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    async def killed_midway(
        self, delivered: Callable[[], int], total: int, part: int, what: str
    ) -> None:
        """Started, SIGKILLed once `part` of `total` messages arrived, started again, and
        waited on until all `total` arrived (or the test fails)."""
        self.start()
        await _until(lambda: delivered() >= part, 30, f"a good part of {what}")
        self.kill()
        assert delivered() < total, "killed too late to test anything"
        self.start()
        await _until(lambda: delivered() >= total, 40, f"the rest of {what}")

    def output(self) -> str:
        logs = sorted(self.workdir.glob("rembug-*.log"))
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')}" for p in logs)


async def _until(check: Callable[[], bool], within: float, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
