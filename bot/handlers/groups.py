"""Group chats: the bot never collects answers there; it points to the private chat."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import Context, deps, reply, unit_of_work


async def on_group_start(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (_, speaker):
        response = deps(context).conversation.group_intro(speaker, context.bot.username)
    await reply(update, context, response)
