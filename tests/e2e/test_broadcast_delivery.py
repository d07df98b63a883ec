"""Delivery at Telegram's pace, with the emulator enforcing Telegram's limits: every message
exactly once, blocked recipients marked, and a SIGKILLed bot that resumes without duplicates."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.broadcast import queue_broadcast
from bot.app import RembugApp
from bot.i18n import translator
from emulator import BotApiEmulator, Limits
from storage.db import Database
from storage.models import Participant

from .broadcast_helpers import (
    TARUMAJAYA,
    deps_of,
    eventually,
    grant,
    received,
    seed,
    started_worker,
    statuses,
)
from .durability_helpers import BotProcess, run_cli, wait_button, wait_for
from .journey import Resident
from .settings_helpers import settings_with

ADMIN = 9100
T = translator("en")


@pytest.fixture
async def emulator(emulator: BotApiEmulator) -> AsyncIterator[BotApiEmulator]:
    emulator.limits = Limits(enabled=True)
    yield emulator


# Near Telegram's 30/s to keep this test short; the default (25/s) leaves more headroom.
settings = settings_with(ADMIN, broadcast_rate=28.0)


async def test_two_thousand_recipients_exactly_once_and_blocked_ones_marked(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    database = deps_of(bot).database
    everyone = range(10_000, 12_000)
    await seed(database, emulator, everyone)
    blocked = range(10_000, 12_000, 100)  # 20 people who blocked the bot
    for i in blocked:
        emulator.user(i).block()
    admin = Resident(emulator.user(ADMIN, "Admin", "en"), T)
    async with started_worker(bot):
        # Telegram's per-chat limit applies to the admin's chat too: wait for each answer.
        await admin.send("/siaran")
        await wait_button(admin.user, "▶️")
        await admin.pick("Tarumajaya")
        await wait_for(admin.user, "Write the message")
        await admin.send("Musrenbang kecamatan: <i>kirim usulanmu minggu ini</i>")
        for label in ("All registered participants", "No button", "Send now"):
            await wait_button(admin.user, T(label))
            await admin.tap(label)
        await wait_button(admin.user, "📤 Send now")
        assert "Will reach: 2,000 participants" in (admin.last().text or "")
        await asyncio.sleep(3)  # the admin's own chat: let its per-chat allowance refill
        before = emulator.stats.too_many_requests
        await admin.tap("📤 Send now")
        await eventually(
            lambda: "finished: 2,000 recipients" in (admin.last().text or ""), 110, "the report"
        )
        # Paced under the limit: Telegram never had to refuse a message while it went out.
        assert emulator.stats.too_many_requests == before
    got = received(emulator, everyone, "Musrenbang kecamatan")
    assert {got[i] for i in everyone if i not in blocked} == {1}
    assert {got[i] for i in blocked} == {0}
    assert await statuses(database) == {"sent": 1980, "blocked": 20}
    async with database.transaction() as session:
        marked = select(Participant.telegram_user_id).where(Participant.blocked_at.is_not(None))
        assert set((await session.execute(marked)).scalars()) == set(blocked)
    report = admin.last().text or ""
    assert "Sent: 1,980" in report and "Blocked the bot: 20" in report


async def _queue(database: Database, author: int, text: str) -> None:
    """A broadcast to everyone of Tarumajaya in English, due now (test_workers uses it too)."""
    await queue_broadcast(database, author, TARUMAJAYA, text, "en", button=False)


async def test_sigkill_mid_broadcast_resumes_without_duplicate_or_loss(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    process = BotProcess(emulator, tmp_path)
    url = f"sqlite+aiosqlite:///{process.database}"
    assert run_cli("db", "upgrade", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    database = Database(url)
    everyone = range(20_000, 20_400)
    try:
        await seed(database, emulator, everyone)
        await grant(database, ADMIN, "admin", None)
        await _queue(database, ADMIN, "Kerja bakti hari Minggu")
    finally:
        await database.dispose()
    emulator.user(ADMIN, "Admin", "en")

    def delivered() -> int:
        return sum(received(emulator, everyone, "Kerja bakti").values())

    try:
        await process.killed_midway(delivered, len(everyone), 150, "the broadcast")
        admin = emulator.user(ADMIN)
        await eventually(
            lambda: any("finished: 400" in (m.text or "") for m in admin.bot_messages()),
            15,
            "the report",
        )
    finally:
        process.kill()
    counts = received(emulator, everyone, "Kerja bakti")
    assert set(counts.values()) == {1}, {i: n for i, n in counts.items() if n != 1}
