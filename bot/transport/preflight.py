"""Before `rembug run` or `rembug webhook` touches the database: does the Bot API answer, and
does it take the token? Each failure becomes one line for the operator, saying what to do,
and never holding the token (python-telegram-bot's own message for a rejected token quotes
it)."""

from __future__ import annotations

import re

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut

from bot.redaction import redact
from bot.settings import Settings
from bot.transport.http import AiohttpRequest, proxy_for

TELEGRAM = "https://api.telegram.org"
_ERROR_CLASS = re.compile(r"^\w+: ")


class CannotStart(Exception):
    """The bot cannot start; the message is the one line to print."""


async def check_bot_api(settings: Settings) -> None:
    """getMe once with the configured token and URL; raises CannotStart when that fails."""
    api = settings.telegram_api_url
    bot = Bot(
        settings.token(),
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=AiohttpRequest(connections=1),
        get_updates_request=AiohttpRequest(connections=1),
    )
    try:
        async with bot:  # initialize() is the getMe call
            pass
    except TelegramError as error:
        raise CannotStart(explain(error, api)) from None


def explain(error: TelegramError, api_url: str) -> str:
    """What went wrong talking to the Bot API while starting, and what to do about it."""
    if isinstance(error, InvalidToken):
        return _rejected(error, api_url)
    reason = _reason(error)
    if isinstance(error, NetworkError) and proxy_for(api_url):
        return (
            f"cannot reach the Bot API at {api_url} through the proxy in HTTPS_PROXY/HTTP_PROXY "
            f"({reason}). Check that the proxy runs and lets this computer through."
        )
    if isinstance(error, NetworkError) and api_url == TELEGRAM:
        return (
            f"cannot reach Telegram at {api_url} ({reason}). Check this computer's internet "
            "connection; if it reaches the internet only through a proxy, set HTTPS_PROXY."
        )
    if isinstance(error, NetworkError):  # TimedOut included
        return (
            f"cannot reach the Bot API at TELEGRAM_API_URL={api_url} ({reason}). Check the "
            "address, and that the server there is running."
        )
    return (
        f"the Bot API at TELEGRAM_API_URL={api_url} answered unexpectedly ({reason}). Check "
        "the address."
    )


def _rejected(error: InvalidToken, api_url: str) -> str:
    # Bot.initialize raises its own InvalidToken (quoting the token) from Telegram's answer.
    answer = error.__cause__ if isinstance(error.__cause__, InvalidToken) else error
    if "unauthorized" in answer.message.lower():
        return (
            "Telegram rejected BOT_TOKEN (401 Unauthorized): it was revoked or mistyped. Copy "
            "the token again from @BotFather (/mybots → your bot → API Token) into BOT_TOKEN."
        )
    return (
        f"the Bot API at {api_url} does not know this bot (404 Not Found): BOT_TOKEN is "
        "malformed, or TELEGRAM_API_URL is not a Bot API server. Copy the token again from "
        "@BotFather and check TELEGRAM_API_URL."
    )


def _reason(error: TelegramError) -> str:
    if isinstance(error, TimedOut):
        return "no answer in time"
    text = _ERROR_CLASS.sub("", redact(error.message)).strip()
    return text or type(error).__name__
