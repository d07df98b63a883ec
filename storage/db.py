"""Engine, sessions and the unit of work. The caller owns the transaction."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage import inline_sqlite
from storage.files import private_file, private_folder
from storage.inline_session import InlineSession
from storage.inline_sqlite import InlineConnection

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

# Where the data lives when DATABASE_URL is not set (the settings and the migrations agree).
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/rembug.db"

# A pooled PostgreSQL connection that sat idle this long is tested before it is used (the
# server restarted, a firewall dropped it). Testing every checkout (pool_pre_ping) cost three
# round trips and 0.1-0.2 ms of CPU per transaction; a connection in steady use is not tested:
# if its server went away, that one statement fails, the pool is invalidated and the next
# checkout connects again.
IDLE_BEFORE_PING = 10.0
_RETURNED_AT = "rembug_returned_at"


class Database:
    def __init__(
        self, url: str, *, echo: bool = False, idle_before_ping: float = IDLE_BEFORE_PING
    ) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            prepare_sqlite_file(url)
        self.engine: AsyncEngine = create_async_engine(
            url, echo=echo, **_COMMON_OPTIONS, **_engine_options(url)
        )
        # A SQLite file: the transactions' sessions run inline (storage/inline_session.py).
        self.inline_engine = _inline_engine(url, echo) if self.is_sqlite else None
        if self.is_sqlite:
            for engine in self.sync_engines:
                event.listen(engine, "connect", _sqlite_pragmas)
        else:
            _ping_when_idle(self.engine.sync_engine, idle_before_ping)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite allows one writer; queueing writers here avoids "database is locked" errors
        # that a read-then-write transaction would otherwise hit under concurrent updates.
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back on error."""
        lock = self._write_lock or nullcontext()
        if self.inline_engine is not None:
            async with lock:
                with InlineSession(self.engine, self.inline_engine).unit_of_work() as inline:
                    yield inline
            return
        async with lock, self.sessions() as session, session.begin():
            yield session

    @property
    def sync_engines(self) -> list[Engine]:
        """The engines whose events (connect, statements) concern every connection."""
        return [self.engine.sync_engine, *([self.inline_engine] if self.inline_engine else [])]

    async def answers(self, within: float = 2.0) -> bool:
        """True when the database runs a trivial query in time (the health check)."""
        try:
            async with asyncio.timeout(within), self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (OSError, TimeoutError, SQLAlchemyError):
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.inline_engine is not None:
            self.inline_engine.dispose()


def _json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# hide_parameters: an error message must never carry a name or a text into the logs.
# orjson for the JSON columns (a dialogue's answers, written on every step).
_COMMON_OPTIONS: dict[str, Any] = {
    "hide_parameters": True,
    "json_serializer": _json_text,
    "json_deserializer": orjson.loads,
}


def _inline_engine(url: str, echo: bool) -> Engine | None:
    """The synchronous engine of a SQLite file (None for an in-memory database, or a URL with
    options, which keep the asyncio engine)."""
    path = _sqlite_file(url)
    if path is None:
        return None
    return create_engine(
        f"sqlite:///{path}",
        echo=echo,
        connect_args={"check_same_thread": False},
        **_COMMON_OPTIONS,
    )


def prepare_sqlite_file(url: str) -> None:
    """The folder (created 0700 when missing) and the database file, 0600 before SQLite first
    opens it: SQLite gives its -wal and -shm files the database file's mode."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database).expanduser()
    private_folder(path.parent)
    private_file(path)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            private_file(companion)


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        if path is None:
            return {}

        async def creator() -> InlineConnection:
            connection: InlineConnection = await inline_sqlite.connect(path)
            return connection

        return {"async_creator": creator}
    return {"pool_size": 10, "max_overflow": 10}


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Test a pooled connection at checkout only when it was idle for `idle_seconds`; a dead
    one is replaced (the pool retries the checkout on `DisconnectionError`)."""

    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    def taken(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("idle connection lost") from error

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", taken)


def _sqlite_file(url: str) -> str | None:
    """The path of a SQLite file URL without options; None for anything else."""
    parsed = make_url(url)
    if not parsed.database or parsed.database == ":memory:" or parsed.query:
        return None
    return str(Path(parsed.database).expanduser())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL keeps readers and the writer apart; NORMAL sync is durable against a killed process.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
