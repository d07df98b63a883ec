"""Operations: logs carry update ids and nothing personal; a second poller stops with one
line (409 Conflict); polling serves /healthz and /metrics on their own address; `rembug db
backup`."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
from pathlib import Path

import httpx
import pytest

from emulator import BotApiEmulator, SimUser

from .durability_helpers import HELP_TITLE, clean_env, rembug_command, run_cli, wait_for
from .journey import Idea, Profile, register, resident, submit
from .test_webhook import free_port, scrape, value

NAME = "Zulaikha Pramesti"
GROUP = "Karang Taruna Melati"
UPDATES = "rembug_updates_processed_total"


def start_bot(
    emu: BotApiEmulator, workdir: Path, name: str, **extra: str
) -> subprocess.Popen[bytes]:
    env = clean_env(
        BOT_TOKEN=emu.token,
        TELEGRAM_API_URL=emu.url,
        DATABASE_URL=f"sqlite+aiosqlite:///{workdir / 'rembug.db'}",
        **extra,
    )
    with (workdir / f"{name}.log").open("wb") as log:
        return subprocess.Popen(
            [*rembug_command(), "run"], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
        )


async def answers(user: SimUser) -> None:
    await user.send("/bantuan", expect_reply=False)
    await wait_for(user, HELP_TITLE, within=20)


async def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, and wait without blocking the emulator the bot still talks to."""
    if process.poll() is None:
        process.terminate()
        await asyncio.to_thread(process.wait, 20)


async def test_debug_logs_carry_update_ids_and_nothing_personal(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    bot = start_bot(emulator, tmp_path, "bot", LOG_LEVEL="DEBUG", LOG_FORMAT="json")
    try:
        sari = resident(emulator, 7001, first_name=NAME)
        await answers(sari.user)
        await register(sari, Profile(name=NAME, group=GROUP))
        await submit(sari)
    finally:
        await stop(bot)
    text = (tmp_path / "bot.log").read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert lines and len(lines) == len(text.splitlines()), "every line is a JSON object"
    assert any("update_id" in line for line in lines), "lines about an update carry its id"
    idea = Idea()
    secret = emulator.token.split(":", 1)[1]
    for private in (NAME, "Zulaikha", GROUP, idea.problem, idea.causes, idea.solution, secret):
        assert private not in text, f"{private!r} leaked into the logs"


async def test_a_second_poller_stops_with_one_line(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    assert run_cli("db", "upgrade", cwd=tmp_path, **_db(tmp_path)).returncode == 0
    first = start_bot(emulator, tmp_path, "first")
    try:
        user = emulator.user(7101, "Sari", "en")
        await answers(user)
        second = start_bot(emulator, tmp_path, "second")
        assert await asyncio.to_thread(second.wait, 60) == 1
        said = (tmp_path / "second.log").read_text().strip().splitlines()[-1]
        assert said.startswith("rembug: another instance is already receiving updates"), said
        assert first.poll() is None, "the first poller goes on"
        await answers(user)
    finally:
        await stop(first)


async def test_polling_serves_health_and_metrics_on_their_own_address(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    bot = start_bot(emulator, tmp_path, "bot", METRICS_PORT=base.rsplit(":", 1)[1])
    try:
        await answers(emulator.user(7201, "Sari", "en"))
        health = await scrape(base, "/healthz", lambda text: text == "ok\n")
        await scrape(base, "/metrics", lambda text: bool(value(text, UPDATES)))
    finally:
        bot.kill()  # SIGKILL: the listener process must not outlive the bot all the same
        await asyncio.to_thread(bot.wait, 20)
    assert health.status_code == 200
    for _ in range(50):
        try:
            await asyncio.to_thread(httpx.get, f"{base}/healthz", timeout=1)
        except httpx.TransportError:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the metrics listener still answers after the bot was killed")


def test_backup_copies_a_live_sqlite_database(tmp_path: Path) -> None:
    env = _db(tmp_path)
    assert run_cli("db", "upgrade", cwd=tmp_path, **env).returncode == 0
    done = run_cli("db", "backup", str(tmp_path / "copy.db"), cwd=tmp_path, **env)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT count(*) FROM rounds").fetchone() == (1,)
    again = run_cli("db", "backup", str(tmp_path / "copy.db"), cwd=tmp_path, **env)
    assert again.returncode == 1 and "exists" in again.stderr


def test_backup_of_postgresql_prints_the_pg_dump_line(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://rembug@db.internal:5433/rembug"
    done = run_cli("db", "backup", "rembug.dump", cwd=tmp_path, DATABASE_URL=url)
    assert done.returncode == 0
    assert done.stdout.strip().splitlines()[-1] == (
        "pg_dump --format=custom --file=rembug.dump --host=db.internal --port=5433 "
        "--username=rembug rembug"
    )


def _db(tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'rembug.db'}"}


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
