"""The OPD desk: /meja, and its buttons (callback kind "j"; the layout is in
bot/opd/screens/desk.py and bot/opd/screens/card.py). The roles are read by the service."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, filters

from bot import callbacks as cb
from bot.handlers.common import Context, add_commands, deps, reply, responding, tapped, unit_of_work

on_desk = responding(lambda d: d.desk.listing)


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    add_commands(application, {"meja": on_desk}, private)
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:j:"))


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update) or cb.Callback(cb.Kind.DESK, ())
    desk = deps(context).desk
    async with unit_of_work(update, context) as (session, speaker):
        response = await desk.button(session, speaker, tap)
    await reply(update, context, response)
