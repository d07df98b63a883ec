"""`rembug webhook` worker processes on one database, behind the emulator's load balancing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path

import httpx

from emulator import BotApiEmulator

from .durability_helpers import clean_env, rembug_command
from .test_webhook import SECRET, free_port


class WebhookWorker:
    def __init__(self, emu: BotApiEmulator, database_url: str, workdir: Path, name: str) -> None:
        self.emu, self.database_url, self.workdir, self.name = emu, database_url, workdir, name
        self.port, self.metrics_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}/telegram"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def start(self, *, register: bool, workers: int = 2, **extra: str) -> None:
        env = clean_env(
            BOT_TOKEN=self.emu.token,
            TELEGRAM_API_URL=self.emu.url,
            DATABASE_URL=self.database_url,
            WEBHOOK_URL=self.url,
            WEBHOOK_SECRET=SECRET,
            PORT=str(self.port),
            METRICS_PORT=str(self.metrics_port),
            WORKERS=str(workers),
            LOG_LEVEL="WARNING",
            **extra,
        )
        args = [*rembug_command(), "webhook", *([] if register else ["--no-set-webhook"])]
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                args, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    async def healthy(self, within: float = 30.0) -> None:
        deadline = asyncio.get_running_loop().time() + within
        async with httpx.AsyncClient() as http:
            while asyncio.get_running_loop().time() < deadline:
                assert self.proc is not None and self.proc.poll() is None, self.output()
                try:
                    answer = await http.get(f"http://127.0.0.1:{self.metrics_port}/healthz")
                    if answer.status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"{self.name} did not come up:\n{self.output()}")

    def terminate(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)

    def wait(self, within: float = 30.0) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=within)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else "(no log)"
