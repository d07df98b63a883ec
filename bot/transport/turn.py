"""The life of one update between the handlers and the services.

One transaction per update: the person's lock first (with several worker processes their
next update waits here until this one is committed, so a dialogue moves one step at a time),
then the update id is claimed (Telegram may deliver it again), then who is speaking. The
service runs inside; the reply goes out only after the commit, through delivery.

What the delivery showed (the id of a new current question, of a new error message, or that
the question did not arrive) is noted on the dialogue row after the reply; a question moved on
is stored as not shown in the update's own transaction, so a crash before its delivery leaves
it unseen. One worker: the note is written by `Notes`, which commits the notes of all replies
delivered meanwhile in one transaction; the reply waits for it, and the person's next update
waits for the reply (bot/transport/processor.py). Several workers: the person's next update may
run on another worker at once, so a reply bringing a new question is sent inside a short
transaction that holds the person's lock and notes it before the lock is released.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, CallbackQuery

from bot.people import Person, Speaker
from bot.screens import Response
from bot.transport.delivery import Delivered, ReplyNotDelivered, safe_deliver
from bot.transport.notes import Notes
from storage.db import Database
from storage.dialect import serialize_person
from storage.queries import dialogues, updates

Identify = Callable[[AsyncSession, Person], Awaitable[Speaker]]
Clock = Callable[[], datetime]
T = TypeVar("T")


class DuplicateUpdate(Exception):
    """The update was handled before (Telegram delivered it again)."""


@dataclass(frozen=True)
class Seen:
    """What a delivery changed in the person's dialogue row: column → message id (None: the
    current question did not arrive)."""

    values: dict[str, int | None]


class UpdateTurn:
    def __init__(
        self, database: Database, identify: Identify, clock: Clock, *, shared: bool = False
    ) -> None:
        self.database = database
        self.identify = identify
        self.clock = clock
        # Several worker processes on one database: a person's next update may run elsewhere.
        self.shared = shared
        self.notes = Notes(database)

    @asynccontextmanager
    async def open(
        self, update_id: int, person: Person
    ) -> AsyncIterator[tuple[AsyncSession, Speaker]]:
        """The update's unit of work: committed when the block ends, before any reply."""
        async with self.database.transaction() as session:
            await serialize_person(session, person.telegram_id)
            if not await updates.claim(session, update_id, self.clock()):
                raise DuplicateUpdate(update_id)
            yield session, await self.identify(session, person)

    async def reply(
        self,
        bot: Bot,
        chat_id: int,
        person: Person,
        response: Response,
        query: CallbackQuery | None = None,
    ) -> None:
        new_question = any(r.question and not r.edit for r in response.replies)
        if not (self.shared and new_question):
            # (Several workers, no new question: what is noted, an error message's id or a
            # failed edit, only spares a message; it need not hold the next update back.)
            await self._deliver(bot, chat_id, person, response, query, self._note(person))
            return
        # Core, no ORM session: the lock, the reply, one UPDATE.
        async with self.database.engine.begin() as connection:
            await serialize_person(connection, person.telegram_id)

            async def store(seen: Seen) -> None:
                await dialogues.note(connection, person.telegram_id, seen.values)

            failure = await self._deliver(bot, chat_id, person, response, query, store, False)
        if failure is not None:
            raise failure

    def _note(self, person: Person) -> Callable[[Seen], Awaitable[None]]:
        async def note(seen: Seen) -> None:
            await self.notes.write(person.telegram_id, seen.values)

        return note

    async def _deliver(
        self,
        bot: Bot,
        chat_id: int,
        person: Person,
        response: Response,
        query: CallbackQuery | None,
        note: Callable[[Seen], Awaitable[None]],
        raising: bool = True,
    ) -> ReplyNotDelivered | None:
        try:
            delivered = await safe_deliver(bot, chat_id, response, query)
        except ReplyNotDelivered as failure:
            if failure.question_lost and query is not None:
                # The tapped message still shows the question before: the person's next input
                # brings the new one instead of answering it. (A typed answer's new question
                # is marked unshown in the update's own transaction, Dialogues.moved.)
                await note(Seen({"question_message_id": None}))
            else:
                await self._noted(note, Delivered(failure.question_id), response)
            if raising:
                raise
            return failure
        await self._noted(note, delivered, response)
        return None

    @staticmethod
    async def _noted(
        note: Callable[[Seen], Awaitable[None]], delivered: Delivered, response: Response
    ) -> None:
        values: dict[str, int | None] = {}
        question = delivered.question_id
        if question is not None and question != response.known_question:
            values["question_message_id"] = question
        if delivered.error_id is not None:
            values["error_message_id"] = delivered.error_id
        if values:
            await note(Seen(values))

    async def committed(self, update_id: int) -> bool:
        """Whether the update's transaction committed, asked after a failure: its claim is
        stored together with its effect."""

        async def handled(session: AsyncSession) -> bool:
            return await updates.handled(session, update_id)

        return await self.afterwards(handled)

    async def afterwards(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Work after the reply (the update's transaction has committed): its own transaction."""
        async with self.database.transaction() as session:
            return await work(session)
