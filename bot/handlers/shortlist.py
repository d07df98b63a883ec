"""/quickwin (admins): the quick-win shortlist per dimension, choosing quick wins. Buttons
use callback kind "q" (layout in bot/opd/choosing.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, filters

from bot.handlers.common import Context, add_commands, deps, reply, responding, tapped, unit_of_work


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    add_commands(application, {"quickwin": responding(lambda d: d.shortlist.show)}, private)
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:q:"))


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update)
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).shortlist.button(session, speaker, tap)
    await reply(update, context, response)
