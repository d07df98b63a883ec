"""Helpers for staff tests: appoint and remove coordinators the way an admin does, read state."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import RembugApp
from bot.periodic import Periodic
from bot.wiring import Deps
from storage.models import (
    AuditEntry,
    Broadcast,
    ConsultationRound,
    Delivery,
    Dialogue,
    Invitation,
    KecamatanTarget,
    Participant,
    Proposal,
    ProposalStatusChange,
    StaffRole,
)

from .journey import Resident

INVITATION_LINK = re.compile(r"https://t\.me/rembug_bot\?start=(inv_[A-Za-z0-9_-]+)")
# What a forbidden action must leave untouched (processed update ids change on every update).
WATCHED = (
    StaffRole,
    Invitation,
    AuditEntry,
    Broadcast,
    Delivery,
    Dialogue,
    Proposal,
    ProposalStatusChange,
    ConsultationRound,
    KecamatanTarget,
)


def deps_of(bot: RembugApp) -> Deps:
    found = bot.bot_data["deps"]
    assert isinstance(found, Deps)
    return found


@asynccontextmanager
async def db(bot: RembugApp) -> AsyncIterator[AsyncSession]:
    async with deps_of(bot).database.transaction() as session:
        yield session


async def snapshot(
    bot: RembugApp, *, with_participants: bool = False
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the watched tables (participants too if asked), to compare before and after."""
    models = (*WATCHED, Participant) if with_participants else WATCHED
    found: dict[str, list[tuple[Any, ...]]] = {}
    async with db(bot) as session:
        for model in models:
            columns = [c.key for c in model.__table__.columns]
            rows = (await session.execute(select(model))).scalars().all()
            found[model.__tablename__] = sorted(
                tuple(repr(getattr(row, c)) for c in columns) for row in rows
            )
    return found


async def invitation_link(admin: Resident, kecamatan: str) -> str:
    """/undang_koordinator → the kecamatan: the payload of the link in the forwardable message."""
    await admin.send("/undang_koordinator")
    created = await admin.pick(kecamatan)
    found = INVITATION_LINK.search(created.text)
    assert found is not None, created.text
    return found.group(1)


async def appoint(admin: Resident, person: Resident, kecamatan: str) -> None:
    payload = await invitation_link(admin, kecamatan)
    accepted = await person.send(f"/start {payload}")
    assert person.says("🧭 Coordinator menu") in accepted.messages[-1].button_texts()


async def remove(admin: Resident, kecamatan: str, name: str) -> None:
    """/koordinator_list → ✖️ the coordinator → Yes, remove."""
    await admin.send("/koordinator_list")
    await admin.press(admin.t("✖️ {kecamatan}: {name}", kecamatan=kecamatan, name=name))
    done = await admin.tap("Yes, remove")
    expected = "{who} is no longer a coordinator of Kecamatan {kecamatan}."
    assert done.text == admin.says(expected, who=name, kecamatan=kecamatan), done.text


async def active_roles(bot: RembugApp, telegram_id: int) -> list[StaffRole]:
    async with db(bot) as session:
        query = select(StaffRole).where(
            StaffRole.telegram_user_id == telegram_id, StaffRole.revoked_at.is_(None)
        )
        return list((await session.execute(query)).scalars())


async def participant(bot: RembugApp, telegram_id: int) -> Participant:
    """The participant row of this Telegram user, as stored now."""
    async with db(bot) as session:
        query = select(Participant).where(Participant.telegram_user_id == telegram_id)
        return (await session.execute(query)).scalar_one()


Worker = TypeVar("Worker", bound=Periodic)


@asynccontextmanager
async def running(worker: Worker) -> AsyncIterator[Worker]:
    """A background worker started as `rembug run` starts it (the bot fixture skips
    post_init), and stopped after."""
    worker.start()
    try:
        yield worker
    finally:
        await worker.stop()
