"""The dialogue benchmark (bench/dialogue.py) through webhook mode: one and two `rembug
webhook` workers on one PostgreSQL database, next to `rembug run` (polling) on SQLite.

    .venv/bin/python bench/webhook.py                    # 100 participants per setup
    .venv/bin/python bench/webhook.py --participants 30  # quicker

Each setup gets a fresh emulator (flood limits off) and a fresh database; participants go
through the whole consultation at once (closed loop), so updates/s is the capacity of that
setup on this machine; latency is from an action to the complete next screen; CPU per update
is every bot process's CPU (both workers together) ÷ updates. With two
workers the emulator alternates updates between them, as a load balancer would.
PostgreSQL: REMBUG_TEST_PG_URL (default postgres@127.0.0.1:5432), a database per setup.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import httpx  # noqa: E402
import psutil  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.dialogue import parse_args as dialogue_args  # noqa: E402
from bench.dialogue import run_wave, specs  # noqa: E402
from bench.participants import rembug_journey, required  # noqa: E402
from bench.processes import cpu_seconds, percentile  # noqa: E402
from emulator import BotApiEmulator, Limits  # noqa: E402

PG_URL = os.environ.get(
    "REMBUG_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
SECRET = "bench-secret"
TARGET_SCALING = 1.6  # two workers on two cores: updates/s at least 1.6 x one worker's


@dataclass
class Result:
    title: str
    updates: int
    wall_s: float
    ready_ms: list[float]
    failures: int
    cpu_s: float = 0.0  # the bot's processes (every worker), measured phase only
    database_cpu_s: float = 0.0  # PostgreSQL's processes (0 on SQLite: inside the bot)
    harness_cpu_s: float = 0.0  # this process: the emulator and the participants

    @property
    def rate(self) -> float:
        return self.updates / self.wall_s if self.wall_s else 0.0

    def cores(self, seconds: float) -> float:
        """CPU seconds as cores busy over the measured wall time."""
        return seconds / self.wall_s if self.wall_s else 0.0

    def line(self) -> str:
        rate = self.rate
        p50, p95 = percentile(self.ready_ms, 50), percentile(self.ready_ms, 95)
        cpu = self.cpu_s * 1000 / self.updates if self.updates else 0.0
        return (
            f"{self.title:<28} {rate:8.1f} {p50:9.0f} {p95:9.0f} {cpu:9.2f} "
            f"{self.cores(self.cpu_s):9.2f} {self.cores(self.database_cpu_s):8.2f} "
            f"{self.cores(self.harness_cpu_s):9.2f} {self.updates:8d} {self.failures:8d}"
        )


class PostgresCpu:
    """PostgreSQL's CPU on this machine: its processes, including the backends started during
    the run (a pool opens more under load) and those that ended (their time is added to the
    postmaster's children)."""

    def __init__(self) -> None:
        self.before, self.reaped_before = self._sample()

    @staticmethod
    def _sample() -> tuple[dict[int, float], float]:
        found = [p for p in psutil.process_iter(["name", "ppid"]) if p.info["name"] == "postgres"]
        pids = {p.pid for p in found}
        seen: dict[int, float] = {}
        reaped = 0.0
        for process in found:
            try:
                times = process.cpu_times()
            except psutil.Error:  # ended meanwhile: counted with the postmaster's children
                continue
            seen[process.pid] = times.user + times.system
            if process.info["ppid"] not in pids:  # the postmaster
                reaped += times.children_user + times.children_system
        return seen, reaped

    def used(self) -> float:
        after, reaped_after = self._sample()
        live = sum(cpu - self.before.get(pid, 0.0) for pid, cpu in after.items())
        return max(0.0, live + reaped_after - self.reaped_before)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def admin(statement: str) -> None:
    url = make_url(PG_URL).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def start(command: list[str], workdir: Path, name: str, **env: str) -> subprocess.Popen[bytes]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING", **env}
    with (workdir / f"{name}.log").open("wb") as log:
        return subprocess.Popen(command, cwd=workdir, env=full, stdout=log, stderr=log)


async def ready(url: str, process: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"a worker exited with status {process.returncode}")
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {limit}s")


async def until(check: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    for _ in range(1200):
        if check():
            return
        if process.poll() is not None:
            raise RuntimeError(f"the bot exited with status {process.returncode}")
        await asyncio.sleep(0.05)
    raise TimeoutError("the bot did not start within 60 s")


async def setup(
    title: str, workers: int, args: argparse.Namespace, workdir: Path, first_id: int
) -> Result:
    emu = BotApiEmulator(bot_username="rembug_bot", limits=Limits(enabled=False))
    await emu.start()
    database = f"rembug_bench_{os.getpid()}_{workers}"
    processes: list[subprocess.Popen[bytes]] = []
    env = {"BOT_TOKEN": emu.token, "TELEGRAM_API_URL": emu.url}
    try:
        if workers == 0:
            env["DATABASE_URL"] = f"sqlite+aiosqlite:///{workdir / 'polling.db'}"
            processes.append(start([sys.executable, "-m", "bot", "run"], workdir, "poll", **env))
            await until(lambda: bool(emu.stats.calls["getUpdates"]), processes[0])
        else:
            await admin(f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = make_url(PG_URL).set(database=database).render_as_string(False)
            await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "bot", "db", "upgrade"],
                cwd=workdir,
                env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                check=True,
                capture_output=True,
            )
            urls, health = [], []
            for number in range(workers):
                port = free_port()
                url = f"http://127.0.0.1:{port}/telegram"
                command = [sys.executable, "-m", "bot", "webhook"]
                if number:
                    command.append("--no-set-webhook")
                worker_env = {**env, "WEBHOOK_URL": url, "WEBHOOK_SECRET": SECRET}
                metrics_port = free_port()
                worker_env |= {"PORT": str(port), "METRICS_PORT": str(metrics_port)}
                worker_env |= {"WORKERS": str(workers)}
                processes.append(start(command, workdir, f"worker{number}", **worker_env))
                urls.append(url)
                health.append(f"http://127.0.0.1:{metrics_port}/healthz")
            for url, process in zip(health, processes, strict=True):
                await ready(url, process)
            await until(lambda: bool(emu.webhook.info()["url"]), processes[0])
            emu.webhook.spread_over(urls)
        rembug = specs()["rembug"]
        await run_wave(emu, rembug, range(first_id, first_id + args.warmup), args, warmup=True)
        bots = [psutil.Process(process.pid) for process in processes]
        postgres_cpu = PostgresCpu() if workers else None
        harness = psutil.Process()
        cpu_before = sum(cpu_seconds(bot) for bot in bots)
        harness_before = cpu_seconds(harness)
        before = emu.stats.updates_created
        began = time.perf_counter()
        ids = range(first_id + args.warmup, first_id + args.warmup + args.participants)
        done = await run_wave(emu, rembug, ids, args, warmup=False)
        wall = time.perf_counter() - began
        cpu = sum(cpu_seconds(bot) for bot in bots) - cpu_before
        database_cpu = postgres_cpu.used() if postgres_cpu is not None else 0.0
        harness_cpu = cpu_seconds(harness) - harness_before
        ready_ms = [ms for p in done for ms in p.ready_ms]
        failures = sum(1 for p in done if p.error or p.reference is None)
        updates = emu.stats.updates_created - before
        return Result(title, updates, wall, ready_ms, failures, cpu, database_cpu, harness_cpu)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            await asyncio.to_thread(process.wait, 30)
        await emu.stop()
        if workers:
            await admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


async def main_async(args: argparse.Namespace) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="rembug-bench-") as folder:
        plan = [("polling, SQLite", 0), ("webhook x1, PostgreSQL", 1)]
        plan.append(("webhook x2, PostgreSQL", 2))
        for index, (title, workers) in enumerate(plan):
            print(f"running: {title} …", file=sys.stderr)
            first_id = 1_000_001 + index * 100_000
            results.append(await setup(title, workers, args, Path(folder), first_id))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100, help="default 100")
    own = parser.parse_args()
    args = dialogue_args(["--participants", str(own.participants), "--bots", "rembug"])
    assert rembug_journey(0)
    results = asyncio.run(main_async(args))
    print(
        f"\n{args.participants} participants, {required(rembug_journey(0))} updates each "
        "(one more where a similar proposal is shown), on "
        f"{os.cpu_count()} CPUs (the emulator and the participants share them)"
    )
    print(
        f"{'setup':<28} {'updates/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'CPU ms/up':>9} "
        f"{'bot cores':>9} {'pg cores':>8} {'gen cores':>9} {'updates':>8} {'failed':>8}"
    )
    for result in results:
        print(result.line())
    print_scaling(results[1], results[2], os.cpu_count() or 1)
    return 1 if any(r.failures for r in results) else 0


def print_scaling(one: Result, two: Result, cpus: int) -> None:
    """Two workers against one, and whether this machine could show it at all: the second
    worker can only use the cores that PostgreSQL and the load generator leave."""
    if not one.rate:
        return
    scaling = two.rate / one.rate
    mark = "met" if scaling >= TARGET_SCALING else "NOT MET"
    print(f"two workers / one worker, updates/s: {scaling:.2f}  target >= {TARGET_SCALING}  {mark}")
    database, generator = two.cores(two.database_cpu_s), two.cores(two.harness_cpu_s)
    left = cpus - database - generator
    per_worker = one.cores(one.cpu_s)
    ceiling = left / per_worker if per_worker else 0.0
    print(
        f"  with two workers PostgreSQL used {database:.2f} cores and the load generator "
        f"{generator:.2f}, leaving {left:.2f} of {cpus}; one worker alone used {per_worker:.2f}, "
        f"so two could reach about {ceiling:.2f}x here at most"
    )
    if ceiling < TARGET_SCALING:
        print(
            "  this machine cannot show the target: PostgreSQL and the load generator take the "
            "cores a second worker needs (run the workers on cores of their own)"
        )


if __name__ == "__main__":
    sys.exit(main())
