"""Broadcasts (/siaran), reminders (/ingatkan), and /berhenti, /langganan for participants.

Callback layout (kind "b"): go:<draft id>:<nonce> · ed:<draft id>:<step> · x:<draft id>:<nonce> ·
stop:<broadcast id> · rem:<kecamatan code | all>. The nonce is the summary's: only the newest
summary of a draft sends or discards it (bot/confirmations.py).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot import callbacks as cb
from bot.broadcast import Broadcasting, screens
from bot.broadcast.reminders import set_subscription
from bot.handlers.common import Context, deps, reply, respond, tapped, unit_of_work
from bot.screens import Response


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("siaran", on_compose, private))
    application.add_handler(CommandHandler("ingatkan", on_reminders, private))
    application.add_handler(CommandHandler("berhenti", on_unsubscribe, private))
    application.add_handler(CommandHandler("langganan", on_subscribe, private))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:b:"))


def _service(context: Context) -> Broadcasting:
    return deps(context).broadcasting


async def on_compose(update: Update, context: Context) -> None:
    await respond(update, context, _service(context).composer.begin)


async def on_reminders(update: Update, context: Context) -> None:
    await respond(update, context, _service(context).reminders.menu)


async def on_unsubscribe(update: Update, context: Context) -> None:
    await _subscription(update, context, False)


async def on_subscribe(update: Update, context: Context) -> None:
    await _subscription(update, context, True)


async def _subscription(update: Update, context: Context, subscribed: bool) -> None:
    now = deps(context).conversation.clock()
    async with unit_of_work(update, context) as (session, speaker):
        response = await set_subscription(session, speaker, subscribed, now)
    await reply(update, context, response)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    tap = tapped(update) or cb.Callback(cb.Kind.BROADCAST, ())
    message = query.message if isinstance(query.message, Message) else None
    service = _service(context)
    async with unit_of_work(update, context) as (session, speaker):
        action, args, number = tap.action, tap.args, tap.number(0)
        composer = service.composer
        nonce = args[1] if action in ("go", "x") and len(args) == 2 else ""
        if action == "go" and len(args) in (1, 2) and number is not None and message is not None:
            chat = message.chat.id
            response = await composer.go(session, speaker, number, chat, message.message_id, nonce)
        elif action == "ed" and len(args) == 2 and number is not None:
            response = await composer.change(session, speaker, number, args[1])
        elif action == "x" and len(args) in (1, 2) and number is not None:
            response = await composer.discard(session, speaker, number, nonce)
        elif action == "stop" and len(args) == 1 and number is not None:
            response = await service.stop(session, speaker, number)
        elif action == "rem" and len(args) == 1 and message is not None:
            chat, message_id = message.chat.id, message.message_id
            response = await service.reminders.remind(session, speaker, args[0], chat, message_id)
        else:
            response = Response(alert=screens.gone(speaker.t))
    await reply(update, context, response)
