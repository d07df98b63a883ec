"""The life of one update between the handlers and the services.

One transaction per update: the person's lock first (with several worker processes their
next update waits here until this one is committed, so a dialogue moves one step at a time),
then the update id is claimed (Telegram may deliver it again), then who is speaking. The
service runs inside; the reply goes out only after the commit, through delivery, and the id
of a new current question is remembered in a short transaction of its own (or, when it could
not be delivered, that it was not shown).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, CallbackQuery

from bot.people import Person, Speaker
from bot.screens import Response
from bot.transport.delivery import ReplyNotDelivered, safe_deliver
from storage.db import Database
from storage.dialect import serialize_person
from storage.queries import dialogues, updates

Identify = Callable[[AsyncSession, Person], Awaitable[Speaker]]
Clock = Callable[[], datetime]
T = TypeVar("T")


class DuplicateUpdate(Exception):
    """The update was handled before (Telegram delivered it again)."""


class UpdateTurn:
    def __init__(self, database: Database, identify: Identify, clock: Clock) -> None:
        self.database = database
        self.identify = identify
        self.clock = clock

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
        try:
            delivered = await safe_deliver(bot, chat_id, response, query)
        except ReplyNotDelivered as failure:
            if failure.question_lost and query is not None:
                # The tapped message still shows the question before: the person's next input
                # brings the new one instead of answering it. (A typed answer's new question
                # is marked unshown in the update's own transaction, Dialogues.moved.)
                await self.afterwards(_forgetting(person.telegram_id))
            else:
                await self._remember(person, failure.question_id, response)
            raise
        await self._remember(person, delivered.question_id, response)
        if delivered.error_id is not None:
            await self.afterwards(_remembering_error(person.telegram_id, delivered.error_id))

    async def _remember(self, person: Person, question_id: int | None, response: Response) -> None:
        if question_id is not None and question_id != response.known_question:
            await self.afterwards(_remembering(person.telegram_id, question_id))

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


def _remembering(telegram_id: int, message_id: int) -> Callable[[AsyncSession], Awaitable[None]]:
    async def remember(session: AsyncSession) -> None:
        await dialogues.remember_question(session, telegram_id, message_id)

    return remember


def _remembering_error(
    telegram_id: int, message_id: int
) -> Callable[[AsyncSession], Awaitable[None]]:
    async def remember(session: AsyncSession) -> None:
        await dialogues.remember_error(session, telegram_id, message_id)

    return remember


def _forgetting(telegram_id: int) -> Callable[[AsyncSession], Awaitable[None]]:
    async def forget(session: AsyncSession) -> None:
        await dialogues.forget_question(session, telegram_id)

    return forget
