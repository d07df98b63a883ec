"""The emulator alone, as the emulator's own tests start it (no bot, default settings)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from emulator import BotApiEmulator


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()
