"""What every handler shares: reading the update, its turn (bot.transport.turn), the reply."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot import callbacks as cb
from bot.people import Person, Speaker
from bot.screens import Response
from bot.wiring import Deps

Context = ContextTypes.DEFAULT_TYPE


def deps(context: Context) -> Deps:
    found = context.bot_data["deps"]
    assert isinstance(found, Deps)
    return found


def person_of(update: Update) -> Person:
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.language_code)


def tapped(update: Update) -> cb.Callback | None:
    """The tapped button's data, decoded: None when malformed, foreign or of an old version.
    The one place callback data is read; services get what it decodes to."""
    query = update.callback_query
    assert query is not None
    return cb.decode(query.data)


@asynccontextmanager
async def unit_of_work(
    update: Update, context: Context
) -> AsyncIterator[tuple[AsyncSession, Speaker]]:
    """The update's one transaction (lock, claim, speaker); it commits before any reply."""
    async with deps(context).turn.open(update.update_id, person_of(update)) as opened:
        yield opened


async def reply(update: Update, context: Context, response: Response) -> None:
    chat = update.effective_chat
    assert chat is not None
    turn = deps(context).turn
    await turn.reply(context.bot, chat.id, person_of(update), response, update.callback_query)


Service = Callable[[AsyncSession, Speaker], Awaitable[Response]]


async def respond(update: Update, context: Context, service: Service) -> None:
    """The whole life of most updates: one unit of work around one service call, then reply."""
    async with unit_of_work(update, context) as (session, speaker):
        response = await service(session, speaker)
    await reply(update, context, response)


Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def responding(service_of: Callable[[Deps], Service]) -> Handler:
    """A handler that is `respond` around one service of the deps (read per update: the deps
    live in the application's bot_data)."""

    async def handler(update: Update, context: Context) -> None:
        await respond(update, context, service_of(deps(context)))

    return handler


def add_commands(
    application: Application,  # type: ignore[type-arg]
    commands: dict[str, Handler],
    private: filters.BaseFilter,
) -> None:
    """Each command to its handler, in private chats only."""
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, private))
