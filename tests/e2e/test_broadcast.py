"""Broadcasts as a coordinator writes them: compose, check, preview, send; and who gets them."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from bot.i18n import translator
from bot.settings import Settings
from emulator import BotApiEmulator

from .broadcast_helpers import (
    BABELAN,
    SETIA_ASIH,
    TARUMAJAYA,
    deps_of,
    eventually,
    grant,
    received,
    seed,
    started_worker,
    statuses,
)
from .journey import Resident, plain

COORDINATOR = 9001
T = translator("en")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"broadcast_rate": 200.0})


async def coordinator(emulator: BotApiEmulator, bot: RembugApp) -> Resident:
    await grant(deps_of(bot).database, COORDINATOR, "coordinator", TARUMAJAYA)
    return Resident(emulator.user(COORDINATOR, "Koordinator", "en"), T)


async def compose(c: Resident, text: str, audience: str = "All registered participants") -> str:
    """/siaran up to the summary; returns the summary's text."""
    started = await c.send("/siaran")
    assert c.says("Write the message as participants should read it.") in started.text
    await c.send(text)
    await c.tap(audience)
    await c.tap("Yes, add the button")
    shown = await c.tap("Send now")
    return plain(shown.messages[-1].html or "") if shown.messages else c.last().text or ""


async def test_coordinator_previews_then_reaches_only_their_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    database = deps_of(bot).database
    await seed(database, emulator, range(100, 103))
    await seed(database, emulator, range(200, 202), kecamatan=BABELAN, desa="32.16.02.1006")
    c = await coordinator(emulator, bot)
    async with started_worker(bot):
        summary = await compose(c, "<b>Rembug warga</b> Sabtu ini di balai desa")
        assert "Will reach: 3 participants" in summary
        preview = [m for m in c.user.bot_messages() if m.text == "Rembug warga Sabtu ini di balai desa"]
        assert preview and preview[-1].button_texts() == ["📝 Send a proposal"]
        await c.tap("📤 Send now")
        await eventually(
            lambda: all(received(emulator, range(100, 103), "Rembug warga").values()),
            10,
            "the three participants of Tarumajaya",
        )
        await eventually(lambda: "finished: 3 recipients" in (c.last().text or ""), 10, "report")
    assert set(received(emulator, range(100, 103), "Rembug warga").values()) == {1}
    assert set(received(emulator, range(200, 202), "Rembug warga").values()) == {0}
    got = emulator.user(100).bot_messages()[-1]
    assert got.button_texts() == ["📝 Send a proposal"]
    assert await statuses(database) == {"sent": 3}
