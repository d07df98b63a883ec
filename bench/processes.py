"""The bots of the benchmarks as subprocesses, started like a real deployment, and the CPU
figures read from them."""

from __future__ import annotations

import asyncio
import math
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.participants import Action
from emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BotSpec:
    key: str
    title: str
    command: list[str]
    journey: Callable[[int], list[Action]]
    needs_reference: bool
    first_user_id: int
    taps_answered: bool = True  # the bot answers a tap's query (the plain echo does not)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def machine_cpu() -> tuple[float, float]:
    """(busy, steal) CPU seconds of the whole machine so far."""
    times = psutil.cpu_times()
    busy = sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq"))
    steal = getattr(times, "steal", 0.0)
    return busy + steal, steal


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def sql_statements(port: int) -> float | None:
    """Rembug's count of SQL statements so far (rembug_sql_statements_total on its /metrics),
    read once the page has caught up (it is rendered about once a second); None for a bot
    without it."""
    await asyncio.sleep(1.3)

    def read() -> float | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as page:
                text = page.read().decode()
        except OSError:
            return None
        found = re.search(r"^rembug_sql_statements_total (\S+)$", text, re.MULTILINE)
        return float(found.group(1)) if found else None

    return await asyncio.to_thread(read)


class BotProcess:
    """The bot as a subprocess, with its output in a log file."""

    def __init__(self, spec: BotSpec, emu: BotApiEmulator, workdir: Path, cprofile: Path | None):
        self.spec = spec
        self.log_path = workdir / f"{spec.key}.log"
        self.db_path = workdir / f"{spec.key}.db"
        command = list(spec.command)
        if cprofile is not None:
            cprofile.mkdir(parents=True, exist_ok=True)
            out = cprofile / f"{spec.key}.prof"
            command = [command[0], "-m", "cProfile", "-o", str(out), *command[1:]]
        self.metrics_port = free_port()
        env = {
            **os.environ,
            "METRICS_PORT": str(self.metrics_port),
            "BOT_TOKEN": emu.token,
            "TELEGRAM_API_URL": emu.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.db_path}",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "PYTHONUNBUFFERED": "1",
        }
        self._log = self.log_path.open("wb")
        # cwd is the temp dir so that a developer's .env cannot change the benchmark's settings.
        self.proc = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.ps = psutil.Process(self.proc.pid)

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise RuntimeError(
                f"{self.spec.title} exited with status {self.proc.returncode}:\n{self.log_tail()}"
            )

    async def stop(self, grace: float = 15.0) -> None:
        """SIGTERM (run_polling shuts down cleanly), then SIGKILL after `grace` seconds."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(self.proc.wait, grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                await asyncio.to_thread(self.proc.wait, 5)
        self._log.close()


async def wait_until_polling(emu: BotApiEmulator, bot: BotProcess, limit: float) -> None:
    """Start-up is over when the bot asks for updates (after migrations and post_init)."""
    before = emu.stats.calls["getUpdates"]
    deadline = time.monotonic() + limit
    while emu.stats.calls["getUpdates"] == before:
        bot.check_alive()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{bot.spec.title} did not start polling within {limit}s")
        await asyncio.sleep(0.05)
