"""The migrations build the schema the models describe, with one round open — on SQLite, and
on PostgreSQL in the PostgreSQL run (`alembic check` on both)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from storage.db import Database
from storage.migrate import check, upgrade


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    async def read() -> list[tuple[object, ...]]:
        database = Database(url)
        try:
            async with database.transaction() as session:
                return [tuple(row) for row in await session.execute(text(sql))]
        finally:
            await database.dispose()

    return asyncio.run(read())


def test_fresh_database_matches_models_and_has_an_open_round(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    check(empty_database_url)  # raises when models and migrations disagree (alembic check)
    rounds = _rows(empty_database_url, "SELECT name, closes_at FROM rounds")
    assert rounds == [("Putaran 1", None)]


def test_upgrade_twice_changes_nothing(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    upgrade(empty_database_url)
    assert _rows(empty_database_url, "SELECT count(*) FROM rounds") == [(1,)]
