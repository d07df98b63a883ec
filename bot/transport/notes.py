"""What deliveries showed, written for many people in one transaction.

After a reply is delivered, the dialogue row notes which message holds the current question
(or that it did not arrive) and which one says why the last answer didn't fit. Each reply
waits until its note is committed (the person's next update must find it), but the replies
delivered meanwhile share one transaction: under load one commit writes the notes of many
people, instead of a transaction each. Nothing is acknowledged by these notes: the answer was
committed before the reply; a note lost to a crash only brings a question again.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from storage.db import Database
from storage.queries import dialogues

Values = dict[str, int | None]


class Notes:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._waiting: dict[int, Values] = {}
        self._written: asyncio.Future[None] | None = None
        self._writer: asyncio.Task[None] | None = None

    async def write(self, telegram_id: int, values: Values) -> None:
        """Note `values` on the person's dialogue row; returns once committed."""
        self._waiting[telegram_id] = {**self._waiting.get(telegram_id, {}), **values}
        if self._written is None:
            self._written = asyncio.get_running_loop().create_future()
        written = self._written
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all())
        await asyncio.shield(written)

    async def _write_all(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, {}
            written, self._written = self._written, None
            assert written is not None
            try:
                await self._commit(batch)
            except Exception as error:  # every reply waiting on this batch learns it failed
                written.set_exception(error)
            else:
                written.set_result(None)

    async def _commit(self, batch: dict[int, Values]) -> None:
        by_columns: dict[tuple[str, ...], list[tuple[int, Values]]] = defaultdict(list)
        for telegram_id, values in batch.items():
            by_columns[tuple(sorted(values))].append((telegram_id, values))
        async with self.database.transaction() as session:
            for rows in by_columns.values():
                await dialogues.note_many(session, rows)
