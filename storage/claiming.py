"""The one place that knows how each database lets several workers claim rows.

PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so two delivery workers never wait on (or take) the
same rows. SQLite has a single writer (and the Database queues writers), so a plain select
inside the claiming transaction is already exclusive.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

S = TypeVar("S", bound=Select[Any])


def for_claim(session: AsyncSession, statement: S) -> S:
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    if dialect == "postgresql":
        return statement.with_for_update(skip_locked=True)
    return statement
