"""Coordinators and admins: /koordinator, /rekap, /undang_koordinator, /koordinator_list,
and appointing perangkat daerah staff: /undang_opd, /opd_list.

Buttons use callback kind "k" (layout in bot/staff/coordination.py). Every action reads the
sender's roles again in the service, so a removed coordinator is refused at once.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, filters

from bot import callbacks as cb
from bot.handlers.common import (
    Context,
    add_commands,
    deps,
    person_of,
    reply,
    responding,
    tapped,
    unit_of_work,
)
from bot.people import Person
from bot.staff.appointments import Changed

log = logging.getLogger(__name__)


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    add_commands(
        application,
        {
            "koordinator": responding(lambda d: d.coordination.menu),
            "rekap": responding(lambda d: d.coordination.progress),
            "undang_koordinator": responding(lambda d: d.coordination.invite_coordinator),
            "koordinator_list": responding(lambda d: d.coordination.coordinators),
            "undang_opd": responding(lambda d: d.coordination.invite_opd),
            "opd_list": responding(lambda d: d.coordination.opd_staff),
        },
        private,
    )
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:k:"))


async def on_invitation(update: Update, context: Context, payload: str) -> None:
    """/start inv_…: called by commands.on_start before the participant's welcome."""
    async with unit_of_work(update, context) as (session, speaker):
        changed = await deps(context).coordination.accept_invitation(session, speaker, payload)
    await _settle(update, context, changed)


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update) or cb.Callback(cb.Kind.COORDINATION, ())
    coordination = deps(context).coordination
    async with unit_of_work(update, context) as (session, speaker):
        changed = await coordination.button(session, speaker, tap, context.bot.username)
    await _settle(update, context, changed)


async def _settle(update: Update, context: Context, changed: Changed) -> None:
    await reply(update, context, changed.response)
    for telegram_id in changed.roles_of:
        asker = person_of(update)
        person = asker if asker.telegram_id == telegram_id else Person(telegram_id, None)
        await _refresh_command_menu(context, person)


async def _refresh_command_menu(context: Context, person: Person) -> None:
    """Staff see their commands in Telegram's menu; others fall back to the participants'."""
    d = deps(context)

    async def menu(session: AsyncSession) -> list[tuple[str, str]]:
        return await d.coordination.command_menu(session, person)

    commands = await d.turn.afterwards(menu)
    scope = BotCommandScopeChat(person.telegram_id)
    try:
        if commands:
            await context.bot.set_my_commands([BotCommand(c, t) for c, t in commands], scope=scope)
        else:
            await context.bot.delete_my_commands(scope=scope)
    except TelegramError as error:  # a chat the bot cannot reach; the next grant retries
        log.info("command menu not updated (%s)", error)
