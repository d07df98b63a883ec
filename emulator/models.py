"""State objects: chats, messages, bot events, files and counters."""

from __future__ import annotations

import asyncio
import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from emulator.markup import Button, inline_buttons, reply_keyboard


class Signal:
    """Wakes every waiter on notify(); waiters re-check their own condition.

    `version` counts notifications, so a waiter that had to await something between checking
    and waiting can tell it missed one."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []
        self.version = 0

    def notify(self) -> None:
        self.version += 1
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def subscribe(self) -> asyncio.Future[None]:
        """A future done at the next notify(); registered at once, before any await."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        return waiter

    def unsubscribe(self, waiter: asyncio.Future[None]) -> None:
        if waiter in self._waiters:
            self._waiters.remove(waiter)

    async def wait(self, seconds: float) -> bool:
        """True when notified, False after `seconds` without a notification."""
        if seconds <= 0:
            return False
        waiter = self.subscribe()
        try:
            await asyncio.wait_for(waiter, seconds)
        except TimeoutError:
            return False
        finally:
            self.unsubscribe(waiter)
        return True


@dataclass
class UserInfo:
    id: int
    first_name: str
    language_code: str | None = None
    username: str | None = None
    last_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


class Document(NamedTuple):
    filename: str
    data: bytes
    mime_type: str


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    filename: str | None = None
    mime_type: str | None = None


@dataclass
class Message:
    """A message as it currently stands in a chat (edits applied in place)."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None
    html: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_html: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: Document | None = None
    photo: bytes | None = None
    file_id: str | None = None
    sender: UserInfo | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    edit_count: int = 0
    deleted: bool = False

    @property
    def buttons(self) -> list[list[Button]]:
        return inline_buttons(self.reply_markup)

    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        return reply_keyboard(self.reply_markup)

    def summary(self) -> str:
        who = "bot" if self.from_bot else "user"
        body = self.text if self.text is not None else f"[media] {self.caption or ''}"
        extra = f" buttons={self.button_texts()}" if self.buttons else ""
        gone = " (deleted)" if self.deleted else ""
        return f"#{self.message_id} {who}: {body!r}{extra}{gone}"


def plain_to_html(text: str) -> str:
    return html.escape(text, quote=False)


EventKind = Literal["message", "edit", "delete", "callback_answer"]


@dataclass
class CallbackAnswer:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None


@dataclass
class BotEvent:
    """Something the bot did that a user can observe."""

    kind: EventKind
    chat_id: int
    message: Message | None = None
    answer: CallbackAnswer | None = None


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    user: UserInfo | None = None
    blocked: bool = False
    messages: list[Message] = field(default_factory=list)
    events: list[BotEvent] = field(default_factory=list)
    seen: int = 0
    next_message_id: int = 1
    signal: Signal = field(default_factory=Signal)

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title is not None:
            data["title"] = self.title
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.username is not None:
                data["username"] = self.user.username
        return data

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def find(self, message_id: int) -> Message | None:
        for message in self.messages:
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def add_event(self, event: BotEvent) -> None:
        self.events.append(event)
        self.signal.notify()

    def describe(self, last: int = 8) -> str:
        lines = [m.summary() for m in self.messages[-last:]]
        return "\n".join(lines) if lines else "(no messages)"


@dataclass
class Stats:
    """Counters for tests and benchmarks."""

    calls: Counter[str] = field(default_factory=Counter)
    errors: Counter[int] = field(default_factory=Counter)
    too_many_requests: int = 0
    messages_sent: Counter[int] = field(default_factory=Counter)
    edits: Counter[int] = field(default_factory=Counter)
    deletes: int = 0
    callback_answers: int = 0
    updates_created: int = 0
    updates_delivered: int = 0

    @property
    def total_sent(self) -> int:
        return sum(self.messages_sent.values())

    def reset(self) -> None:
        fresh = Stats()
        self.__dict__.update(fresh.__dict__)
