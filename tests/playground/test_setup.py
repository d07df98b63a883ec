"""The playground's start-up without a browser: seeded roles are real, restarts are harmless."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import func, select

from bot import cli, roles
from bot.conversation import utc_now
from bot.playground import (
    ADMIN_ID,
    COORDINATOR_ID,
    FIRST_NEW_ID,
    KECAMATAN,
    PARTICIPANT_ID,
    seed,
)
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import Participant, StaffRole


async def test_seeded_people_hold_their_roles_and_a_second_start_adds_nothing(
    database_url: str,
) -> None:
    url = database_url
    await upgrade_async(url)
    database = Database(url)
    try:
        assert await seed(database, "id", utc_now()) == FIRST_NEW_ID
        assert await seed(database, "id", utc_now()) == FIRST_NEW_ID
        admin_ids = frozenset({ADMIN_ID})  # what the playground puts in ADMIN_IDS
        async with database.transaction() as session:
            coordinator = await roles.staff_of(session, COORDINATOR_ID, admin_ids)
            admin = await roles.staff_of(session, ADMIN_ID, admin_ids)
            participant = await roles.staff_of(session, PARTICIPANT_ID, admin_ids)
            people = await session.scalar(select(func.count()).select_from(Participant))
            granted = await session.scalar(select(func.count()).select_from(StaffRole))
    finally:
        await database.dispose()
    assert coordinator.may_coordinate(KECAMATAN) and not coordinator.is_admin
    assert admin.is_admin and not participant.is_staff
    assert (people, granted) == (3, 1)


def test_a_busy_port_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["playground", "--port", str(port)]) == 1
    assert "--port" in capsys.readouterr().err
