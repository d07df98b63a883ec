"""What every handler shares: the dependencies, one unit of work per update, the reply."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ContextTypes

from bot import roles
from bot.desk import Desk
from bot.export.service import Exports
from bot.participants.service import Conversation
from bot.people import Person, Speaker
from bot.roles import Staff
from bot.screens import Response
from bot.settings import Settings
from bot.staff.coordination import Coordination
from bot.transport.delivery import safe_deliver
from storage.db import Database
from storage.dialect import serialize_person
from storage.queries import dialogues, updates

if TYPE_CHECKING:
    from bot.broadcast import Broadcasting

Context = ContextTypes.DEFAULT_TYPE


@dataclass(frozen=True)
class Deps:
    settings: Settings
    database: Database
    conversation: Conversation
    coordination: Coordination
    broadcasting: Broadcasting | None = None
    exports: Exports | None = None
    desk: Desk | None = None  # rounds, moderation and status, statistics


class DuplicateUpdate(Exception):
    """The update was handled before (Telegram delivered it again)."""


def deps(context: Context) -> Deps:
    found = context.bot_data["deps"]
    assert isinstance(found, Deps)
    return found


def desk(context: Context) -> Desk:
    found = deps(context).desk
    assert found is not None, "build_application wires the desk"
    return found


def person_of(update: Update) -> Person:
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.language_code)


@asynccontextmanager
async def unit_of_work(
    update: Update, context: Context
) -> AsyncIterator[tuple[AsyncSession, Speaker]]:
    """One transaction for the update: marks it handled, and commits before any reply.

    The person's lock comes first: with several worker processes, their next update waits
    here until this one is committed, so the dialogue moves one step at a time."""
    d = deps(context)
    person = person_of(update)
    async with d.database.transaction() as session:
        await serialize_person(session, person.telegram_id)
        if not await updates.claim(session, update.update_id, d.conversation.clock()):
            raise DuplicateUpdate(update.update_id)
        yield session, await d.conversation.who(session, person)


async def reply(update: Update, context: Context, response: Response) -> None:
    chat = update.effective_chat
    assert chat is not None
    question_id = await safe_deliver(context.bot, chat.id, response, update.callback_query)
    if question_id is not None and question_id != response.known_question:
        await _remember_question(update, context, question_id)


async def _remember_question(update: Update, context: Context, message_id: int) -> None:
    async with deps(context).database.transaction() as session:
        await dialogues.remember_question(session, person_of(update).telegram_id, message_id)


async def staff_of(context: Context, session: AsyncSession, speaker: Speaker) -> Staff:
    """The speaker's roles right now (admins from ADMIN_IDS and those granted in the bot)."""
    admin_ids = deps(context).settings.admin_ids
    return await roles.staff_of(session, speaker.person.telegram_id, admin_ids)


Service = Callable[[AsyncSession, Speaker], Awaitable[Response]]


async def respond(update: Update, context: Context, service: Service) -> None:
    """The whole life of most updates: one unit of work around one service call, then reply."""
    async with unit_of_work(update, context) as (session, speaker):
        response = await service(session, speaker)
    await reply(update, context, response)
