"""Shared fixtures: the emulator, a fresh database, and the real bot wired to both.

The database is a SQLite file per test, or a fresh PostgreSQL database per test with
REMBUG_TEST_DB=postgresql (`make test-postgres`; server from REMBUG_TEST_PG_URL, by default
postgres@127.0.0.1:5432). Without a reachable server that run is skipped with a message,
unless CI is set: then it fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator
from tests.databases import PostgresFarm, in_ci, reachable, wants_postgres
from tests.running import running_bot

_farm: PostgresFarm | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _farm
    if not wants_postgres():
        return
    problem = reachable()
    if problem is not None:
        where = "PostgreSQL (REMBUG_TEST_PG_URL, default 127.0.0.1:5432)"
        if in_ci():
            pytest.exit(f"CI: {where} cannot be reached: {problem}", returncode=1)
        pytest.exit(f"SKIPPED the PostgreSQL run: {where} cannot be reached ({problem})", 0)
    _farm = PostgresFarm()
    _farm.sweep()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _farm is not None:
        _farm.close()


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL' if wants_postgres() else 'SQLite'}"


def postgres_farm() -> PostgresFarm | None:
    """The session's PostgreSQL databases, or None on the SQLite run."""
    return _farm


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator(bot_username="rembug_bot")
    await emu.start(host="127.0.0.1", port=0)
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database for the test, already migrated on PostgreSQL (upgrading it is a no-op);
    on SQLite a file that does not exist yet (the tests' `upgrade` creates it)."""
    if _farm is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'rembug.db'}"
        return
    url = _farm.fresh()
    try:
        yield url
    finally:
        _farm.drop(url)


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (for tests of the migrations themselves)."""
    if _farm is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'rembug.db'}"
        return
    url = _farm.fresh(migrated=False)
    try:
        yield url
    finally:
        _farm.drop(url)


@pytest.fixture
def postgres_url(database_url: str) -> str:
    """For tests only PostgreSQL can answer (several worker processes on one database)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: runs in `make test-postgres`")
    return database_url


@pytest.fixture
def settings(emulator: BotApiEmulator, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=emulator.token,
        telegram_api_url=emulator.url,
        database_url=database_url,
        admin_ids=frozenset(),
    )


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[RembugApp]:
    """The real application, polling the emulator, as `rembug run` would run it."""
    async with running_bot(settings) as application:
        yield application
