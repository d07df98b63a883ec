"""Group chats: the bot never collects answers there; it points to the private chat."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import BaseHandler

from bot.handlers.common import Context, deps, reply, unit_of_work
from bot.i18n import locale_for, translator
from bot.screens.menu import private_buttons_only

log = logging.getLogger(__name__)


async def on_group_start(update: Update, context: Context) -> None:
    async with unit_of_work(update, context) as (_, speaker):
        response = deps(context).conversation.group_intro(speaker, context.bot.username)
    await reply(update, context, response)


class ButtonOutsidePrivateChat(BaseHandler[Update, Context, None]):
    """A button tapped anywhere but in the tapper's own private chat with the bot.

    The bot's only message in a group carries a URL button, which Telegram opens without
    asking the bot: a callback query from a group is forged or from a forwarded message.
    Acting on it would post private screens into the group, or act for whoever tapped."""

    def check_update(self, update: object) -> bool:
        if not isinstance(update, Update) or update.callback_query is None:
            return False
        chat, user = update.effective_chat, update.effective_user
        private = chat is not None and chat.type == ChatType.PRIVATE
        return not (private and user is not None and chat is not None and chat.id == user.id)


async def on_button_outside_private_chat(update: Update, context: Context) -> None:
    """A short alert to the one who tapped; nothing read, stored or posted."""
    query = update.callback_query
    assert query is not None
    default = deps(context).settings.default_locale
    t = translator(locale_for(query.from_user.language_code, default))
    try:
        await query.answer(private_buttons_only(t), show_alert=True)
    except TelegramError as error:
        log.info("button outside a private chat not answered (%s)", type(error).__name__)
