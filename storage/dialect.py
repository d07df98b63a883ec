"""The one place that knows SQLite from PostgreSQL. Everything else is portable SQLAlchemy.

* ``insert_ignore``: INSERT … ON CONFLICT DO NOTHING (both dialects spell it alike, but each
  needs its own construct).
* ``for_claim``: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers never wait on
  (or take) the same rows. SQLite has a single writer (and the Database queues writers), so a
  plain select inside the claiming transaction is already exclusive.
* ``serialize_person``: a transaction-scoped advisory lock per Telegram user on PostgreSQL, so
  one person's updates run one after another even when they land on different worker
  processes. On SQLite one process serves the bot and its per-user lock is enough.
* ``backup_command``: how to copy the database while the bot runs.
"""

from __future__ import annotations

import functools
import shlex
import sqlite3
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Executable, Select, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.files import private_file
from storage.models import Base

S = TypeVar("S", bound=Select[Any])


def dialect_of(session: AsyncSession | AsyncConnection) -> str:
    if isinstance(session, AsyncConnection):
        return session.dialect.name
    return session.bind.dialect.name if session.bind else "sqlite"


async def insert_ignore(session: AsyncSession, model: type[Base], **values: Any) -> bool:
    """Insert `values`; return False (and change nothing) when the primary key exists.

    On PostgreSQL a concurrent transaction inserting the same key makes this one wait for it:
    when it commits, this insert does nothing — so the claim is decided exactly once."""
    insert = pg_insert if dialect_of(session) == "postgresql" else sqlite_insert
    statement = insert(model).values(**values).on_conflict_do_nothing()
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


@functools.cache
def _insert_ignore_statement(dialect: str, table: Table, columns: tuple[str, ...]) -> Executable:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    values = {name: bindparam(name, type_=table.c[name].type) for name in columns}
    return insert(table).values(values).on_conflict_do_nothing()


def insert_ignore_once(
    session: AsyncSession, model: type[Base], columns: tuple[str, ...]
) -> Executable:
    """`insert_ignore` as one statement built once (its values bound when executed): for the
    statements every update runs, building and keying a statement anew costs more than
    running it. Core, on the table, so the ORM's bulk-insert path is not taken either."""
    table = model.__table__
    assert isinstance(table, Table)
    return _insert_ignore_statement(dialect_of(session), table, columns)


async def executed_once(session: AsyncSession, statement: Executable, **values: Any) -> bool:
    """Run a statement of `insert_ignore_once`; False when it changed nothing."""
    result = await session.execute(statement, values)
    return bool(getattr(result, "rowcount", 0))


def for_claim(session: AsyncSession, statement: S) -> S:
    if dialect_of(session) == "postgresql":
        return statement.with_for_update(skip_locked=True)
    return statement


_PERSON_LOCK = select(func.pg_advisory_xact_lock(bindparam("person", type_=BigInteger)))


async def serialize_person(session: AsyncSession | AsyncConnection, telegram_id: int) -> None:
    """Hold the person's lock until this transaction ends (commit or rollback)."""
    if dialect_of(session) == "postgresql":
        await session.execute(_PERSON_LOCK, {"person": telegram_id})


def backup_sqlite(url: str, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API; WAL included),
    created 0600."""
    source_path = make_url(url).database
    if not source_path or source_path == ":memory:":
        raise ValueError("DATABASE_URL names no SQLite file")
    if not Path(source_path).exists():
        raise FileNotFoundError(source_path)
    private_file(target, new=True)  # a copy of everyone's data: the owner's only
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def pg_dump_command(url: str, target: Path) -> str:
    """The pg_dump line for a PostgreSQL URL (custom format, restorable with pg_restore)."""
    parsed = make_url(url)
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts.append(parsed.database or "")
    return shlex.join(parts)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"
