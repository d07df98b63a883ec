"""Shared fixtures: the emulator, a fresh database, and the real bot wired to both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import RembugApp, build_application
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.migrate import upgrade_async


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator(bot_username="rembug_bot")
    await emu.start(host="127.0.0.1", port=0)
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'rembug.db'}"


@pytest.fixture
def settings(emulator: BotApiEmulator, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=emulator.token,
        telegram_api_url=emulator.url,
        database_url=database_url,
        admin_ids=frozenset(),
    )


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[RembugApp]:
    """The real application, polling the emulator, as `rembug run` would run it."""
    await upgrade_async(settings.database_url)
    application = build_application(settings)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
