"""The life of one update between the handlers and the services.

One transaction per update: the person's lock first (with several worker processes their
next update waits here until this one is committed, so a dialogue moves one step at a time),
then the update id is claimed (Telegram may deliver it again), then who is speaking. The
service runs inside; the reply goes out only after the commit, through delivery.

What the delivery showed (the id of a new current question, of a new error message, or that
the question did not arrive) is not written in a transaction of its own. A question moved on
is stored as not shown (`question_message_id` empty) in the update's own transaction, so a
crash before its delivery leaves it unseen. One worker: the delivery's outcome is kept here
(`Sightings`) and written by the person's next update, in its transaction: their updates run
one after another in this process, so the next one always finds it. Several workers: the
reply is sent inside a short transaction that holds the person's lock and stores the outcome
before it is released, so the person's next update, on whichever worker, waits for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, CallbackQuery

from bot.people import Person, Speaker
from bot.screens import Response
from bot.transport.delivery import Delivered, ReplyNotDelivered, safe_deliver
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

    def then(self, later: Seen) -> Seen:
        return Seen({**self.values, **later.values})


class UpdateTurn:
    def __init__(
        self, database: Database, identify: Identify, clock: Clock, *, shared: bool = False
    ) -> None:
        self.database = database
        self.identify = identify
        self.clock = clock
        # Several worker processes on one database: a person's next update may run elsewhere.
        self.shared = shared
        # One worker: what each person's last delivery showed, until their next update stores it.
        self.sightings: dict[int, Seen] = {}

    @asynccontextmanager
    async def open(
        self, update_id: int, person: Person
    ) -> AsyncIterator[tuple[AsyncSession, Speaker]]:
        """The update's unit of work: committed when the block ends, before any reply."""
        telegram_id = person.telegram_id
        seen = self.sightings.get(telegram_id)
        async with self.database.transaction() as session:
            await serialize_person(session, telegram_id)
            if not await updates.claim(session, update_id, self.clock()):
                raise DuplicateUpdate(update_id)
            speaker = await self.identify(session, person)
            if seen is not None:
                await _store(session, telegram_id, seen, speaker)
            yield session, speaker
        if seen is not None and self.sightings.get(telegram_id) is seen:
            del self.sightings[telegram_id]

    async def reply(
        self,
        bot: Bot,
        chat_id: int,
        person: Person,
        response: Response,
        query: CallbackQuery | None = None,
    ) -> None:
        if not (self.shared and response.replies):

            async def keep(seen: Seen) -> None:
                earlier = self.sightings.get(person.telegram_id)
                self.sightings[person.telegram_id] = earlier.then(seen) if earlier else seen

            await self._deliver(bot, chat_id, person, response, query, keep)
            return
        async with self.database.transaction() as session:
            await serialize_person(session, person.telegram_id)

            async def store(seen: Seen) -> None:
                await dialogues.note(session, person.telegram_id, seen.values)

            failure = await self._deliver(bot, chat_id, person, response, query, store, False)
        if failure is not None:
            raise failure

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

    async def flush(self) -> None:
        """What deliveries showed, stored for everyone at once (before the process stops)."""
        kept, self.sightings = self.sightings, {}
        if kept:
            async with self.database.transaction() as session:
                for telegram_id, seen in kept.items():
                    await dialogues.note(session, telegram_id, seen.values)

    async def afterwards(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Work after the reply (the update's transaction has committed): its own transaction."""
        async with self.database.transaction() as session:
            return await work(session)


async def _store(session: AsyncSession, telegram_id: int, seen: Seen, speaker: Speaker) -> None:
    """The last delivery's outcome, in this update's transaction: on the dialogue row already
    loaded (one UPDATE with whatever else changes), else by its key."""
    row: Any = speaker.dialogue
    if row is None:
        await dialogues.note(session, telegram_id, seen.values)
        return
    for column, value in seen.values.items():
        setattr(row, column, value)
