"""Privacy tests' helpers: a participant who has done everything Rembug can store something
about, and every row of every table read back through the database's own schema."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, select, update

from bot.app import RembugApp
from emulator import BotApiEmulator
from storage.db import Database
from storage.models import Dialogue

from .broadcast_helpers import FakeClock, eventually, received, send_to_everyone_now
from .journey import Profile, Resident, register, resident, submit
from .staff import appoint, deps_of

ADMIN, COORDINATOR, PERSON = 7_310_000_001, 7_310_000_002, 7_310_042_917
NAME, GROUP = "Wulandari Kusumawati", "Karang Taruna Melati Jaya"
COORDINATOR_NAME = "Hendrawan Saputro"
REASON = "Lahannya milik provinsi; usulan diteruskan ke sana."
BROADCAST, REMINDED = "Kerja bakti Minggu pagi", "started a proposal"
# 10.00 WIB: reminders are not held back by the quiet hours.
DAYTIME = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)


@dataclass
class Cast:
    admin: Resident
    coordinator: Resident
    person: Resident
    reference: str
    clock: FakeClock


async def a_full_life(emulator: BotApiEmulator, bot: RembugApp) -> Cast:
    """The person registers, sends a proposal with a map point and a photo, gets a status with
    the admin's reason, a broadcast and a reminder, stops and resumes broadcasts, and leaves a
    second proposal unfinished; the coordinator who wrote to them also took part."""
    clock = FakeClock(DAYTIME)
    deps_of(bot).conversation.clock = clock
    admin = resident(emulator, ADMIN, first_name="Admin")
    coordinator = resident(emulator, COORDINATOR, first_name="Hendra")
    person = resident(emulator, PERSON, first_name="Wulan")
    await appoint(admin, coordinator, "Setu")
    await register(coordinator, Profile(name=COORDINATOR_NAME, kecamatan="Setu"))
    await register(person, Profile(name=NAME, kecamatan="Setu", role="PKK", group=GROUP))
    reference = await submit(person)

    await admin.send(f"/status {reference} ditolak")
    await admin.send(REASON)
    await eventually(lambda: _got(person, REASON), 10, "the status notice")
    await person.send("/berhenti")
    await person.send("/langganan")
    await _broadcast(coordinator, person)

    await person.send("/usul")
    await person.send("Posyandu di RW 05 kekurangan timbangan bayi sejak awal tahun.")
    await _left_for(deps_of(bot).database, PERSON, clock() - timedelta(hours=25))
    await coordinator.send("/ingatkan")
    await coordinator.press(coordinator.t("🔔 Remind {count} in {place}", count="1", place="Setu"))
    await eventually(lambda: received_by(emulator, PERSON, REMINDED), 10, "the reminder")
    return Cast(admin, coordinator, person, reference, clock)


async def _left_for(database: Database, telegram_id: int, since: datetime) -> None:
    """The unfinished proposal was last touched `since` (the dialogue's clock is the wall's)."""
    async with database.transaction() as session:
        statement = update(Dialogue).where(Dialogue.owner_id == telegram_id)
        await session.execute(statement.values(updated_at=since))


async def _broadcast(coordinator: Resident, person: Resident) -> None:
    await coordinator.send("/siaran")
    await coordinator.formatted(BROADCAST)
    await send_to_everyone_now(coordinator)
    await eventually(lambda: _got(person, BROADCAST), 10, "the broadcast")


def _got(r: Resident, fragment: str) -> bool:
    return any(fragment in (m.text or "") for m in r.user.bot_messages())


def received_by(emulator: BotApiEmulator, user_id: int, fragment: str) -> bool:
    return received(emulator, range(user_id, user_id + 1), fragment)[user_id] > 0


async def every_row(database: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as the database describes its schema (a table added later is
    read too)."""
    async with database.engine.connect() as connection:
        metadata = MetaData()
        await connection.run_sync(metadata.reflect)
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in metadata.sorted_tables:
            rows = (await connection.execute(select(table))).mappings().all()
            tables[table.name] = [dict(row) for row in rows]
    return tables


def found_anywhere(
    tables: dict[str, list[dict[str, Any]]], telegram_id: int, *texts: str
) -> list[str]:
    """`table.column = value` wherever the id (as a number or inside a text) or a text is."""
    needles = [str(telegram_id), *texts]
    hits = []
    for name, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                shown = value if isinstance(value, str) else json.dumps(value, default=str)
                if value == telegram_id or any(n in shown for n in needles):
                    hits.append(f"{name}.{column} = {shown[:80]}")
    return hits


def leaves(value: Any) -> list[str]:
    """The scalar values inside a value, written one way whatever their source (a datetime
    from the database and its ISO text in a JSON file compare equal)."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list | tuple):
        return [leaf for v in value for leaf in leaves(v)]
    if value is None:
        return []
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return [aware.astimezone(UTC).isoformat()]
    if isinstance(value, str) and value.startswith("{"):
        try:
            return leaves(json.loads(value))  # a JSON column SQLite handed back as text
        except ValueError:
            return [value]
    return [repr(value) if not isinstance(value, str) else value]


Row = tuple[str, dict[str, Any]]
# Links between rows that do not make the child row about the person: a proposal merged into
# theirs is someone else's.
NOT_OWNERSHIP = {("proposals", "merged_into_id"), ("proposal_status_changes", "merged_into_id")}


async def rows_about(database: Database, telegram_id: int) -> list[Row]:
    """Rows about the person, found by walking the schema: those holding their Telegram id,
    then every row whose foreign key points at one of those (their proposals, the status
    changes of those …), the audit entries they caused or that concern their proposals, and
    the text of each broadcast they received."""
    tables = await every_row(database)
    async with database.engine.connect() as connection:
        metadata = MetaData()
        await connection.run_sync(metadata.reflect)
    about: list[Row] = [
        (name, row)
        for name, rows in tables.items()
        for row in rows
        if telegram_id in row.values() and name != "audit_log"
    ]
    grew = True
    while grew:
        grew = False
        keys = {(name, row.get("id")) for name, row in about}
        for table in metadata.sorted_tables:
            for fk in table.foreign_keys:
                if (table.name, fk.parent.name) in NOT_OWNERSHIP:
                    continue
                for row in tables[table.name]:
                    target = (fk.column.table.name, row[fk.parent.name])
                    if target in keys and (table.name, row) not in about:
                        about.append((table.name, row))
                        grew = True
    participant_ids = {row["id"] for name, row in about if name == "participants"}
    references = {row["reference"] for name, row in about if name == "proposals"}
    about += [
        ("audit_log", row)
        for row in tables["audit_log"]
        if row["actor_participant_id"] in participant_ids or row["subject"] in references
    ]
    received = {row["broadcast_id"] for name, row in about if name == "deliveries"}
    about += [
        ("broadcasts", {"text": r["text"]}) for r in tables["broadcasts"] if r["id"] in received
    ]
    return about
