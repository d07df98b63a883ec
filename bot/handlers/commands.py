"""Commands in a private chat. Each one: a unit of work, one service call, the reply."""

from __future__ import annotations

from telegram import Update

from bot.handlers import coordination
from bot.handlers.common import Context, deps, reply, unit_of_work
from bot.roles import is_invitation_payload


async def on_start(update: Update, context: Context) -> None:
    payload = context.args[0] if context.args else None
    if is_invitation_payload(payload):
        await coordination.on_invitation(update, context, str(payload))
        return
    conversation = deps(context).conversation
    async with unit_of_work(update, context) as (session, speaker):
        response = await conversation.start(session, speaker, payload)
    await reply(update, context, response)


async def on_propose(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).conversation.propose(session, speaker)
    await reply(update, context, response)


async def on_my_proposals(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).conversation.my_proposals(session, speaker)
    await reply(update, context, response)


async def on_profile(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).conversation.profile(session, speaker)
    await reply(update, context, response)


async def on_cancel(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).conversation.cancel(session, speaker)
    await reply(update, context, response)


async def on_help(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (session, speaker):
        # Staff see their own commands below the participant's.
        response = await deps(context).coordination.help(session, speaker)
    await reply(update, context, response)


async def on_language(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (_, speaker):
        response = deps(context).conversation.language_menu(speaker)
    await reply(update, context, response)


async def on_my_data(update: Update, context: Context) -> None:
    conversation = deps(context).conversation
    async with unit_of_work(update, context) as (session, speaker):
        response = await conversation.rights.export(session, speaker, conversation.clock())
    await reply(update, context, response)


async def on_erase(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (_, speaker):
        response = deps(context).conversation.rights.ask_erase(speaker)
    await reply(update, context, response)


async def on_unknown_command(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (_, speaker):
        response = deps(context).conversation.unknown_command(speaker)
    await reply(update, context, response)
