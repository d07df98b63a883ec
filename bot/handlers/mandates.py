"""/mandat: coordinators confirm or decline representatives' mandates (callback kind "g",
layout in bot/staff/mandates.py). The service reads the sender's roles again for every tap."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, filters

from bot import callbacks as cb
from bot.handlers.common import Context, add_commands, deps, respond, responding, tapped
from bot.people import Speaker
from bot.screens import Response


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    add_commands(application, {"mandat": on_command}, private)
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:g:"))


on_command = responding(lambda d: d.mandates.command)


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update) or cb.Callback(cb.Kind.MANDATE, ())
    mandates = deps(context).mandates

    async def press(session: AsyncSession, speaker: Speaker) -> Response:
        return await mandates.button(session, speaker, tap)

    await respond(update, context, press)
