"""/tanggapan_pd: the OPD response indicator. Buttons use callback kind "i": i:p:<page> (a
page of the admins' table); the layout is in bot/opd/indicator.py."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.common import Context, deps, reply, tapped, unit_of_work


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("tanggapan_pd", on_indicator, private))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:i:"))


async def on_indicator(update: Update, context: Context) -> None:
    indicator = deps(context).indicator
    async with unit_of_work(update, context) as (session, speaker):
        plan = await indicator.collect(session, speaker)
    # The chart is drawn after the commit, in a worker thread: no transaction waits for it.
    await reply(update, context, await indicator.render(plan))


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update)
    page = tap.number(0) if tap is not None and tap.action == "p" and len(tap.args) == 1 else None
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).indicator.page(session, speaker, page)
    await reply(update, context, response)
