"""The playground's start-up without a browser: seeded roles are real, restarts are harmless."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot import cli, roles
from bot.clock import utc_now
from bot.serve.playground import (
    ADMIN_ID,
    COORDINATOR_ID,
    FIRST_NEW_ID,
    KECAMATAN,
    OPD,
    OPD_ID,
    PARTICIPANT_ID,
    playground,
    seed,
)
from bot.serve.playground_round import PROPOSALS
from bot.settings import Settings
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import Participant, Proposal, StaffRole


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
            opd = await roles.staff_of(session, OPD_ID, admin_ids)
            people = await session.scalar(select(func.count()).select_from(Participant))
            granted = await session.scalar(select(func.count()).select_from(StaffRole))
    finally:
        await database.dispose()
    assert coordinator.may_coordinate(KECAMATAN) and not coordinator.is_admin
    assert admin.is_admin and not participant.is_staff
    assert opd.serves(OPD) and not opd.is_admin and not opd.may_coordinate(KECAMATAN)
    assert (people, granted) == (4, 2)


def test_a_busy_port_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["playground", "--port", str(port)]) == 1
    assert "--port" in capsys.readouterr().err


async def test_a_kept_database_still_gets_answers_after_a_restart(tmp_path: Path) -> None:
    """The emulator starts afresh, the database remembers the update ids it handled: the new
    updates must not be taken for old ones (they were all skipped as already handled)."""
    kept = tmp_path / "kept.db"
    for _ in range(2):
        async with playground(Settings(_env_file=None), 0, str(kept)) as url:  # type: ignore[call-arg]
            reply = await first_bot_reply(url, PARTICIPANT_ID, "/bantuan")
            assert "/usul" in reply


async def test_the_opd_person_finds_the_desk_in_their_menu() -> None:
    """Staff of Dinas Lingkungan Hidup, ready to try the desk: its commands in their menu,
    not the coordinator's tools."""
    async with playground(Settings(_env_file=None), 0, None) as url:  # type: ignore[call-arg]
        menus = {who: await menu_of(url, who) for who in (OPD_ID, COORDINATOR_ID)}
    assert {"meja", "tanggapan_pd", "usul"} <= menus[OPD_ID]
    assert "koordinator" not in menus[OPD_ID] and "meja" not in menus[COORDINATOR_ID]


async def menu_of(url: str, person: int) -> set[str]:
    """The command menu the page shows for `person`."""
    async with aiohttp.ClientSession() as http:
        found = await http.get(f"{url}/playground/api/people/{person}/commands")
        assert found.status == 200, await found.text()
        return {c["command"] for c in await found.json()}


async def first_bot_reply(url: str, person: int, text: str, within: float = 10.0) -> str:
    """Send `text` as `person` through the page's API; the next bot message in the feed."""
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}/playground/feed") as ws:
        sent = await http.post(
            f"{url}/playground/api/people/{person}/text",
            json={"text": text},
            headers={"X-Playground": "1"},
        )
        assert sent.status == 200, await sent.text()
        async with asyncio.timeout(within):
            async for frame in ws:
                item = json.loads(frame.data)
                message = item.get("message") or {}
                if item.get("chat") == person and message.get("from_bot"):
                    return str(message["text"])
    raise AssertionError("the feed closed before the bot answered")


async def test_siti_can_compare_the_practice_rounds_proposals_at_once(tmp_path: Path) -> None:
    """The practice round is in prioritas beside the open round: /prioritas shows a pair of
    Cikarang Utara's proposals; a restart with the kept database seeds it once."""
    kept = tmp_path / "kept.db"
    for _ in range(2):
        async with playground(Settings(_env_file=None), 0, str(kept)) as url:  # type: ignore[call-arg]
            reply = await first_bot_reply(url, PARTICIPANT_ID, "/prioritas")
            assert "UJI-" in reply and "A" in reply
    database = Database(f"sqlite+aiosqlite:///{kept}")
    try:
        async with database.transaction() as session:
            practice = await session.scalar(
                select(func.count()).select_from(Proposal).where(Proposal.reference.like("UJI-%"))
            )
    finally:
        await database.dispose()
    assert practice == len(PROPOSALS)
