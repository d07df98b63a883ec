"""RETENTION_UNTIL: the admins are warned in the bot 30 and 7 days before, each warning once
(also across a restart); after the date the running bot, or `rembug retention` from cron,
erases everyone's personal data as /hapusdata does."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import RembugApp, build_application, lifecycle
from bot.i18n import translator
from bot.participants.retention import Policy
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import Participant, Proposal

from .broadcast_helpers import FakeClock, seed
from .durability_helpers import run_cli
from .journey import plain, resident
from .privacy_helpers import (
    ADMIN,
    COORDINATOR,
    COORDINATOR_NAME,
    GROUP,
    NAME,
    PERSON,
    a_full_life,
    every_row,
    found_anywhere,
)
from .settings_helpers import settings_with
from .staff import deps_of

# Far enough from today that the check at start-up neither warns nor erases.
KEPT_UNTIL = date.today() + timedelta(days=200)
POLICY = Policy(KEPT_UNTIL, "Asia/Jakarta")
# The admin is no participant: the bot writes to them in DEFAULT_LOCALE (id).
T = translator("id")
WARNING = "RETENTION_UNTIL"


def in_days(days: int) -> str:
    title = "⚠️ <b>Rembug erases all personal data in {count} day</b>"
    return plain(T.n(title, title.replace("day<", "days<"), days))


pytestmark = pytest.mark.usefixtures("fast_settle")


settings = settings_with(ADMIN, broadcast_rate=200.0, retention_until=KEPT_UNTIL)


def at(clock: FakeClock, moment: datetime) -> None:
    clock.move(moment - clock())


def warnings_to(emulator: BotApiEmulator, user_id: int) -> list[str]:
    texts = (m.text or "" for m in emulator.user(user_id).bot_messages())
    return [text for text in texts if WARNING in text]


async def test_admins_are_warned_30_and_7_days_before_once_each(
    emulator: BotApiEmulator, bot: RembugApp, settings: Settings
) -> None:
    resident(emulator, ADMIN, first_name="Admin")
    clock = FakeClock(POLICY.erase_from - timedelta(days=29, hours=12))
    deps_of(bot).conversation.clock = clock
    retention = deps_of(bot).retention
    await asyncio.sleep(0.3)
    assert warnings_to(emulator, ADMIN) == []  # 200 days before: nothing yet

    for _ in range(3):
        retention.wake()
        await asyncio.sleep(0.3)
    warned = warnings_to(emulator, ADMIN)
    assert len(warned) == 1, warned
    assert warned[0].startswith(in_days(30)), warned

    # Another start of the bot (a restart, or a second worker) on the same database.
    second = build_application(settings)
    async with lifecycle(second):
        deps_of(second).conversation.clock = clock
        await deps_of(second).retention.check()
        assert len(warnings_to(emulator, ADMIN)) == 1
        at(clock, POLICY.erase_from - timedelta(days=6, hours=12))
        await deps_of(second).retention.check()
        retention.wake()
        await asyncio.sleep(0.3)
    warned = warnings_to(emulator, ADMIN)
    assert len(warned) == 2 and warned[1].startswith(in_days(7)), warned


async def test_after_the_date_the_running_bot_erases_everyone(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    cast = await a_full_life(emulator, bot)
    database = deps_of(bot).database
    people = ((PERSON, NAME, GROUP), (COORDINATOR, COORDINATOR_NAME), (ADMIN,))
    tables = await every_row(database)
    assert all(found_anywhere(tables, *who) for who in people)

    at(cast.clock, POLICY.erase_from - timedelta(minutes=1))
    deps_of(bot).retention.wake()
    await asyncio.sleep(0.5)
    assert found_anywhere(await every_row(database), PERSON, NAME), "not before the day"

    at(cast.clock, POLICY.erase_from + timedelta(minutes=1))
    deps_of(bot).retention.wake()
    for _ in range(50):
        tables = await every_row(database)
        if not any(found_anywhere(tables, *who) for who in people):
            break
        await asyncio.sleep(0.1)
    assert [found_anywhere(tables, *who) for who in people] == [[], [], []]
    async with database.transaction() as session:
        kept = await session.scalar(select(Proposal).where(Proposal.reference == cast.reference))
    assert kept is not None and kept.photos == [] and kept.latitude is None

    again = await cast.person.greeted()  # a stranger to the bot now
    assert "Do you agree?" in again.text


async def test_the_command_for_cron(
    database_url: str, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    await upgrade_async(database_url)
    database = Database(database_url)
    try:
        await seed(database, emulator, range(5001, 5004))
    finally:
        await database.dispose()
    env = {"DATABASE_URL": database_url}

    unset = run_cli("retention", cwd=tmp_path, **env)
    assert unset.returncode == 2 and "RETENTION_UNTIL is not set" in unset.stderr
    later = run_cli("retention", cwd=tmp_path, RETENTION_UNTIL=KEPT_UNTIL.isoformat(), **env)
    assert later.returncode == 0 and f"kept until {KEPT_UNTIL}" in later.stdout
    past = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    done = run_cli("retention", cwd=tmp_path, RETENTION_UNTIL=past, **env)
    assert done.returncode == 0, done.stderr
    assert "personal data of 3 participants erased" in done.stdout
    again = run_cli("retention", cwd=tmp_path, RETENTION_UNTIL=past, **env)
    assert "no personal data was left to erase" in again.stdout

    database = Database(database_url)
    try:
        async with database.transaction() as session:
            left = await session.scalar(
                select(func.count()).where(Participant.telegram_user_id.is_not(None))
            )
        assert left == 0
    finally:
        await database.dispose()
