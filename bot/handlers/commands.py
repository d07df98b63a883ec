"""Commands in a private chat. Each one: a unit of work, one service call, the reply."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.handlers import coordination
from bot.handlers.common import Context, deps, respond, responding
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


on_propose = responding(lambda d: d.conversation.propose)


on_my_proposals = responding(lambda d: d.conversation.my_proposals)


on_profile = responding(lambda d: d.conversation.profile)


on_cancel = responding(lambda d: d.conversation.cancel)


# Staff see their own commands below the participant's.
on_help = responding(lambda d: d.coordination.help)


on_language = responding(lambda d: d.conversation.language_menu)


on_my_data = responding(lambda d: d.conversation.my_data)


on_erase = responding(lambda d: d.conversation.ask_erase)


on_unknown_command = responding(lambda d: d.conversation.unknown_command)
