"""Turns a Response into Bot API calls, after the unit of work has committed."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden

from bot.screens import Keyboard, Reply, Response

log = logging.getLogger(__name__)


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.text, callback_data=b.data, url=b.url) for b in row]
            for row in keyboard
        ]
    )


async def deliver(
    bot: Bot, chat_id: int, response: Response, query: CallbackQuery | None = None
) -> int | None:
    """Send the replies; return the message id of the new current question, if any."""
    # The spinner, the old question's buttons and the replies are independent: in parallel.
    side_calls = []
    if query is not None:
        side_calls.append(_answer(query, response.alert))
    if response.retire is not None:
        side_calls.append(_retire(bot, chat_id, response.retire))
    *_, question_id = await asyncio.gather(*side_calls, _send_all(bot, chat_id, response, query))
    return question_id


async def _send_all(
    bot: Bot, chat_id: int, response: Response, query: CallbackQuery | None
) -> int | None:
    question_id = None
    for reply in response.replies:
        message_id = await _send(bot, chat_id, reply, query)
        if reply.question:
            question_id = message_id
    return question_id


async def _answer(query: CallbackQuery, alert: str | None) -> None:
    try:
        await query.answer(alert, show_alert=bool(alert))
    except BadRequest:
        log.debug("callback query too old to answer")


async def _retire(bot: Bot, chat_id: int, message_id: int) -> None:
    try:
        await bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except BadRequest:
        log.debug("old question %s already without buttons", message_id)


async def _send(bot: Bot, chat_id: int, reply: Reply, query: CallbackQuery | None) -> int | None:
    screen = reply.screen
    if reply.photo is not None:
        sent = await bot.send_photo(chat_id, reply.photo.content, caption=reply.photo.caption)
        return sent.message_id
    if reply.document is not None:
        doc = reply.document
        sent = await bot.send_document(
            chat_id, doc.content, filename=doc.filename, caption=doc.caption
        )
        return sent.message_id
    target = query.message if query is not None else None
    if reply.edit and isinstance(target, Message):
        edited = await _edit(bot, chat_id, target.message_id, reply)
        if edited:
            return target.message_id
    sent = await bot.send_message(chat_id, screen.text, reply_markup=markup(screen.keyboard))
    return sent.message_id


async def _edit(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    try:
        await bot.edit_message_text(
            reply.screen.text, chat_id, message_id, reply_markup=markup(reply.screen.keyboard)
        )
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return True
        log.info("could not edit message %s (%s); sending a new one", message_id, error)
        return False
    return True


async def safe_deliver(
    bot: Bot, chat_id: int, response: Response, query: CallbackQuery | None = None
) -> int | None:
    try:
        return await deliver(bot, chat_id, response, query)
    except Forbidden:
        log.info("a reply was dropped: the chat blocked the bot")
        return None
