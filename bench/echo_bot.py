"""A bare python-telegram-bot echo bot: the framework ceiling for bench/dialogue.py.

It is built like Rembug (same ApplicationBuilder base_url/base_file_url settings, same number of
concurrently processed updates, long polling with all update types) but does no work of its own:

* every text message (commands included) is answered with the same text, carrying one inline
  button so that the simulated participant has something to press;
* every callback query is answered with answerCallbackQuery, then the message is edited
  (editMessageText, keeping the button).

With `--plain` it is python-telegram-bot's echo bot as its examples ship it: updates handled
one at a time (no concurrent updates) and one sendMessage per update, a text or a tap alike
(the tap's query is not answered: the new message is the whole reply).

Run it like the real bot: BOT_TOKEN and TELEGRAM_API_URL in the environment, then
`python bench/echo_bot.py`. With `--transport aiohttp` it talks HTTP through Rembug's own
transport (bot/transport/http.py) instead of python-telegram-bot's default (httpx), so the cost of
Rembug's work can be told apart from the gain of its transport.
"""

from __future__ import annotations

import argparse
import os
import sys

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

BUTTON_LABEL = "↻"
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton(BUTTON_LABEL, callback_data="again")]])
# Rembug's PerUserUpdateProcessor lets this many updates run at once; the echo bot gets the same.
CONCURRENT_UPDATES = 64


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await message.reply_text(message.text, reply_markup=KEYBOARD)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    # The query id is unique, so the new text always differs ("message is not modified" never
    # happens) and the button stays, so the participant can press it again.
    await query.edit_message_text(f"{query.data} {query.id}", reply_markup=KEYBOARD)


async def plain_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One sendMessage, whatever the update: the text, or the tapped button's data."""
    message = update.effective_message
    assert message is not None
    query = update.callback_query
    text = f"{query.data} {query.id}" if query is not None else message.text
    await context.bot.send_message(message.chat_id, text or "?", reply_markup=KEYBOARD)


def build(token: str, api_url: str, transport: str = "httpx", plain: bool = False) -> Application:  # type: ignore[type-arg]
    api = api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(False if plain else CONCURRENT_UPDATES)
    )
    if transport == "aiohttp":
        from bot.transport.http import AiohttpRequest

        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connections=1)
        )
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, plain_reply if plain else on_text))
    application.add_handler(CallbackQueryHandler(plain_reply if plain else on_button))
    return application


def main() -> int:
    parser = argparse.ArgumentParser(description="A bare python-telegram-bot echo bot.")
    parser.add_argument("--transport", choices=("httpx", "aiohttp"), default="httpx")
    parser.add_argument("--plain", action="store_true", help="sequential, one sendMessage each")
    args = parser.parse_args()
    token = os.environ.get("BOT_TOKEN", "").strip()
    if not token:
        print("echo_bot: BOT_TOKEN is not set", file=sys.stderr)
        return 2
    api_url = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org")
    build(token, api_url, args.transport, args.plain).run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
