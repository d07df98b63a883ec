"""Messages in a private chat: answers to the current question, or anything else."""

from __future__ import annotations

from telegram import Message, Update

from bot.dialogue.answers import Input, Located, PhotoSent, Typed, Unsupported
from bot.handlers.common import Context, deps, reply, unit_of_work


async def on_message(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    given = read_input(message)
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).conversation.dialogue_input(session, speaker, given)
    await reply(update, context, response)


async def on_edited_message(update: Update, context: Context) -> None:
    """A message changed after it was sent: perhaps a typo fixed in an answer."""
    message = update.edited_message
    assert message is not None
    given = Typed(message.text or message.caption or "", message_id=message.message_id)
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).conversation.edited(session, speaker, given)
    await reply(update, context, response)


def read_input(message: Message) -> Input:
    if message.text is not None:
        # Formatting only matters where a step keeps it; without entities, the text says it all.
        html = message.text_html if message.entities else None
        return Typed(message.text, html, message_id=message.message_id)
    if message.location is not None:
        where = message.location
        return Located(where.latitude, where.longitude, message_id=message.message_id)
    if message.photo:
        return PhotoSent(message.photo[-1].file_id, message_id=message.message_id)
    if message.sticker is not None:
        return Unsupported("sticker")
    if message.voice or message.video_note or message.audio or message.video:
        return Unsupported("voice")
    return Unsupported("media")
