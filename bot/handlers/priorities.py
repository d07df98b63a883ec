"""/prioritas ("A atau B?"), the pair's buttons and /ingatkan_prioritas. Callback kind "a",
layout in bot/priorities/screens.py: a:<a|b|t|s>:<a id>:<b id> · a:x · a:go · a:rem:<code>."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, filters

from bot import callbacks as cb
from bot.dialogue.answers import Problem
from bot.dialogue.problems import explain
from bot.dialogue.text import command_words
from bot.handlers.common import Context, add_commands, deps, respond, tapped
from bot.people import Speaker
from bot.priorities.screens import ANSWERS, Action
from bot.screens import Response


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    add_commands(application, {"prioritas": on_command, "ingatkan_prioritas": on_remind}, private)
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:a:"))


async def on_command(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).priorities.begin)


async def on_remind(update: Update, context: Context) -> None:
    words = command_words(context.args or [])
    priorities = deps(context).priorities

    async def offer(session: AsyncSession, speaker: Speaker) -> Response:
        return await priorities.offer_reminder(session, speaker, words)

    await respond(update, context, offer)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    message = query.message if isinstance(query.message, Message) else None
    tap = tapped(update) or cb.Callback(cb.Kind.PRIORITISE, ())
    priorities = deps(context).priorities
    a_id, b_id = tap.number(0), tap.number(1)

    async def press(session: AsyncSession, speaker: Speaker) -> Response:
        action, args = tap.action, tap.args
        if action in ANSWERS and len(args) == 2 and a_id is not None and b_id is not None:
            return await priorities.answer(session, speaker, action, a_id, b_id)
        if action == Action.DONE and not args:
            return await priorities.done(session, speaker)
        if action == Action.START and not args:
            return await priorities.begin(session, speaker, edit=True)
        if action == Action.REMIND and len(args) == 1 and message is not None:
            progress = (message.chat.id, message.message_id)
            return await priorities.remind(session, speaker, args[0], progress)
        return Response(alert=explain(Problem("stale"), None, speaker.t))

    await respond(update, context, press)
