"""End-to-end throughput benchmark: N participants complete the whole consultation at once.

Run from the repository root:

    .venv/bin/python bench/dialogue.py                     # 200 participants, both bots
    .venv/bin/python bench/dialogue.py --participants 20   # a quick run (seconds)
    .venv/bin/python bench/dialogue.py --json              # machine-readable result

The Bot API emulator runs in this process (HTTP on 127.0.0.1, flood limits OFF: the benchmark
measures the bot, not Telegram's pacing). Each bot runs as a separate subprocess started like a
real deployment (`python -m bot run`, or bench/echo_bot.py for the framework ceiling), so its CPU
time can be read with psutil. See bench/README.md for what every figure means.

Exit status: 0 when every participant finished (targets met or not; --fail-on-targets makes a
missed target exit 3), 1 when the run is invalid (a participant failed, no reference number,
API errors, the bot died or a timeout hit).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from bench.figures import (  # noqa: E402
    BotRun,
    compared,
    environment,
    print_text,
    summary,
    targets,
)
from bench.participants import (  # noqa: E402
    Participant,
    echo_journey,
    rembug_journey,
    run_participant,
    timestamp_events,
)
from bench.processes import (  # noqa: E402
    BotProcess,
    BotSpec,
    cpu_seconds,
    machine_cpu,
    sql_statements,
    wait_until_polling,
)
from emulator import BotApiEmulator, Limits  # noqa: E402

ECHO_BOT = ROOT / "bench" / "echo_bot.py"


# --- one bot --------------------------------------------------------------------------------


async def run_wave(
    emu: BotApiEmulator, spec: BotSpec, ids: range, args: argparse.Namespace, warmup: bool
) -> list[Participant]:
    participants = []
    for index, user_id in enumerate(ids):
        user = emu.user(user_id, first_name=f"Peserta{user_id}", language_code="id")
        times = timestamp_events(user.chat)
        journey = spec.journey(index)
        participant = Participant(index, user, journey, times, taps_answered=spec.taps_answered)
        participants.append(participant)
    think = 0.0 if warmup else args.think
    tasks = [run_participant(p, args.settle, args.action_timeout, think) for p in participants]
    try:
        return list(await asyncio.wait_for(asyncio.gather(*tasks), args.phase_timeout))
    except TimeoutError:
        raise TimeoutError(
            f"{spec.title}: {len(ids)} participants did not finish within "
            f"{args.phase_timeout}s (--phase-timeout)"
        ) from None


async def measure(
    emu: BotApiEmulator, spec: BotSpec, args: argparse.Namespace, workdir: Path
) -> BotRun:
    run = BotRun(spec, args.participants)
    bot = BotProcess(spec, emu, workdir, args.cprofile)
    try:
        await wait_until_polling(emu, bot, args.startup_timeout)
        if args.verbose:
            print(f"[{spec.key}] polling, pid {bot.proc.pid}", file=sys.stderr)
        # Warm-up (not measured): the first updates pay for lazy imports, SQL compilation, etc.
        warm_ids = range(spec.first_user_id, spec.first_user_id + args.warmup)
        warm = await run_wave(emu, spec, warm_ids, args, warmup=True)
        run.warmup = len(warm)
        broken = [p.error for p in warm if p.error]
        if broken:
            raise RuntimeError(f"{spec.title}: warm-up failed: {broken[0]}")
        bot.check_alive()

        statements_before = await sql_statements(bot.metrics_port)
        calls_before = Counter(emu.stats.calls)
        errors_before = Counter(emu.stats.errors)
        updates_before = emu.stats.updates_created
        bot_cpu_before = cpu_seconds(bot.ps)
        harness = psutil.Process()
        harness_before = cpu_seconds(harness)
        machine_before = machine_cpu()
        started = time.perf_counter()

        first_id = spec.first_user_id + args.warmup
        ids = range(first_id, first_id + args.participants)
        done = await run_wave(emu, spec, ids, args, warmup=False)

        run.wall_s = time.perf_counter() - started
        run.bot_cpu_s = cpu_seconds(bot.ps) - bot_cpu_before
        run.harness_cpu_s = cpu_seconds(harness) - harness_before
        machine_after = machine_cpu()
        run.machine_busy_s = machine_after[0] - machine_before[0]
        run.steal_s = machine_after[1] - machine_before[1]
        run.updates = emu.stats.updates_created - updates_before
        run.calls = Counter(emu.stats.calls)
        run.calls.subtract(calls_before)
        run.errors = Counter(emu.stats.errors)
        run.errors.subtract(errors_before)
        run.errors = +run.errors
        statements_after = await sql_statements(bot.metrics_port)
        if statements_before is not None and statements_after is not None:
            run.sql_statements = statements_after - statements_before
        bot.check_alive()
    finally:
        await bot.stop()

    for p in done:
        run.first_ms += p.first_ms
        run.ready_ms += p.ready_ms
        if p.error:
            run.failures.append(f"participant {p.user.id}: {p.error}")
        elif p.actions + p.not_offered != len(p.journey):
            run.failures.append(f"participant {p.user.id}: {p.actions}/{len(p.journey)} actions")
        elif spec.needs_reference and p.reference is None:
            run.failures.append(
                f"participant {p.user.id}: no reference number in {p.final_text[:200]!r}"
            )
        else:
            run.completed += 1
            if p.reference:
                run.references.append(p.reference)
    if spec.needs_reference:
        duplicates = len(run.references) - len(set(run.references))
        if duplicates:
            run.failures.append(f"{duplicates} duplicated reference numbers")
        run.db_proposals = count_proposals(bot.db_path)
        expected = run.warmup + args.participants
        if run.db_proposals != expected:
            run.failures.append(f"database holds {run.db_proposals} proposals, expected {expected}")
    if run.errors:
        run.failures.append(f"Bot API errors returned to the bot: {dict(run.errors)}")
    done_actions = sum(p.actions for p in done)
    if run.updates != done_actions:
        run.failures.append(f"{run.updates} updates, expected {done_actions} (actions done)")
    return run


def count_proposals(db_path: Path) -> int | None:
    if not db_path.exists():
        return None
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        return int(db.execute("SELECT count(*) FROM proposals").fetchone()[0])


# --- main -----------------------------------------------------------------------------------


def specs() -> dict[str, BotSpec]:
    return {
        "echo": BotSpec(
            "echo", "echo bot", [sys.executable, str(ECHO_BOT)], echo_journey, False, 2_000_001
        ),
        "plain": BotSpec(
            "plain",
            "plain PTB echo",
            [sys.executable, str(ECHO_BOT), "--plain"],
            echo_journey,
            False,
            4_000_001,
            taps_answered=False,
        ),
        "echo-aiohttp": BotSpec(
            "echo-aiohttp",
            "echo, aiohttp",
            [sys.executable, str(ECHO_BOT), "--transport", "aiohttp"],
            echo_journey,
            False,
            3_000_001,
        ),
        "rembug": BotSpec(
            "rembug",
            "Rembug",
            [sys.executable, "-m", "bot", "run"],
            rembug_journey,
            True,
            1_000_001,
        ),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200, help="default 200")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--bots",
        default="plain,echo,echo-aiohttp,rembug",
        help="comma-separated, in run order: plain,echo,echo-aiohttp,rembug (default); the "
        "targets need plain and rembug. plain is python-telegram-bot's echo as shipped (httpx, "
        "one update at a time, one sendMessage each); echo answers 64 updates at once like "
        "Rembug; echo-aiohttp is that echo bot on Rembug's HTTP transport",
    )
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured participants first")
    parser.add_argument(
        "--settle",
        type=float,
        default=0.002,
        help="emulator quiet period after the first bot event, seconds (default 0.002; the "
        "harness then waits until the next screen is complete anyway)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause between a participant's actions, seconds (default 0: closed loop, "
        "the capacity test). With a pause the load is set by the participants, so updates/s "
        "is no longer the bot's capacity, but latency is measured at that realistic load",
    )
    parser.add_argument("--action-timeout", type=float, default=30.0, help="per action, seconds")
    parser.add_argument("--phase-timeout", type=float, default=900.0, help="per bot, seconds")
    parser.add_argument("--startup-timeout", type=float, default=60.0, help="seconds")
    parser.add_argument(
        "--cprofile", type=Path, default=None, help="run each bot under cProfile, .prof files here"
    )
    parser.add_argument(
        "--fail-on-targets", action="store_true", help="exit 3 if a target is missed"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.participants < 1 or args.warmup < 0:
        parser.error("--participants must be >= 1 and --warmup >= 0")
    known = specs()
    args.bot_keys = [k.strip() for k in args.bots.split(",") if k.strip()]
    if not args.bot_keys or any(k not in known for k in args.bot_keys):
        parser.error(f"--bots takes {', '.join(known)}")
    return args


async def main_async(args: argparse.Namespace) -> dict[str, BotRun]:
    known = specs()
    emu = BotApiEmulator(
        bot_username="rembug_bot",
        limits=Limits(enabled=False),
        settle=args.settle,
        timeout=args.action_timeout,
    )
    await emu.start(host="127.0.0.1", port=0)
    runs: dict[str, BotRun] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="rembug-bench-") as tmp:
            for key in args.bot_keys:
                if args.verbose:
                    print(f"[{key}] starting", file=sys.stderr)
                runs[key] = await measure(emu, known[key], args, Path(tmp))
    finally:
        await emu.stop()
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        runs = asyncio.run(main_async(args))
    except (RuntimeError, TimeoutError) as error:
        print(f"dialogue benchmark: RUN FAILED: {error}", file=sys.stderr)
        return 1
    checks = []
    if {"rembug", "plain"} <= runs.keys():
        checks = targets(runs["rembug"], runs["plain"], not args.think)
    for other in ("echo", "echo-aiohttp"):
        if {"rembug", other} <= runs.keys():
            checks += compared(runs["rembug"], runs[other], not args.think)
    if args.json:
        document = {
            "environment": environment(args),
            "bots": {key: summary(run) for key, run in runs.items()},
            "targets": checks,
            "valid": all(run.valid for run in runs.values()),
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print_text(runs, args, checks)
    if not all(run.valid for run in runs.values()):
        if args.json:
            print("dialogue benchmark: RUN FAILED (see failures)", file=sys.stderr)
        return 1
    if args.fail_on_targets and any(c["met"] is False for c in checks):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
