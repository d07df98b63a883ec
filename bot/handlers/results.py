"""/hasil (a participant's kecamatan results; in a group chat, a coordinator posts them),
/umpan_balik (staff: the feedback on the results) and the results' buttons (callback kind
"h", layout in bot/results/screens.py). The service reads the roles again at every update."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot import callbacks as cb
from bot.handlers.common import Context, add_commands, deps, respond, responding, tapped
from bot.people import Speaker
from bot.screens import Response


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    add_commands(application, {"hasil": on_command, "umpan_balik": on_feedback}, private)
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:h:"))


def register_groups(application: Application, groups: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("hasil", on_group_command, groups))


on_command = responding(lambda d: d.results.command)
on_feedback = responding(lambda d: d.results.feedback.overview)


async def on_group_command(update: Update, context: Context) -> None:
    typed = " ".join(context.args or [])
    results = deps(context).results

    async def post(session: AsyncSession, speaker: Speaker) -> Response:
        return await results.group_post(session, speaker, typed)

    await respond(update, context, post)


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update) or cb.Callback(cb.Kind.RESULTS, ())
    results = deps(context).results

    async def press(session: AsyncSession, speaker: Speaker) -> Response:
        return await results.button(session, speaker, tap)

    await respond(update, context, press)
