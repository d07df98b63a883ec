"""Turns a Response into Bot API calls, after the unit of work has committed.

The answer is saved by then, so a reply Telegram fails (a 5xx, a timeout, a 429 flood) is
tried again a few times: the person must see the question their next answer goes to. What
still fails is raised as ReplyNotDelivered, for the turn to note that the question was not
shown and for the error handler to know that nothing needs to be typed again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.screens import Button, Keyboard, Reply, Response, Screen
from bot.transport.limiter import seconds

log = logging.getLogger(__name__)
T = TypeVar("T")

# Pauses before the second and third attempt of a reply (a 429 waits its retry_after instead).
# The HTTP client waits 5 s for an answer (bot/transport/http.py): a reply Telegram never
# answers is given up after about 18 s.
RETRY_PAUSES = (0.5, 2.0)
# A 429 asking for a longer wait than this is not waited for: the next message the person
# sends shows the question they were not shown.
LONGEST_RETRY_AFTER = 10.0


# A reply's texts are sent as the Application's Defaults say (bot/app.py): HTML, no previews.
TEXT_OPTIONS: dict[str, object] = {
    "parse_mode": "HTML",
    "link_preview_options": {"is_disabled": True},
}


async def call(bot: Bot, method: str, **parameters: object) -> Any:
    """A Bot API call whose answer is used only for a message id: python-telegram-bot's own
    methods turn every answer into a Message (with its keyboard, entities and chat), a large
    share of a reply's CPU, so the JSON comes back as it is. The request still passes the rate
    limiter and raises Telegram's errors as those methods do."""
    return await bot._post(method, parameters)


def keyboard_json(keyboard: Keyboard | None) -> dict[str, object] | None:
    """The inline keyboard as the Bot API's JSON (what `markup` builds as PTB objects)."""
    if not keyboard:
        return None
    rows = [[_button_json(b) for b in row] for row in keyboard]
    return {"inline_keyboard": rows}


def _button_json(button: Button) -> dict[str, str]:
    found = {"text": button.text, "callback_data": button.data, "url": button.url}
    return {key: value for key, value in found.items() if value is not None}


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.text, callback_data=b.data, url=b.url) for b in row]
            for row in keyboard
        ]
    )


@dataclass(frozen=True)
class Delivered:
    """Message ids a turn remembers: the new current question, and the new error message."""

    question_id: int | None = None
    error_id: int | None = None


class ReplyNotDelivered(TelegramError):
    """A reply could not be delivered, even after retrying: the update's effect stands
    (committed), only the person may not have seen its reply."""

    def __init__(self, question_id: int | None, question_lost: bool) -> None:
        super().__init__("a reply was not delivered")
        self.question_id = question_id  # the new current question, when it did arrive
        self.question_lost = question_lost  # the new current question did not arrive


async def deliver(
    bot: Bot, chat_id: int, response: Response, query: CallbackQuery | None = None
) -> Delivered:
    """Send the replies; return the ids of the new current question and error, if any."""
    # The spinner, the old question's buttons and the replies are independent: in parallel.
    side_calls = []
    if query is not None:
        side_calls.append(_answer(query, response.alert))
    if response.retire is not None:
        side_calls.append(_retire(bot, chat_id, response.retire))
    if response.delete is not None:
        side_calls.append(_delete(bot, chat_id, response.delete))
    sending = _send_all(bot, chat_id, response, query)
    *side, sent = await asyncio.gather(*side_calls, sending, return_exceptions=True)
    for outcome in (sent, *side):
        if isinstance(outcome, BaseException):
            raise outcome
    assert isinstance(sent, Delivered)
    return sent


async def _send_all(
    bot: Bot, chat_id: int, response: Response, query: CallbackQuery | None
) -> Delivered:
    question_id = error_id = None
    failure: TelegramError | None = None
    question_lost = False
    for reply in response.replies:
        try:
            message_id = await _send(bot, chat_id, reply, query)
        except Forbidden:
            raise
        except TelegramError as error:
            # The next reply may be the question: it still goes out.
            failure, question_lost = error, question_lost or reply.question
            continue
        if reply.question:
            question_id = message_id
        if reply.error:
            error_id = message_id
    if failure is not None:
        raise ReplyNotDelivered(question_id, question_lost) from failure
    return Delivered(question_id, error_id)


async def _answer(query: CallbackQuery, alert: str | None) -> None:
    """Closes the button's spinner; a failure only leaves it spinning a little longer."""
    try:
        await query.answer(alert, show_alert=bool(alert))
    except BadRequest:
        log.debug("callback query too old to answer")
    except TelegramError as error:
        log.info("a callback query was not answered (%s)", type(error).__name__)


async def _retire(bot: Bot, chat_id: int, message_id: int) -> None:
    """Takes the buttons off an old question; left on, they only earn an explanation."""
    try:
        await call(bot, "editMessageReplyMarkup", chat_id=chat_id, message_id=message_id)
    except BadRequest:
        log.debug("old question %s already without buttons", message_id)
    except Forbidden:
        raise
    except TelegramError as error:
        log.info("an old question kept its buttons (%s)", type(error).__name__)


async def _delete(bot: Bot, chat_id: int, message_id: int) -> None:
    """Takes an earlier error away; one left standing only repeats what the new one says."""
    try:
        await bot.delete_message(chat_id, message_id)
    except BadRequest:
        log.debug("message %s was already gone", message_id)
    except Forbidden:
        raise
    except TelegramError as error:
        log.info("an earlier error message stayed (%s)", type(error).__name__)


async def _send(bot: Bot, chat_id: int, reply: Reply, query: CallbackQuery | None) -> int | None:
    screen = reply.screen
    if reply.photo is not None:
        photo = reply.photo
        sent = await persist(lambda: bot.send_photo(chat_id, photo.content, caption=photo.caption))
        return sent.message_id
    if reply.document is not None:
        doc = reply.document
        sent = await persist(
            lambda: bot.send_document(
                chat_id, doc.content, filename=doc.filename, caption=doc.caption
            )
        )
        return sent.message_id
    target = query.message if query is not None else None
    if reply.edit and isinstance(target, Message):
        try:
            if await _edit(bot, chat_id, target.message_id, reply):
                return target.message_id
        except (NetworkError, RetryAfter) as error:
            # Tried again as a new message: its id orders it after anything the person sent
            # meanwhile, and the old screen loses its buttons if Telegram lets us.
            log.info("a tapped message was not edited (%s); sending anew", type(error).__name__)
            resent = await persist(lambda: _new_message(bot, chat_id, screen))
            await _retire(bot, chat_id, target.message_id)
            return resent
    return await persist(lambda: _new_message(bot, chat_id, screen))


async def _new_message(bot: Bot, chat_id: int, screen: Screen) -> int:
    sent = await call(bot, "sendMessage", chat_id=chat_id, **_text(screen))
    return int(sent["message_id"])


def _text(screen: Screen) -> dict[str, object]:
    fields: dict[str, object] = {"text": screen.text, **TEXT_OPTIONS}
    keyboard = keyboard_json(screen.keyboard)
    if keyboard is not None:
        fields["reply_markup"] = keyboard
    return fields


async def _edit(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    try:
        await call(
            bot, "editMessageText", chat_id=chat_id, message_id=message_id, **_text(reply.screen)
        )
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return True
        log.info("could not edit message %s (%s); sending a new one", message_id, error)
        return False
    return True


async def persist(call: Callable[[], Awaitable[T]]) -> T:
    """`call`, tried again after a failure that may pass: a 5xx, a timeout, a network error,
    a 429 the rate limiter already retried. A few attempts, each bounded by the HTTP client's
    timeouts, then the last failure is raised: the person's next update waits meanwhile, other
    people's do not."""
    for pause in RETRY_PAUSES:
        try:
            return await call()
        except BadRequest:
            raise  # the request itself is wrong: the same request fails again
        except RetryAfter as error:
            wait = seconds(error.retry_after)
            if wait > LONGEST_RETRY_AFTER:
                raise
            log.info("a reply was refused with 429; trying again in %.1f s", wait)
            await asyncio.sleep(wait)
        except NetworkError as error:
            log.info("a reply failed (%s); trying again in %.1f s", _brief(error), pause)
            await asyncio.sleep(pause)
    return await call()


def _brief(error: TelegramError) -> str:
    """The error for the log: the transport's texts hold no token (bot/transport/http.py)."""
    return f"{type(error).__name__}: {str(error)[:200]}"


async def safe_deliver(
    bot: Bot, chat_id: int, response: Response, query: CallbackQuery | None = None
) -> Delivered:
    try:
        return await deliver(bot, chat_id, response, query)
    except Forbidden:
        log.info("a reply was dropped: the chat blocked the bot")
        return Delivered()
