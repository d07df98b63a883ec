"""`Database.transaction`, the one unit of work every update runs: committed when the block
ends, nothing kept when it fails, every statement seen by the statement counter. On a SQLite
file its session runs inline (storage/inline_session.py); on PostgreSQL it is an ordinary
AsyncSession. Both are held to the same contract here, on a real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError

from storage.db import Database
from storage.inline_session import InlineSession
from storage.migrate import upgrade_async
from storage.models import ProcessedUpdate
from storage.queries import updates

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


class Failed(Exception):
    pass


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    await upgrade_async(database_url)
    found = Database(database_url)
    try:
        yield found
    finally:
        await found.dispose()


async def _claimed(database: Database) -> int:
    """Claimed update ids, read through a session of the asyncio engine (the exports' way)."""
    async with database.sessions() as session:
        count = await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    return int(count or 0)


async def test_a_sqlite_file_gets_the_inline_session(database: Database) -> None:
    async with database.transaction() as session:
        inline = isinstance(session, InlineSession)
    assert inline is database.is_sqlite


async def test_what_a_transaction_wrote_is_there_once_it_ends(database: Database) -> None:
    async with database.transaction() as session:
        assert await updates.claim(session, 1, NOW)
        session.add(ProcessedUpdate(update_id=2, processed_at=NOW))  # flushed by the commit
    assert await _claimed(database) == 2
    async with database.transaction() as session:
        assert not await updates.claim(session, 1, NOW)  # Telegram delivered it again
        assert await updates.handled(session, 2)


async def test_a_failed_transaction_leaves_nothing(database: Database) -> None:
    with pytest.raises(Failed):
        async with database.transaction() as session:
            assert await updates.claim(session, 7, NOW)
            await session.flush()
            raise Failed
    assert await _claimed(database) == 0
    async with database.transaction() as session:
        assert await updates.claim(session, 7, NOW)  # the claim was rolled back with the rest


async def test_every_statement_of_a_transaction_is_counted(database: Database) -> None:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    for engine in database.sync_engines:
        event.listen(engine, "before_cursor_execute", count)
    async with database.transaction() as session:
        await updates.claim(session, 3, NOW)
        await updates.handled(session, 4)
    claims = [s for s in seen if s.lstrip().upper().startswith("INSERT INTO PROCESSED_UPDATES")]
    reads = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert len(claims) == 1 and len(reads) == 1


async def _drop_connections(url: str) -> None:
    """What a PostgreSQL restart does to the pool: every connection of the database is gone."""
    observer = Database(url)
    try:
        async with observer.engine.connect() as connection:
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        await observer.dispose()


@asynccontextmanager
async def restarted_under(url: str, idle_before_ping: float) -> AsyncIterator[Database]:
    """A database whose pooled connection was used once, then lost to a server restart."""
    await upgrade_async(url)
    database = Database(url, idle_before_ping=idle_before_ping)
    try:
        async with database.transaction() as session:
            assert await updates.claim(session, 11, NOW)
        await _drop_connections(url)
        yield database
    finally:
        await database.dispose()


async def test_a_connection_lost_while_idle_is_replaced_unnoticed(postgres_url: str) -> None:
    async with restarted_under(postgres_url, idle_before_ping=0.05) as database:
        await asyncio.sleep(0.1)
        async with database.transaction() as session:  # tested at checkout, reconnected
            assert await updates.claim(session, 12, NOW)
        assert await _claimed(database) == 2


async def test_a_connection_in_steady_use_is_not_tested_and_one_transaction_pays(
    postgres_url: str,
) -> None:
    async with restarted_under(postgres_url, idle_before_ping=60.0) as database:
        with pytest.raises(DBAPIError):
            async with database.transaction() as session:
                await updates.claim(session, 12, NOW)
        async with database.transaction() as session:  # the pool was invalidated: new ones
            assert await updates.claim(session, 12, NOW)
        assert await _claimed(database) == 2
