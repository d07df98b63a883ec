"""aiosqlite without its thread: each SQLite call runs at once, on the event loop.

aiosqlite runs every call (cursor, execute, fetch, commit …) on a thread of its own and wakes
the event loop for each result through a pipe. SQLAlchemy makes several such calls per
statement, and in bench/dialogue.py the hand-offs cost more CPU than SQLite's own work: a
statement on a local file takes microseconds, a hand-off tens. So the calls run inline. What
it costs: a call that waits for SQLite's lock (another process writing the file: a backup, a
command-line import; `busy_timeout`) holds the event loop while it waits, instead of one
coroutine. The bot's own writers never wait there: `Database` queues them.

Used through SQLAlchemy's `async_creator`, so the aiosqlite dialect, its type handling and
its error translation stay as they are.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite


class _Inline:
    """Stands in for aiosqlite's queue to its thread: the call runs as it is queued."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting coroutine, as aiosqlite does
            if future is not None and not future.done():
                future.set_exception(error)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _Inline()  # type: ignore[assignment]

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    def __await__(self) -> Any:  # no thread to start
        return self._connect().__await__()


def connect(path: str) -> InlineConnection:
    """A connection to the SQLite file at `path`, for `create_async_engine(async_creator=…)`."""
    return InlineConnection(lambda: sqlite3.connect(path, check_same_thread=False))
