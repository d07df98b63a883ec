"""Everything the emulated Telegram server knows, shared by the HTTP side and the test API."""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from emulator.errors import bad_request, forbidden, too_many_requests
from emulator.faults import Faults
from emulator.models import Chat, Message, Stats, StoredFile
from emulator.params import Params
from emulator.ratelimit import Limits, RateLimiter
from emulator.updates import UpdateQueue
from emulator.webhook import WebhookPusher

CommandList = list[tuple[str, str]]


@dataclass
class QueryState:
    chat_id: int
    answered: bool = False


class EmulatorState:
    def __init__(self, bot_username: str, limits: Limits, bot_first_name: str = "Rembug") -> None:
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.bot_id = 0
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.updates = UpdateQueue()
        self.webhook = WebhookPusher(self.updates)
        self.stats = Stats()
        self.limiter = RateLimiter(limits)
        self.commands: dict[tuple[str, str], CommandList] = {}
        self.queries: dict[str, QueryState] = {}
        self.faults = Faults()
        self.closing = False
        self._counter = itertools.count(1)

    def set_limits(self, limits: Limits) -> None:
        self.limiter = RateLimiter(limits)

    def bot_json(self, bot_id: int) -> dict[str, Any]:
        return {
            "id": bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def chat(self, raw_chat_id: str | None) -> Chat:
        """The target chat of a bot request: 400 when unknown, 403 when the user blocked us."""
        if raw_chat_id is None or raw_chat_id == "":
            raise bad_request("chat_id is empty")
        try:
            chat = self.chats.get(int(raw_chat_id))
        except ValueError:
            chat = None
        if chat is None:
            raise bad_request("chat not found")
        if chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def throttle(self, chat: Chat, *, is_send: bool) -> None:
        retry_after = self.limiter.acquire(chat.id, chat.is_group, counts_global=is_send)
        if retry_after is not None:
            self.stats.too_many_requests += 1
            raise too_many_requests(retry_after)

    def next_number(self) -> int:
        return next(self._counter)

    def store_file(
        self, data: bytes, folder: str, extension: str, filename: str | None, mime: str | None
    ) -> StoredFile:
        number = self.next_number()
        stored = StoredFile(
            file_id=f"BQACAgUAAxk{number:06d}{secrets.token_urlsafe(24)}",
            file_unique_id=f"AgAD{number:04d}{secrets.token_urlsafe(6)}",
            data=data,
            file_path=f"{folder}/file_{number}.{extension}",
            filename=filename,
            mime_type=mime,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def new_query_id(self, chat_id: int) -> str:
        query_id = str(4_000_000_000_000_000 + self.next_number())
        self.queries[query_id] = QueryState(chat_id)
        return query_id

    def message_json(self, message: Message, bot_id: int) -> dict[str, Any]:
        if not message.from_bot:
            return dict(message.payload)
        chat = self.chats[message.chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_json(bot_id),
            "chat": chat.to_json(),
            "date": message.date,
        }
        if message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        data.update(message.payload)
        if message.edit_count:
            data["edit_date"] = int(time.time())
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data


Handler = Callable[[EmulatorState, Params], Awaitable[Any]]
