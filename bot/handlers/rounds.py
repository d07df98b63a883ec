"""/putaran: consultation rounds and their phases. Buttons use callback kind "r":
r:l (list) · r:n (new round) · r:c:<id> / r:C:<id>:<nonce> (close the collection now, so
prioritas begins: ask / do) · r:h:<id> / r:H:<id>:<nonce> (publish the results now: ask / do) ·
r:t:<id> (set the results date) · r:x:<id> (late proposals: refused ⇄ to the next round) ·
r:d:<id> / r:D:<id>:<nonce> (cancel an upcoming round: ask / do) · r:L:<id>:<nonce> (the
confirmation's "No": back to the list; nonces: bot/confirmations.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.common import Context, deps, reply, responding, tapped, unit_of_work

ACTIONS_WITH_ID = ("c", "C", "d", "D", "h", "H", "t", "x", "L")


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("putaran", on_rounds, private))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:r:"))


on_rounds = responding(lambda d: d.rounds.overview)


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update)
    action = tap.action if tap is not None else ""
    round_id = tap.number(0) if tap is not None and len(tap.args) in (1, 2) else None
    nonce = tap.args[1] if tap is not None and len(tap.args) == 2 else ""
    if action in ACTIONS_WITH_ID and round_id is None:
        action = "?"
    rounds, message = deps(context).rounds, update.effective_message
    where = (message.chat.id, message.message_id) if message is not None else None
    async with unit_of_work(update, context) as (session, speaker):
        response = await rounds.act(session, speaker, action, round_id, nonce, where)
    await reply(update, context, response)
