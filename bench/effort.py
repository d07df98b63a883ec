"""How much a resident has to do: a scripted first visit from /start to the proposal's receipt,
registration included, counting every tap and every message they send.

Run from the repository root:

    .venv/bin/python bench/effort.py          # both paths, in Indonesian
    .venv/bin/python bench/effort.py --json

Two paths (issue 11's targets in brackets):
- every optional question skipped: a resident (warga), the suggested topic confirmed
  [≤ 12 taps + 4 typed messages: name, problem, causes, solution];
- every question answered: a community leader with group and headcount, a need, who benefits,
  the place typed and shared as a location, one photo [≤ 20 actions].
Also the numbered steps of the proposal [≤ 10]. Counts, not timings: tests/e2e/test_effort.py
runs the same script against the same bot and checks the same numbers.

The emulator and the bot run in this process (the real application, polling over HTTP, on a
fresh SQLite database in a temporary folder).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.i18n import Translator, translator  # noqa: E402
from emulator import BotApiEmulator, SimUser  # noqa: E402

WAIT = 10.0
# On the first page of the alphabetical list; two, so that the second resident's proposal
# has no similar one to join (that screen adds a tap, and is not part of the measure).
KECAMATAN = ("Cikarang Utara", "Cibitung")
STEP = re.compile(r"(\d+)\D+(\d+)")
# The resident's answers; bench/participants.py's journey types the same ones.
PROBLEM = "Got di gang RT 03 mampet, kalau hujan air meluap ke rumah warga."
CAUSES = "Saluran penuh sampah dan tidak pernah dikeruk sejak dua tahun lalu."
SOLUTION = "Keruk saluran dan kerja bakti warga tiap bulan bersama kelurahan."


@dataclass
class Effort:
    path: str
    taps: int = 0
    typed: int = 0  # text messages
    shared: int = 0  # a location or a photo
    proposal_steps: int = 0  # the highest "Step n of N" N seen in the proposal, minus registration
    typed_what: list[str] = field(default_factory=list)

    @property
    def actions(self) -> int:
        return self.taps + self.typed + self.shared


class ScriptedResident:
    """A resident who reads the newest question and acts on it; every action is counted."""

    def __init__(self, user: SimUser, t: Translator, effort: Effort) -> None:
        self.user = user
        self.t = t
        self.effort = effort
        self.counters: list[tuple[int, int]] = []

    async def tap(self, label: str, *, translated: bool = True) -> None:
        text = self.t(label) if translated else label
        before = self._newest_id()
        await self.user.press(text)
        self.effort.taps += 1
        await self._next_question(before)

    async def type(self, what: str, text: str) -> None:
        before = self._newest_id()
        await self.user.send(text)
        self.effort.typed += 1
        self.effort.typed_what.append(what)
        await self._next_question(before)

    async def share_location(self) -> None:
        await self.user.send_location(-6.2615, 107.1447)
        self.effort.shared += 1

    async def share_photo(self) -> None:
        await self.user.send_photo()
        self.effort.shared += 1

    def buttons(self) -> list[str]:
        with_buttons = [m for m in self.user.bot_messages() if m.buttons]
        newest = max(with_buttons, key=lambda m: m.message_id)
        return newest.button_texts()

    def question_text(self) -> str:
        with_buttons = [m for m in self.user.bot_messages() if m.buttons]
        return max(with_buttons, key=lambda m: m.message_id).text or ""

    def _newest_id(self) -> int:
        messages = self.user.bot_messages()
        return max((m.message_id for m in messages), default=0)

    async def _next_question(self, before: int) -> None:
        """Wait until a newer message with buttons is shown: after an answer, the next
        question always comes as a new message (a tapped one stays as its echo)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while loop.time() < deadline:
            newest = [m for m in self.user.bot_messages() if m.message_id > before and m.buttons]
            if newest:
                self._note_counter()
                return
            await asyncio.sleep(0.01)
        raise TimeoutError(f"no next question:\n{self.user.chat.describe()}")

    def _note_counter(self) -> None:
        found = STEP.search(self.question_text().split("\n", 1)[0])
        if found:
            self.counters.append((int(found.group(1)), int(found.group(2))))


async def first_visit(user: SimUser, locale: str, every_question: bool) -> Effort:
    """The whole first visit; returns what it took."""
    t = translator(locale)
    effort = Effort("every question answered" if every_question else "optional skipped")
    r = ScriptedResident(user, t, effort)
    await user.send("/start")  # the entry, not counted: a link or the Start button does it
    await _wait_for_button(user, t("✅ I agree"))
    await r.tap("✅ I agree")
    await r.type("name", "Sari Wulandari")
    await r.tap(KECAMATAN[every_question], translated=False)
    await r.tap(r.buttons()[0], translated=False)  # the first desa
    registration = await _register_role(r, every_question)
    await r.type("problem", PROBLEM)
    await r.tap("✅ Yes, that's right")
    await r.type("causes", CAUSES)
    await r.type("solution", SOLUTION)
    await r.tap("Very urgent")
    await r.tap("Within 3 months")
    await (r.tap("Budget") if every_question else r.tap("Skip ⏭"))
    if every_question:
        await r.type("beneficiaries", "120 KK di RT 03 dan RT 04")
    else:
        await r.tap("Skip ⏭")
    await _place(r, every_question)
    await _send(r)
    effort.proposal_steps = max(total for _, total in r.counters) - registration
    return effort


async def _register_role(r: ScriptedResident, every_question: bool) -> int:
    """The role, and for a representative their group and headcount; returns how many
    numbered registration questions were asked."""
    if not every_question:
        await r.tap("Resident")
        return 4
    await r.tap("Community leader")
    await r.type("group", "Karang Taruna RW 05")
    await r.type("headcount", "sekitar 200 KK")
    return 6


async def _place(r: ScriptedResident, every_question: bool) -> None:
    if not every_question:
        await r.tap("Skip ⏭")
        return
    await r.user.send("Jl. Raya Karangraharja depan SDN 02")
    r.effort.typed += 1
    r.effort.typed_what.append("place")
    await r.share_location()
    await r.share_photo()
    await _wait_for_button(r.user, r.t("Next ➡️"))
    await r.tap("Next ➡️")


async def _send(r: ScriptedResident) -> None:
    await r.user.press(r.t("✅ Send proposal"))
    r.effort.taps += 1
    await _wait_for_text(r.user, re.compile(r"\b[A-Z]{3}-\d{4}\b"))


async def _wait_for_button(user: SimUser, label: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not any(label in m.button_texts() for m in user.bot_messages()):
        if loop.time() > deadline:
            raise TimeoutError(f"no {label!r}:\n{user.chat.describe()}")
        await asyncio.sleep(0.01)


async def _wait_for_text(user: SimUser, pattern: re.Pattern[str]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not any(pattern.search(m.text or "") for m in user.bot_messages()):
        if loop.time() > deadline:
            raise TimeoutError(f"no {pattern.pattern!r}:\n{user.chat.describe()}")
        await asyncio.sleep(0.01)


async def measure(locale: str) -> list[Effort]:
    from bot.serve.playground import running_bot
    from bot.settings import Settings
    from storage.db import Database
    from storage.migrate import upgrade

    emulator = BotApiEmulator(bot_username="rembug_bot")
    await emulator.start(host="127.0.0.1", port=0)
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'effort.db'}"
            await asyncio.to_thread(upgrade, url)  # Alembic runs its own event loop
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                bot_token=SecretStr(emulator.token),
                telegram_api_url=emulator.url,
                database_url=url,
                admin_ids=frozenset(),
            )
            database = Database(url)
            try:
                async with running_bot(settings, database):
                    skipped = await first_visit(emulator.user(5001, "Sari"), locale, False)
                    answered = await first_visit(emulator.user(5002, "Budi"), locale, True)
            finally:
                await database.dispose()
    finally:
        await emulator.stop()
    return [skipped, answered]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--locale", default="id", choices=("id", "en"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = asyncio.run(measure(args.locale))
    if args.json:
        print(json.dumps([{**asdict(e), "actions": e.actions} for e in results], indent=2))
        return
    for e in results:
        print(
            f"{e.path:26} taps {e.taps:2}  typed {e.typed:2} ({', '.join(e.typed_what)})  "
            f"shared {e.shared}  actions {e.actions:2}  proposal steps {e.proposal_steps}"
        )
    print(
        "targets: optional skipped ≤ 12 taps + 4 typed; every question ≤ 20 actions; "
        "proposal ≤ 10 numbered steps"
    )


if __name__ == "__main__":
    main()
