"""The port through which services send on their own (the broadcast worker, a broadcast's
live status, status notices): Screens to a chat id, edits by message id. They never see a
telegram.Bot or its errors; a failed send raises one of the NotDelivered kinds below."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.screens import Screen
from bot.transport.delivery import markup
from bot.transport.pacing import PACED

log = logging.getLogger(__name__)


class NotDelivered(Exception):
    """Telegram did not take the message (any other error of the Bot API)."""


class Blocked(NotDelivered):
    """The person blocked the bot, or never started it (403)."""


class Refused(NotDelivered):
    """Telegram refused this very request (400); sending it again would not help."""


class TooFast(NotDelivered):
    """429: the shared pace is paused for retry_after; send it again later."""


class Unreachable(NotDelivered):
    """The network failed or timed out; worth another try."""


class Outbox:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, chat_id: int, screen: Screen, *, paced: bool = False) -> int:
        """Sends the screen; returns its message id. `paced`: the caller took its token from
        the shared Pace already (broadcasts), and a 429 comes back as TooFast at once."""
        with translated_errors():
            if paced:
                assert isinstance(self._bot, ExtBot), "the Application's bot carries the pace"
                sent = await self._bot.send_message(
                    chat_id,
                    screen.text,
                    reply_markup=markup(screen.keyboard),
                    rate_limit_args=PACED,
                )
            else:
                sent = await self._bot.send_message(
                    chat_id, screen.text, reply_markup=markup(screen.keyboard)
                )
        return sent.message_id

    async def told(self, chat_id: int, screen: Screen) -> bool:
        """Sends the screen once; False only when the network failed (worth another try). A
        person who blocked the bot or never opened it counts as told: trying again would not
        reach them either."""
        try:
            await self.send(chat_id, screen)
        except (Blocked, Refused):
            return True
        except NotDelivered as error:
            log.info("a message was not sent (%s)", type(error).__name__)
            return False
        return True

    async def edit(self, chat_id: int, message_id: int, screen: Screen) -> None:
        with translated_errors():
            await self._bot.edit_message_text(
                screen.text, chat_id, message_id, reply_markup=markup(screen.keyboard)
            )


@contextmanager
def translated_errors() -> Iterator[None]:
    # BadRequest and TimedOut are NetworkErrors in python-telegram-bot: the order matters.
    try:
        yield
    except RetryAfter as error:
        raise TooFast(str(error)) from error
    except Forbidden as error:
        raise Blocked(error.message) from error
    except BadRequest as error:
        raise Refused(error.message) from error
    except NetworkError as error:
        raise Unreachable(type(error).__name__) from error
    except TelegramError as error:
        raise NotDelivered(error.message) from error
