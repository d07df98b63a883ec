"""Broadcasts as a coordinator writes them: compose, check, preview, send or schedule, cancel;
who receives them; reminders that wait for the morning; /berhenti and /langganan."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from bot.app import RembugApp
from bot.i18n import translator
from emulator import BotApiEmulator
from storage.db import Database
from storage.models import StaffRole

from .broadcast_helpers import (
    BABELAN,
    BAHAGIA,
    SETIA_ASIH,
    TARUMAJAYA,
    FakeClock,
    deps_of,
    eventually,
    grant,
    idle_proposal,
    received,
    seed,
    started_worker,
    statuses,
)
from .journey import Resident, plain
from .settings_helpers import settings_with

COORDINATOR, ADMIN = 9001, 9002
T = translator("en")
WIB = timedelta(hours=7)


settings = settings_with(ADMIN, broadcast_rate=200.0)


async def coordinator(emulator: BotApiEmulator, bot: RembugApp) -> Resident:
    await grant(deps_of(bot).database, COORDINATOR, "coordinator", TARUMAJAYA)
    return Resident(emulator.user(COORDINATOR, "Koordinator", "en"), T)


async def compose(
    c: Resident, text: str, audience: str = "All registered participants", when: str | None = None
) -> str:
    """/siaran up to the summary; returns the summary as read."""
    started = await c.send("/siaran")
    assert (
        c.says("Write the message as participants should read it.")
        in plain(started.messages[-1].html or "")
        or "Write the message" in started.text
    )
    await c.formatted(text)
    await c.tap(audience)
    if audience.startswith("Only some"):
        return c.last().text or ""
    return await finish(c, when)


async def seed_here_and_in_babelan(
    emulator: BotApiEmulator, bot: RembugApp, here: range
) -> Database:
    """Participants `here` in the coordinator's kecamatan, and two (200, 201) in Babelan."""
    database = deps_of(bot).database
    await seed(database, emulator, here)
    await seed(database, emulator, range(200, 202), kecamatan=BABELAN, desa=BAHAGIA)
    return database


async def finish(c: Resident, when: str | None = None) -> str:
    await c.tap("Yes, add the button")
    if when is None:
        await c.tap("Send now")
    else:
        await c.tap("Schedule for later")
        await c.send(when)
    return c.last().text or ""


async def test_coordinator_previews_then_reaches_only_their_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    database = await seed_here_and_in_babelan(emulator, bot, range(100, 103))
    c = await coordinator(emulator, bot)
    async with started_worker(bot):
        summary = await compose(c, "<b>Rembug warga</b> Sabtu ini di balai desa")
        assert "Will reach: 3 participants" in summary
        shown = [m for m in c.user.bot_messages() if m.text and m.text.startswith("Rembug warga")]
        assert shown and shown[-1].button_texts() == ["📝 Send a proposal"]
        await c.tap("📤 Send now")
        await eventually(lambda: "finished: 3 recipients" in (c.last().text or ""), 10, "report")
    assert set(received(emulator, range(100, 103), "Rembug warga").values()) == {1}
    assert set(received(emulator, range(200, 202), "Rembug warga").values()) == {0}
    got = emulator.user(100).bot_messages()[-1]
    assert got.button_texts() == ["📝 Send a proposal"]
    assert await statuses(database) == {"sent": 3}
    started = await emulator.user(100).press("📝 Send a proposal")
    assert "Step 1 of" in started.text  # the button opens the proposal dialogue


async def test_formatting_and_ampersands_reach_participants_as_written(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(deps_of(bot).database, emulator, range(100, 102))
    c = await coordinator(emulator, bot)
    source = (
        '<b>Rapat warga</b> jam 8 &amp; bawa <i>KTP</i>: <a href="https://bekasikab.go.id">info</a>'
    )
    summary = await compose(c, source)
    assert "Will reach: 2 participants" in summary
    preview = [m for m in c.user.bot_messages() if m.text and m.text.startswith("Rapat warga")]
    assert preview and preview[-1].html == source
    await c.tap("✏️ Message")
    typed = await c.send("Kerja bakti Sabtu & Minggu <3, bawa cangkul")
    assert "📤 Send now" in c.buttons(), typed.text
    async with started_worker(bot):
        await c.tap("📤 Send now")
        await eventually(lambda: "finished: 2 recipients" in (c.last().text or ""), 10, "report")
    got = emulator.user(100).bot_messages()[-1]
    assert got.text == "Kerja bakti Sabtu & Minggu <3, bawa cangkul"


async def test_some_desa_or_some_roles(emulator: BotApiEmulator, bot: RembugApp) -> None:
    database = deps_of(bot).database
    await seed(database, emulator, range(100, 104))  # Segarajaya, residents
    await seed(database, emulator, range(110, 112), desa=SETIA_ASIH, role="rtrw")
    c = await coordinator(emulator, bot)
    await compose(c, "Untuk Setia Asih", "Only some desa/kelurahan")
    await c.press("▫️ Setia Asih")
    await c.tap("Next ➡️")
    assert "Will reach: 2 participants" in await finish(c)
    await c.send("/siaran")
    await c.send("Untuk RT/RW")
    await c.tap("Only some roles (e.g. RT/RW)")
    await c.press("▫️ " + T("RT/RW officer"))
    await c.tap("Next ➡️")
    summary = await finish(c)
    assert "Will reach: 2 participants" in summary and "RT/RW officer" in summary


async def test_scheduled_broadcast_goes_at_its_time(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    clock = FakeClock(datetime(2025, 11, 20, 1, 0, tzinfo=UTC))  # 08.00 WIB
    deps_of(bot).conversation.clock = clock
    await seed(deps_of(bot).database, emulator, range(100, 103))
    c = await coordinator(emulator, bot)
    async with started_worker(bot):
        summary = await compose(c, "Kerja bakti besok pagi", when="besok 07.30")
        assert "When: 21 Nov 2025, 07:30 WIB" in summary, summary
        await c.tap("🕗 Schedule")
        assert "is scheduled for" in (c.last().text or "")
        await asyncio.sleep(1.5)
        assert set(received(emulator, range(100, 103), "Kerja bakti").values()) == {0}
        clock.move(timedelta(hours=23, minutes=31))
        await eventually(
            lambda: all(received(emulator, range(100, 103), "Kerja bakti").values()), 10, "it"
        )


async def test_a_time_already_past_is_explained(emulator: BotApiEmulator, bot: RembugApp) -> None:
    deps_of(bot).conversation.clock = FakeClock(datetime(2025, 11, 20, 3, 0, tzinfo=UTC))
    await seed(deps_of(bot).database, emulator, range(100, 101))
    c = await coordinator(emulator, bot)
    summary = await compose(c, "Rapat", when="hari ini 08.00")
    assert "has already passed" in summary and "🕗 Schedule" not in c.buttons()
    summary = await compose(c, "Rapat", when="kapan-kapan")
    assert "I couldn't read the time" in summary


async def test_cancel_stops_the_rest(emulator: BotApiEmulator, bot: RembugApp) -> None:
    deps = deps_of(bot)
    deps.broadcasting.worker.pace.rate = 10.0
    everyone = range(1000, 1060)
    await seed(deps.database, emulator, everyone)
    c = await coordinator(emulator, bot)
    async with started_worker(bot):
        await compose(c, "Siaran panjang")
        await c.tap("📤 Send now")
        await eventually(lambda: sum(received(emulator, everyone, "Siaran").values()) >= 5, 10, "5")
        stopped = await c.tap("✖️ Cancel the rest")
        assert "cancelled. Nothing more will be sent" in stopped.text
        await asyncio.sleep(1.0)
        sent = sum(received(emulator, everyone, "Siaran").values())
    assert 5 <= sent < len(everyone)
    counts = await statuses(deps.database)
    assert counts["sent"] == sent and counts["cancelled"] == len(everyone) - sent


async def test_a_coordinator_cannot_reach_another_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    database = await seed_here_and_in_babelan(emulator, bot, range(100, 102))
    admin = Resident(emulator.user(ADMIN, "Admin", "en"), T)
    await admin.send("/siaran")
    await admin.pick("Babelan")
    await admin.send("Khusus Babelan")
    await admin.tap("All registered participants")
    await finish(admin)
    draft = next(b for row in admin.user.last_bot_message().buttons for b in row).callback_data
    c = await coordinator(emulator, bot)
    await c.send("/bantuan")
    forged = await c.user.press_data(str(draft))
    assert forged.callback_answer is not None
    assert "no longer waiting" in (forged.callback_answer.text or "")
    started = await c.send("/siaran")
    assert "Babelan" not in " ".join(c.buttons()) and "Write the message" in started.text
    await compose(c, "Rapat Tarumajaya")
    async with database.transaction() as session:  # the role is taken away meanwhile
        await session.execute(update(StaffRole).values(revoked_at=datetime.now(UTC)))
    refused = await c.tap("📤 Send now")
    assert refused.callback_answer is not None
    assert "Only coordinators and admins" in (refused.callback_answer.text or "")
    assert set(received(emulator, range(200, 202), "Khusus").values()) == {0}
    assert await statuses(database) == {}


async def test_berhenti_and_langganan(emulator: BotApiEmulator, bot: RembugApp) -> None:
    database = deps_of(bot).database
    await seed(database, emulator, range(100, 102))
    stopped = await emulator.user(100).send("/berhenti")
    assert "no longer receive broadcasts" in stopped.text
    c = await coordinator(emulator, bot)
    async with started_worker(bot):
        assert "Will reach: 1 participant" in await compose(c, "Siaran pertama")
        await c.tap("📤 Send now")
        await eventually(lambda: "finished: 1 recipients" in (c.last().text or ""), 10, "report")
        assert received(emulator, range(100, 102), "Siaran pertama") == {100: 0, 101: 1}
        again = await emulator.user(100).send("/langganan")
        assert "receive broadcasts and reminders again" in again.text
        await compose(c, "Siaran kedua")
        await c.tap("📤 Send now")
        await eventually(lambda: "finished: 2 recipients" in (c.last().text or ""), 10, "report")
    assert received(emulator, range(100, 102), "Siaran kedua") == {100: 1, 101: 1}


async def test_reminders_wait_for_the_morning_and_come_once_a_day(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    clock = FakeClock(datetime(2025, 11, 20, 15, 0, tzinfo=UTC))  # 22.00 WIB: quiet hours
    deps_of(bot).conversation.clock = clock
    database = deps_of(bot).database
    await seed(database, emulator, range(100, 103))
    await idle_proposal(database, 100, clock() - timedelta(hours=30))
    await idle_proposal(database, 101, clock() - timedelta(hours=2))  # not idle long enough
    c = await coordinator(emulator, bot)
    async with started_worker(bot):
        menu = await c.send("/ingatkan")
        assert "Tarumajaya: 1" in menu.text
        queued = await c.press(T("🔔 Remind {count} in {place}", count="1", place="Tarumajaya"))
        assert "quiet hours now" in queued.text and "21 Nov 2025, 06:00" in queued.text
        await asyncio.sleep(1.5)
        assert received(emulator, range(100, 103), "started a proposal") == {100: 0, 101: 0, 102: 0}
        clock.move(timedelta(hours=8, minutes=1))  # 06.01 WIB
        await eventually(
            lambda: received(emulator, range(100, 101), "started a proposal")[100] == 1, 10, "it"
        )
        # The report comes after the reminder; wait for it so it is not taken for the answer.
        await eventually(lambda: "finished" in (c.last().text or ""), 10, "the report")
        again = await c.send("/ingatkan")
        assert "Nobody to remind right now" in again.text
    assert received(emulator, range(100, 103), "started a proposal") == {100: 1, 101: 0, 102: 0}
