"""Commands in a private chat. Each one: a unit of work, one service call, the reply."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.handlers import coordination
from bot.handlers.common import Context, deps, respond
from bot.people import Speaker
from bot.roles import is_invitation_payload
from bot.screens import Response


async def on_start(update: Update, context: Context) -> None:
    payload = context.args[0] if context.args else None
    if is_invitation_payload(payload):
        await coordination.on_invitation(update, context, str(payload))
        return
    conversation = deps(context).conversation

    async def start(session: AsyncSession, speaker: Speaker) -> Response:
        return await conversation.start(session, speaker, payload)

    await respond(update, context, start)


async def on_propose(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.propose)


async def on_my_proposals(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.my_proposals)


async def on_profile(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.profile)


async def on_cancel(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.cancel)


async def on_help(update: Update, context: Context) -> None:
    # Staff see their own commands below the participant's.
    await respond(update, context, deps(context).coordination.help)


async def on_language(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.language_menu)


async def on_my_data(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.my_data)


async def on_erase(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.ask_erase)


async def on_unknown_command(update: Update, context: Context) -> None:
    await respond(update, context, deps(context).conversation.unknown_command)
