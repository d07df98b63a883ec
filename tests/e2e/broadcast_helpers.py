"""Helpers for the broadcast tests: seed many registered participants, appoint staff, wait."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import RembugApp
from emulator import BotApiEmulator
from storage.db import Database
from storage.models import Delivery, Dialogue, Participant, StaffRole

from .journey import Resident
from .staff import deps_of

TARUMAJAYA, BABELAN = "32.16.01", "32.16.02"
SETIA_ASIH, SEGARAJAYA = "32.16.01.1007", "32.16.01.2002"
BAHAGIA = "32.16.02.1006"


@asynccontextmanager
async def started_worker(bot: RembugApp) -> AsyncIterator[None]:
    """The test fixture does not run post_init; start the delivery worker as `run` does."""
    broadcasting = deps_of(bot).broadcasting
    broadcasting.worker.start()
    try:
        yield
    finally:
        await broadcasting.worker.stop()


async def seed(
    database: Database,
    emu: BotApiEmulator,
    ids: range,
    kecamatan: str = TARUMAJAYA,
    desa: str = SEGARAJAYA,
    role: str = "warga",
) -> None:
    """Registered participants written straight into the database, with their chats."""
    now = datetime.now(UTC)
    async with database.transaction() as session:
        session.add_all(
            Participant(
                pseudonym=f"P-{i:08d}",
                telegram_user_id=i,
                locale="en",
                consented_at=now,
                display_name=f"Warga {i}",
                kecamatan_code=kecamatan,
                desa_code=desa,
                community_role=role,
                registered_at=now,
            )
            for i in ids
        )
    for i in ids:
        emu.user(i, f"Warga {i}", "en")


async def grant(database: Database, telegram_id: int, role: str, kecamatan: str | None) -> None:
    async with database.transaction() as session:
        session.add(
            StaffRole(
                telegram_user_id=telegram_id,
                role=role,
                kecamatan_code=kecamatan,
                granted_at=datetime.now(UTC),
            )
        )


async def idle_proposal(database: Database, telegram_id: int, since: datetime) -> None:
    """A proposal left at its third step `since` then."""
    async with database.transaction() as session:
        session.add(
            Dialogue(
                owner_id=telegram_id,
                flow="proposal",
                step="problem",
                mode="ask",
                revision=1,
                answers={"dimension": "living", "sub_element": "x"},
                preset=[],
                updated_at=since,
            )
        )


async def statuses(database: Database) -> dict[str, int]:
    async with database.transaction() as session:
        query = select(Delivery.status, func.count(Delivery.id)).group_by(Delivery.status)
        return {s: int(n) for s, n in (await session.execute(query)).all()}


async def query(database: Database, fn: Callable[[AsyncSession], object]) -> object:
    async with database.transaction() as session:
        return await fn(session)  # type: ignore[misc]


def received(emu: BotApiEmulator, ids: range, marker: str) -> dict[int, int]:
    """How many messages containing `marker` each user got."""
    return {i: sum(marker in (m.text or "") for m in emu.user(i).bot_messages()) for i in ids}


async def eventually(check: Callable[[], bool], within: float, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


class FakeClock:
    """The bot's clock, moved by the test: real time plus an offset."""

    def __init__(self, start: datetime) -> None:
        self.offset = start - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def move(self, delta: timedelta) -> None:
        self.offset += delta


async def send_to_everyone_now(sender: Resident) -> None:
    """With the message typed: all registered participants, with the button, sent now."""
    await sender.tap("All registered participants")
    await sender.tap("Yes, add the button")
    await sender.tap("Send now")
    await sender.tap("📤 Send now")
