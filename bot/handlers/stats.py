"""/statistik [kecamatan] and /target [kecamatan number]. Buttons use callback kind "t":
t:k:<kecamatan code> (that kecamatan's statistics), t:p:<kecamatan code | -> (the residents'
ranking of that kecamatan's proposals, or the kecamatan to choose from)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.dialogue.text import command_words
from bot.handlers.common import Context, deps, reply, tapped, unit_of_work


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(["statistik", "stats"], on_statistics, private))
    application.add_handler(CommandHandler("target", on_target, private))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:t:"))


async def on_statistics(update: Update, context: Context) -> None:
    await _statistics(update, context, " ".join(command_words(context.args or [])) or None)


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update)
    if tap is not None and tap.action == "p" and len(tap.args) == 1:
        statistics = deps(context).statistics
        async with unit_of_work(update, context) as (session, speaker):
            response = await statistics.priorities(session, speaker, tap.args[0])
        await reply(update, context, response)
        return
    wanted = tap.args[0] if tap is not None and tap.action == "k" and len(tap.args) == 1 else "?"
    await _statistics(update, context, wanted)


async def _statistics(update: Update, context: Context, wanted: str | None) -> None:
    statistics = deps(context).statistics
    async with unit_of_work(update, context) as (session, speaker):
        plan = await statistics.collect(session, speaker, wanted)
    # Drawn after the commit, in a worker thread: no transaction waits for matplotlib.
    await reply(update, context, await statistics.render(plan))


async def on_target(update: Update, context: Context) -> None:
    statistics = deps(context).statistics
    words = command_words(context.args or [])
    async with unit_of_work(update, context) as (session, speaker):
        response = await statistics.set_target(session, speaker, words)
    await reply(update, context, response)
