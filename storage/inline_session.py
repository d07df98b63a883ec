"""An AsyncSession on SQLite whose calls run at once, on the event loop, without greenlets.

SQLite's calls already run on the event loop (storage/inline_sqlite.py). Through an
AsyncSession each of them still crosses SQLAlchemy's asyncio layer: a greenlet started for
every execute, flush and commit, a switch back out for every call to the driver, and a task
of its own to close the session. In bench/dialogue.py that layer cost as much CPU as the ORM
work under it. This session keeps the AsyncSession interface the services use, but its
`Session` is bound to a synchronous engine on the same SQLite file (the pysqlite driver, with
the same types, pragmas and JSON handling), and the methods the services call run that
`Session` directly.

What it does not change: the caller still owns the transaction (`Database.transaction`), and
every writer is still queued there, so the synchronous engine and the asyncio one never write
at the same time. A method not overridden here falls back to AsyncSession's own, which works
the same (a greenlet that never has to wait).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Result
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session


class InlineSession(AsyncSession):
    def __init__(self, engine: AsyncEngine, inline_engine: Engine) -> None:
        # `bind` stays the asyncio engine, for whoever asks the session for its dialect.
        # (A callable is allowed there, AsyncSession's documentation says; its annotation
        # says a class.)
        bound = _bound_to(inline_engine)
        super().__init__(engine, sync_session_class=bound)  # type: ignore[arg-type]

    @property
    def bind(self) -> AsyncEngine:
        """The asyncio engine (AsyncSession's own would look the inline one up among its
        asyncio binds, and not find it)."""
        assert isinstance(self._async_bind, AsyncEngine)
        return self._async_bind

    @bind.setter
    def bind(self, bind: Any) -> None:
        raise AttributeError("an InlineSession's engine is fixed")

    @contextmanager
    def unit_of_work(self) -> Iterator[InlineSession]:
        """Begin; commit when the block ends, roll back on error; then close."""
        with self.sync_session, self.sync_session.begin():
            yield self

    async def execute(self, statement: Any, params: Any = None, **kw: Any) -> Result[Any]:
        return self.sync_session.execute(statement, params, **kw)

    async def scalar(self, statement: Any, params: Any = None, **kw: Any) -> Any:
        return self.sync_session.scalar(statement, params, **kw)

    async def scalars(self, statement: Any, params: Any = None, **kw: Any) -> Any:
        return self.sync_session.scalars(statement, params, **kw)

    async def get(self, entity: Any, ident: Any, **kw: Any) -> Any:
        return self.sync_session.get(entity, ident, **kw)

    async def flush(self, objects: Sequence[Any] | None = None) -> None:
        self.sync_session.flush(objects)

    async def delete(self, instance: object) -> None:
        self.sync_session.delete(instance)

    async def connection(self, *args: Any, **kw: Any) -> Any:
        raise NotImplementedError("an InlineSession has no asyncio connection: use execute")

    async def refresh(self, instance: object, *args: Any, **kw: Any) -> None:
        self.sync_session.refresh(instance, *args, **kw)


def _bound_to(inline_engine: Engine) -> Callable[..., Session]:
    def session(**kw: Any) -> Session:
        kw.pop("bind", None)
        kw.pop("binds", None)
        return Session(bind=inline_engine, expire_on_commit=False, **kw)

    return session
