"""Waiting for the bot to react: Reaction, NoReply and the settle logic."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from emulator.models import BotEvent, CallbackAnswer, Chat, Message


class NoReply(AssertionError):
    """The bot did not react in time."""


@dataclass
class Timing:
    settle: float = 0.05
    timeout: float = 10.0
    quiet: float = 0.3


@dataclass
class Reaction:
    """What the bot did in one chat after a user action."""

    update_id: int
    events: list[BotEvent] = field(default_factory=list)
    callback_answer: CallbackAnswer | None = None

    def _messages(self, kind: str) -> list[Message]:
        found: list[Message] = []
        for event in self.events:
            if event.kind == kind and event.message is not None and event.message not in found:
                found.append(event.message)
        return found

    @property
    def messages(self) -> list[Message]:
        return self._messages("message")

    @property
    def edits(self) -> list[Message]:
        return self._messages("edit")

    @property
    def deletions(self) -> list[Message]:
        return self._messages("delete")

    def _last_shown(self) -> Message | None:
        for event in reversed(self.events):
            if event.kind in ("message", "edit") and event.message is not None:
                return event.message
        return None

    @property
    def text(self) -> str:
        """Plain text (or caption) of the last new or edited message; "" when none."""
        message = self._last_shown()
        return "" if message is None else _or_caption(message.text, message.caption)

    @property
    def html(self) -> str:
        message = self._last_shown()
        return "" if message is None else _or_caption(message.html, message.caption_html)


def _or_caption(body: str | None, caption: str | None) -> str:
    """A message's text, or a media message's caption."""
    return body if body is not None else caption or ""


def _counts(event: BotEvent, query_id: str | None) -> bool:
    if event.kind != "callback_answer":
        return True
    return event.answer is not None and event.answer.query_id == query_id


async def collect(
    chat: Chat,
    start: int,
    timing: Timing,
    *,
    expect_reply: bool,
    query_id: str | None = None,
    what: str = "the action",
) -> list[BotEvent]:
    """Events from index `start`: wait for a first one, then until `settle` passes quietly."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timing.timeout
    first_deadline = deadline if expect_reply else loop.time() + timing.quiet
    while not any(_counts(e, query_id) for e in chat.events[start:]):
        if not await chat.signal.wait(first_deadline - loop.time()) and (
            loop.time() >= first_deadline
        ):
            if expect_reply:
                raise NoReply(
                    f"bot did not react within {timing.timeout}s to {what} in chat {chat.id}; "
                    f"last messages:\n{chat.describe()}"
                )
            return chat.events[start:]
    while loop.time() < deadline:
        count = len(chat.events)
        await chat.signal.wait(min(timing.settle, deadline - loop.time()))
        if len(chat.events) == count:
            break
    return chat.events[start:]


async def next_event(chat: Chat, within: float) -> BotEvent:
    """The first event the test has not looked at yet, waiting up to `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while len(chat.events) <= chat.seen:
        if not await chat.signal.wait(deadline - loop.time()) and loop.time() >= deadline:
            raise NoReply(
                f"no bot event in chat {chat.id} within {within}s; "
                f"last messages:\n{chat.describe()}"
            )
    event = chat.events[chat.seen]
    chat.seen += 1
    return event
