"""Test databases: a SQLite file per test, or (REMBUG_TEST_DB=postgresql) a PostgreSQL
database per test, copied from a template migrated once per session.

`CREATE DATABASE … TEMPLATE` copies a small migrated schema in a fraction of a second, so the
whole suite runs on PostgreSQL about as fast as on SQLite. The template and every per-test
database carry this process's id and are dropped when they are done.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from dataclasses import dataclass, field

import asyncpg
from sqlalchemy.engine import make_url

from storage.migrate import upgrade

ADMIN_URL = os.environ.get(
    "REMBUG_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


def wants_postgres() -> bool:
    return os.environ.get("REMBUG_TEST_DB", "sqlite").lower() in ("postgresql", "postgres", "pg")


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def _dsn(database: str) -> str:
    url = make_url(ADMIN_URL).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


def url_of(database: str) -> str:
    return make_url(ADMIN_URL).set(database=database).render_as_string(hide_password=False)


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(_dsn(make_url(ADMIN_URL).database or "postgres"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _sweep(own_prefix: str) -> None:
    connection = await asyncpg.connect(_dsn(make_url(ADMIN_URL).database or "postgres"))
    try:
        names = await connection.fetch(
            "SELECT datname FROM pg_database WHERE datname LIKE 'rembug\\_test\\_%'"
        )
        for row in names:
            name = str(row["datname"])
            pid = name.split("_")[2]
            if not name.startswith(own_prefix) and pid.isdigit() and not _alive(int(pid)):
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reachable() -> str | None:
    """None when the server answers; otherwise why not."""
    try:
        asyncio.run(asyncio.wait_for(_admin("SELECT 1"), 5))
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        return f"{type(error).__name__}: {error}"
    return None


@dataclass
class PostgresFarm:
    """The session's template database and the per-test copies made from it."""

    prefix: str = field(default_factory=lambda: f"rembug_test_{os.getpid()}")
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _template_ready: bool = False

    @property
    def template(self) -> str:
        return f"{self.prefix}_template"

    def _ensure_template(self) -> None:
        if self._template_ready:
            return
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{self.template}"'))
        asyncio.run(_admin(f'CREATE DATABASE "{self.template}"'))
        upgrade(url_of(self.template))
        self._template_ready = True

    def fresh(self, migrated: bool = True) -> str:
        """A new, empty database (migrated unless asked otherwise); returns its URL."""
        name = f"{self.prefix}_{next(self._numbers)}"
        template = self.template if migrated else "template0"
        if migrated:
            self._ensure_template()
        asyncio.run(_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        return url_of(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def sweep(self) -> None:
        """Drop what runs that were killed (no sessionfinish) left behind.

        Only in CI, which runs alone: elsewhere another run may be alive in a process
        namespace this one cannot see, and its databases must not be dropped under it."""
        if in_ci():
            asyncio.run(_sweep(self.prefix))

    def close(self) -> None:
        if self._template_ready:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
