"""Rembug's CPU for one update, per kind of update: a typed answer, a button tap, a shared
location, a photo, a command, the final Send.

Run from the repository root:

    .venv/bin/python bench/per_kind.py                   # 30 participants, ~1 minute
    .venv/bin/python bench/per_kind.py --participants 60 # steadier medians

`bench/dialogue.py` measures the bot's CPU per update with 200 participants at once, where an
update's cost cannot be told from its neighbours'. Here participants go **one at a time** and
act one step at a time, so the bot does nothing else while it handles an action: the CPU it used
from the action until its reply is complete and the chat has been quiet for `--quiet` seconds
is that action's. The CPU is read from the kernel's run time of every thread of the bot
(`/proc/PID/task/*/schedstat`, nanoseconds; psutil's figures move in 10 ms ticks). The walk is
`bench/dialogue.py`'s, except that at the place step each participant shares a location and a
photo, then taps *Next*, as a resident reporting a place does. The plain PTB echo and the echo
bot on Rembug's aiohttp transport (`bench/echo_bot.py`) get the same typed answers and taps
first, one at a time too: what any bot on these frameworks pays for an update.

One at a time is the worst case for every cost that a busy bot shares between updates (one
poll brings several updates, one commit notes several replies, one event-loop wake-up serves
several sockets): the figures here are above `dialogue.py`'s per-update average, and the point
is their proportions, not their sum.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dialogue import specs  # noqa: E402
from bench.participants import (  # noqa: E402
    NEXT,
    OPTION,
    REFERENCE,
    Action,
    echo_journey,
    offered,
    option_label,
    rembug_journey,
)
from bench.processes import BotProcess, BotSpec, percentile, wait_until_polling  # noqa: E402
from emulator import BotApiEmulator, Limits, SimUser  # noqa: E402

LOCATION = (-6.2615, 107.1447)  # Cikarang Pusat


@dataclass(frozen=True)
class Step:
    name: str
    kind: str  # the kind of update it makes: command, text, tap, location, photo, send
    action: Action | None  # None for a location or a photo


def echo_walk(n: int) -> list[Step]:
    """The same typed answers and taps for the echo bots (they have no place step)."""
    return [
        Step(
            a.name, "command" if str(a.value).startswith("/") else a.kind.replace("press", "tap"), a
        )
        for a in echo_journey(n)
    ]


def walk(n: int) -> list[Step]:
    """dialogue.py's journey with a location and a photo at the place step."""
    steps: list[Step] = []
    for action in rembug_journey(n):
        if action.name == "skip place":
            steps += [
                Step("location", "location", None),
                Step("photo", "photo", None),
                Step("next", "tap", Action("next", "press", NEXT)),
            ]
        elif action.name == "send":
            steps.append(Step(action.name, "send", action))
        elif action.kind == "text":
            kind = "command" if str(action.value).startswith("/") else "text"
            steps.append(Step(action.name, kind, action))
        else:
            steps.append(Step(action.name, "tap", action))
    return steps


def bot_cpu_ns(pid: int) -> int:
    """CPU time of every thread of the process so far, in nanoseconds."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # a thread that ended meanwhile
    return total


async def quiet(user: SimUser, seconds: float) -> None:
    """Until no bot event reached the chat for `seconds`."""
    while True:
        seen = len(user.chat.events)
        await asyncio.sleep(seconds)
        if len(user.chat.events) == seen:
            return


async def perform(user: SimUser, n: int, step: Step, limit: float) -> None:
    if step.kind == "location":
        await user.send_location(*LOCATION, timeout=limit)
        return
    if step.kind == "photo":
        await user.send_photo(timeout=limit)
        return
    action = step.action
    assert action is not None
    if action.kind == "text":
        await user.send(str(action.value), timeout=limit)
        return
    if action.optional and not offered(user, str(action.value)):
        raise LookupError("not offered")
    label = option_label(user, n) if action.value is OPTION else str(action.value)
    await user.press(label, timeout=limit)


Costs = list[tuple[Step, float]]  # each step done, with its CPU in milliseconds


async def participant(
    emu: BotApiEmulator, bot: Bot, user_id: int, n: int, args: argparse.Namespace
) -> Costs:
    """One whole walk, one step at a time."""
    user = emu.user(user_id, first_name=f"Peserta{user_id}", language_code="id")
    pid = bot.process.proc.pid
    costs: Costs = []
    for step in bot.walk(n):
        await quiet(user, args.quiet)
        before = bot_cpu_ns(pid)
        try:
            await perform(user, n, step, args.timeout)
        except LookupError:
            continue  # the similar-proposals step only comes to some
        await quiet(user, args.quiet)
        costs.append((step, (bot_cpu_ns(pid) - before) / 1e6))
    last = user.last_bot_message().text or ""
    if bot.process.spec.needs_reference and not REFERENCE.search(last):
        raise RuntimeError(f"participant {user_id} ended without a reference:\n{last}")
    return costs


@dataclass
class Bot:
    process: BotProcess
    walk: Callable[[int], list[Step]]


async def measure(
    emu: BotApiEmulator,
    spec: BotSpec,
    walk_of: Callable[[int], list[Step]],
    args: argparse.Namespace,
) -> Costs:
    with tempfile.TemporaryDirectory(prefix="rembug-per-kind-") as folder:
        bot = Bot(BotProcess(spec, emu, Path(folder), None), walk_of)
        try:
            await wait_until_polling(emu, bot.process, 60.0)
            first = spec.first_user_id
            for n in range(args.warmup):  # lazy imports, SQL compilation: not measured
                await participant(emu, bot, first + n, n, args)
            every: Costs = []
            for n in range(args.participants):
                every += await participant(emu, bot, first + args.warmup + n, n, args)
            bot.process.check_alive()
            return every
        finally:
            await bot.process.stop()


BASELINES = {"plain": "plain echo", "echo-aiohttp": "echo aiohttp"}


async def main_async(args: argparse.Namespace) -> tuple[Costs, dict[str, Costs]]:
    bots = specs()
    emu = BotApiEmulator(bot_username="rembug_bot", limits=Limits(enabled=False))
    await emu.start()
    try:
        baselines = {key: await measure(emu, bots[key], echo_walk, args) for key in BASELINES}
        return await measure(emu, bots["rembug"], walk, args), baselines
    finally:
        await emu.stop()


def medians_by_kind(costs: Costs) -> dict[str, float]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for step, ms in costs:
        by_kind[step.kind].append(ms)
    return {kind: statistics.median(values) for kind, values in by_kind.items()}


def report(costs: Costs, baselines: dict[str, Costs]) -> None:
    floors = {BASELINES[key]: medians_by_kind(found) for key, found in baselines.items()}
    by_kind: dict[str, list[float]] = defaultdict(list)
    by_step: dict[str, list[float]] = defaultdict(list)
    for step, ms in costs:
        by_kind[step.kind].append(ms)
        by_step[f"{step.name} ({step.kind})"].append(ms)
    print("Rembug, one update at a time: CPU per update (ms); the echo bots' medians beside it")
    print(f"{'update':<28}{'n':>5}{'median':>8}{'mean':>8}{'p90':>8}", end="")
    print("".join(f"{title:>14}" for title in floors))
    for title, table in (("by kind", by_kind), ("by step", by_step)):
        print(f"{title}:")
        for key, values in table.items():
            median, mean = statistics.median(values), statistics.fmean(values)
            line = f"  {key:<26}{len(values):>5}{median:>8.2f}{mean:>8.2f}"
            line += f"{percentile(values, 90):>8.2f}"
            for floor in floors.values():
                line += f"{floor[key]:>14.2f}" if key in floor else f"{'':>14}"
            print(line)
    print(f"all {len(costs)} updates: Rembug {statistics.fmean(ms for _, ms in costs):.2f} ms")
    for key, found in baselines.items():
        average = statistics.fmean(ms for _, ms in found)
        print(f"{BASELINES[key]}: {average:.2f} ms over its {len(found)} (texts and taps only)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=0.05, help="seconds without bot events")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for a reply")
    args = parser.parse_args()
    if not Path("/proc/self/task").is_dir():
        print("needs Linux (/proc/PID/task/*/schedstat)", file=sys.stderr)
        return 1
    report(*asyncio.run(main_async(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
