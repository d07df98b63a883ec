"""Does a flood of /metrics and /healthz requests slow the bot's replies? (issue 10 #13)

    .venv/bin/python bench/metrics_flood.py                  # ~1 minute on 2 cores
    .venv/bin/python bench/metrics_flood.py --participants 2 --flood-seconds 20

`rembug webhook` runs as a subprocess (SQLite, the emulator in this process posting updates to
it, flood limits off). A few participants go through the whole consultation twice: once while
nothing else happens, once while a load generator (this script with --generate, a separate
process) sends /metrics and /healthz requests as fast as it can over --connections keep-alive
connections to the bot's metrics address (METRICS_PORT). Everything listens on 127.0.0.1.

Printed: reply latency p50/p95 (from an action to the first thing the bot did for it, as in
bench/dialogue.py) in both phases; how many scrapes the generator got answered, by status;
the CPU share of the generator, of the bot (its metrics server included) and of this process
(emulator and participants), 100 % being one core. The flood is bounded by --flood-seconds
and --max-requests; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import psutil  # noqa: E402

from bench.participants import (  # noqa: E402
    Participant,
    rembug_journey,
    run_participant,
    timestamp_events,
)
from bench.processes import cpu_seconds, machine_cpu, percentile  # noqa: E402
from emulator import BotApiEmulator, Limits  # noqa: E402

SECRET = "bench-secret"
SETTLE = 0.01  # seconds of quiet after a reply before the emulator returns it
ACTION_TIMEOUT = 30.0
QUIET = "no flood"
CPU_NAMES = ("bot", "listener", "harness", "flood", "others")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the load generator (a separate process) ------------------------------------------------


async def generate(base: str, seconds: float, most: int, connections: int) -> dict[str, object]:
    """GET /metrics and /healthz in turn on `connections` connections until `seconds` pass,
    `most` requests were sent, or SIGTERM; returns the counts by status."""
    if urlsplit(base).hostname != "127.0.0.1":
        raise SystemExit("the flood goes to 127.0.0.1 only")
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    statuses: Counter[str] = Counter()
    sent = 0
    began = time.monotonic()

    async def one_connection(http: aiohttp.ClientSession, number: int) -> None:
        nonlocal sent
        paths = ("/metrics", "/healthz")
        while not stop.is_set() and sent < most and time.monotonic() - began < seconds:
            sent += 1
            try:
                async with http.get(base + paths[(sent + number) % 2]) as answer:
                    await answer.read()
                    statuses[str(answer.status)] += 1
            except (aiohttp.ClientError, OSError) as error:
                statuses[type(error).__name__] += 1
                await asyncio.sleep(0.01)

    limit = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=limit) as http:
        print("flooding", flush=True)
        await asyncio.gather(*(one_connection(http, n) for n in range(connections)))
    return {"requests": sent, "seconds": time.monotonic() - began, "statuses": dict(statuses)}


# --- the bot and the participants -----------------------------------------------------------


@dataclass
class Phase:
    """One condition (with or without the flood), added up over the rounds."""

    title: str
    reply_ms: list[float] = field(default_factory=list)
    ready_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: dict[str, float] = field(default_factory=dict)  # by CPU_NAMES
    scrapes: int = 0
    flood_s: float = 0.0
    statuses: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


class Bot:
    """`python -m bot webhook` on a fresh SQLite file, metrics on their own port."""

    def __init__(self, emu: BotApiEmulator, workdir: Path) -> None:
        self.port, self.metrics_port = free_port(), free_port()
        self.metrics = f"http://127.0.0.1:{self.metrics_port}"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": emu.token,
            "TELEGRAM_API_URL": emu.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'rembug.db'}",
            "WEBHOOK_URL": f"http://127.0.0.1:{self.port}/telegram",
            "WEBHOOK_SECRET": SECRET,
            "PORT": str(self.port),
            "METRICS_PORT": str(self.metrics_port),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.log = (workdir / "bot.log").open("wb")
        command = [sys.executable, "-m", "bot", "webhook"]
        self.proc = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=self.log, stderr=self.log
        )
        self.ps = psutil.Process(self.proc.pid)

    async def ready(self, emu: BotApiEmulator, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"the bot exited ({self.proc.returncode}):\n{self.said()}")
                with contextlib.suppress(aiohttp.ClientError, OSError):
                    async with http.get(f"{self.metrics}/healthz") as answer:
                        if answer.status == 200 and emu.webhook.info()["url"]:
                            return
                await asyncio.sleep(0.1)
        raise TimeoutError(f"the bot did not answer {self.metrics}/healthz within {within}s")

    def said(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def listener_cpu(self) -> float:
        """CPU seconds of the bot's child processes: the /metrics and /healthz listener."""
        return sum(cpu_seconds(child) for child in self.ps.children(recursive=True))

    async def stop(self) -> None:
        self.proc.terminate()
        try:
            await asyncio.to_thread(self.proc.wait, 30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


async def wave(
    emu: BotApiEmulator, first_id: int, count: int, think: float = 0.0
) -> list[Participant]:
    people = []
    for index, user_id in enumerate(range(first_id, first_id + count)):
        user = emu.user(user_id, first_name=f"Peserta{user_id}", language_code="id")
        people.append(Participant(index, user, rembug_journey(index), timestamp_events(user.chat)))
    runs = (run_participant(p, SETTLE, ACTION_TIMEOUT, think) for p in people)
    return list(await asyncio.wait_for(asyncio.gather(*runs), timeout=600))


async def flooder(bot: Bot, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    command = [sys.executable, __file__, "--generate", bot.metrics]
    command += ["--flood-seconds", str(args.flood_seconds)]
    command += ["--max-requests", str(args.max_requests), "--connections", str(args.connections)]
    # A plain Popen, not asyncio's: psutil reads its CPU time, and it starts in a millisecond.
    proc = subprocess.Popen(command, stdout=subprocess.PIPE)  # noqa: ASYNC220
    assert proc.stdout is not None
    started = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), timeout=30)
    if started.strip() != b"flooding":
        raise RuntimeError("the load generator did not start")
    await asyncio.sleep(1.0)  # let it reach full speed before measuring
    return proc


class CpuClock:
    """CPU seconds of the bot, its listener, this process, the generator and the rest."""

    def __init__(self, bot: Bot, generator: subprocess.Popen[bytes] | None) -> None:
        self.bot, self.harness = bot, psutil.Process()
        self.flood = psutil.Process(generator.pid) if generator else None
        self.start = self.read()

    def read(self) -> dict[str, float]:
        found = {
            "bot": cpu_seconds(self.bot.ps),
            "listener": self.bot.listener_cpu(),
            "harness": cpu_seconds(self.harness),
            "flood": cpu_seconds(self.flood) if self.flood else 0.0,
        }
        found["others"] = machine_cpu()[0] - sum(found.values())
        return found

    def add_spent(self, into: dict[str, float]) -> None:
        for name, seconds in self.read().items():
            into[name] = into.get(name, 0.0) + seconds - self.start[name]


async def phase(
    emu: BotApiEmulator, bot: Bot, into: Phase, first_id: int, args: argparse.Namespace
) -> None:
    flood = into.title != QUIET
    generator = await flooder(bot, args) if flood else None
    clock = CpuClock(bot, generator)
    began = time.perf_counter()
    try:
        done = await wave(emu, first_id, args.participants, args.think)
    finally:
        into.wall_s += time.perf_counter() - began
        clock.add_spent(into.cpu_s)
        if generator is not None:
            generator.send_signal(signal.SIGTERM)
            out, _ = await asyncio.to_thread(generator.communicate, timeout=30)
            counts = json.loads(out.decode().splitlines()[-1])
            into.scrapes += counts["requests"]
            into.flood_s += counts["seconds"]
            into.statuses.update(counts["statuses"])
    for person in done:
        into.reply_ms += person.first_ms
        into.ready_ms += person.ready_ms
        if person.error or person.reference is None:
            into.failures.append(person.error or "no reference number")


def report(phases: list[Phase]) -> None:
    print(f"\non {os.cpu_count()} CPUs; reply = from an action to the bot's first answer to it;")
    print("CPU as a share of one core: the bot, its /metrics listener, this process (emulator and")
    print("participants), the load generator, and everything else on the machine")
    head = f"{'':<15}{'updates':>8}{'p50 ms':>8}{'p95 ms':>8}{'ready p95':>10}"
    print(head + "".join(f"{name:>9}" for name in CPU_NAMES))
    for p in phases:
        shares = "".join(f"{100 * p.cpu_s[name] / p.wall_s:>8.0f}%" for name in CPU_NAMES)
        print(
            f"{p.title:<15}{len(p.reply_ms):>8}{percentile(p.reply_ms, 50):>8.1f}"
            f"{percentile(p.reply_ms, 95):>8.1f}{percentile(p.ready_ms, 95):>10.1f}{shares}"
        )
        if p.scrapes:
            rate = p.scrapes / p.flood_s
            print(f"{'':<15}scrapes: {p.scrapes} ({rate:.0f}/s), by status {dict(p.statuses)}")


async def main_async(args: argparse.Namespace) -> int:
    quiet, flooded = Phase(QUIET), Phase("/metrics flood")
    with tempfile.TemporaryDirectory(prefix="rembug-flood-") as folder:
        emu = BotApiEmulator(bot_username="rembug_bot", limits=Limits(enabled=False))
        await emu.start()
        bot = Bot(emu, Path(folder))
        try:
            await bot.ready(emu)
            await wave(emu, 1_000, 1)  # warm-up: lazy imports, SQL compilation
            # Alternating, so that what else the machine does falls on both alike.
            for number in range(args.rounds):
                first_id = 10_000 * (number + 1)
                await phase(emu, bot, quiet, first_id, args)
                await phase(emu, bot, flooded, first_id + 5_000, args)
                print(f"round {number + 1} of {args.rounds} done", file=sys.stderr)
        finally:
            await bot.stop()
            await emu.stop()
    report([quiet, flooded])
    failures = quiet.failures + flooded.failures
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="quiet + flood pairs (default 3)")
    parser.add_argument("--participants", type=int, default=8, help="per phase (default 8)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.2,
        help="seconds between a reply and the next action, "
        "on average (0.2): the bot is kept busy, not saturated",
    )
    parser.add_argument("--flood-seconds", type=float, default=60.0, help="at most (60)")
    parser.add_argument("--max-requests", type=int, default=500_000, help="at most (500000)")
    parser.add_argument("--connections", type=int, default=16, help="of the generator (16)")
    parser.add_argument("--generate", metavar="URL", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.generate:
        counts = asyncio.run(
            generate(args.generate, args.flood_seconds, args.max_requests, args.connections)
        )
        print(json.dumps(counts), flush=True)
        return 0
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
