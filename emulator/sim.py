"""Simulated users that talk to the bot and read what it answered."""

from __future__ import annotations

import html
import time
from typing import Any, TypedDict, Unpack

from emulator import payloads
from emulator.media import fake_ogg, tiny_jpeg, tiny_webp
from emulator.models import BotEvent, Chat, Message, UserInfo
from emulator.state import EmulatorState
from emulator.tghtml import parse_html
from emulator.waiting import Reaction, Timing, collect, next_event


class WaitOptions(TypedDict, total=False):
    """How long an action waits: see Timing; expect_reply=False tolerates silence."""

    expect_reply: bool
    settle: float
    timeout: float


class SimUser:
    """A Telegram user; their private chat id equals their user id."""

    def __init__(self, state: EmulatorState, timing: Timing, info: UserInfo, chat: Chat) -> None:
        self._state = state
        self._defaults = timing
        self.info = info
        self.chat = chat
        self.last_update_id: int | None = None

    @property
    def id(self) -> int:
        return self.info.id

    def __repr__(self) -> str:
        return f"SimUser(id={self.id}, first_name={self.info.first_name!r})"

    # --- actions -------------------------------------------------------------------------

    async def send(
        self,
        text: str,
        *,
        chat: Chat | None = None,
        reply_to: int | None = None,
        **wait: Unpack[WaitOptions],
    ) -> Reaction:
        """Send text; a leading "/cmd" gets a bot_command entity."""
        body = payloads.text_body(text)
        if reply_to is not None:
            body["reply_to_message"] = self._reply_target(chat or self.chat, reply_to)
        return await self._send_message(chat, body, text, **wait)

    async def edit(
        self, message_id: int, text: str, *, chat: Chat | None = None, **wait: Unpack[WaitOptions]
    ) -> Reaction:
        """Edit one of this user's text messages, as Telegram lets people do for 48 hours:
        the bot gets an `edited_message` update with the new text."""
        target = chat or self.chat
        message = target.find(message_id)
        if message is None or message.from_bot or message.text is None:
            raise LookupError(f"no text message {message_id} of user {self.id}")
        message.text = text
        message.html = html.escape(text, quote=False)
        payload = {**message.payload, **payloads.text_body(text), "edit_date": int(time.time())}
        message.payload = payload
        return await self._act(target, "edited_message", payload, None, wait)

    async def send_formatted(
        self, source: str, *, chat: Chat | None = None, **wait: Unpack[WaitOptions]
    ) -> Reaction:
        """Send text formatted in the Telegram app (bold, italic, links …), written here as
        Telegram HTML: the bot receives plain text plus entities, as from a real client."""
        parsed = parse_html(source)
        body: dict[str, Any] = {"text": parsed.text}
        if parsed.entities:
            body["entities"] = parsed.entities
        return await self._send_message(chat, body, parsed.text, **wait)

    async def send_location(
        self,
        latitude: float,
        longitude: float,
        *,
        chat: Chat | None = None,
        **wait: Unpack[WaitOptions],
    ) -> Reaction:
        body = payloads.location_body(latitude, longitude)
        return await self._send_message(chat, body, None, **wait)

    async def send_photo(
        self,
        caption: str | None = None,
        data: bytes | None = None,
        *,
        chat: Chat | None = None,
        **wait: Unpack[WaitOptions],
    ) -> Reaction:
        stored = self._state.store_file(data or tiny_jpeg(16), "photos", "jpg", None, "image/jpeg")
        body = {**payloads.photo_body(stored), **payloads.caption_body(caption)}
        return await self._send_message(chat, body, None, **wait)

    async def send_sticker(
        self, emoji: str = "👍", *, chat: Chat | None = None, **wait: Unpack[WaitOptions]
    ) -> Reaction:
        stored = self._state.store_file(tiny_webp(), "stickers", "webp", None, "image/webp")
        return await self._send_message(chat, payloads.sticker_body(stored, emoji), None, **wait)

    async def send_voice(
        self, duration: int = 2, *, chat: Chat | None = None, **wait: Unpack[WaitOptions]
    ) -> Reaction:
        stored = self._state.store_file(fake_ogg(duration), "voice", "oga", None, "audio/ogg")
        return await self._send_message(chat, payloads.voice_body(stored, duration), None, **wait)

    async def send_document(
        self,
        data: bytes,
        filename: str,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        *,
        chat: Chat | None = None,
        **wait: Unpack[WaitOptions],
    ) -> Reaction:
        ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        stored = self._state.store_file(data, "documents", ext, filename, mime_type)
        body = {**payloads.document_body(stored), **payloads.caption_body(caption)}
        return await self._send_message(chat, body, None, **wait)

    async def press(
        self,
        text: str,
        *,
        message_id: int | None = None,
        chat: Chat | None = None,
        **wait: Unpack[WaitOptions],
    ) -> Reaction:
        """Tap the inline button labelled `text` (newest bot message having it by default)."""
        target = chat or self.chat
        message = self._message_with_button(target, text, message_id)
        button = next(b for row in message.buttons for b in row if b.text == text)
        if button.callback_data is None:
            raise LookupError(f"button {text!r} in message {message.message_id} has no callback")
        return await self._callback(target, message, button.callback_data, **wait)

    async def press_data(
        self,
        data: str,
        *,
        message_id: int | None = None,
        chat: Chat | None = None,
        **wait: Unpack[WaitOptions],
    ) -> Reaction:
        """A callback query with arbitrary data, as a forging client could send."""
        target = chat or self.chat
        if message_id is None:
            message = self.last_bot_message(target)
        else:
            found = target.find(message_id)
            if found is None:
                raise LookupError(f"no message {message_id} in chat {target.id}")
            message = found
        return await self._callback(target, message, data, **wait)

    def block(self) -> None:
        self._set_blocked(True)

    def unblock(self) -> None:
        self._set_blocked(False)

    # --- reading -------------------------------------------------------------------------

    def bot_messages(self, chat: Chat | None = None) -> list[Message]:
        target = chat or self.chat
        return [m for m in target.messages if m.from_bot and not m.deleted]

    def last_bot_message(self, chat: Chat | None = None) -> Message:
        """The newest bot message still in the chat; LookupError when there is none."""
        messages = self.bot_messages(chat)
        if not messages:
            raise LookupError(f"no bot messages in chat {(chat or self.chat).id}")
        return max(messages, key=lambda m: m.message_id)

    async def wait_event(
        self,
        timeout: float = 10.0,  # noqa: ASYNC109 - the agreed public API takes a plain timeout
        chat: Chat | None = None,
    ) -> BotEvent:
        """The next bot event in the chat not yet seen by an action or an earlier wait."""
        return await next_event(chat or self.chat, timeout)

    # --- internals -----------------------------------------------------------------------

    def _wait_timing(self, wait: WaitOptions) -> tuple[Timing, bool]:
        timing = Timing(
            settle=wait.get("settle") or self._defaults.settle,
            timeout=wait.get("timeout") or self._defaults.timeout,
            quiet=self._defaults.quiet,
        )
        return timing, bool(wait.get("expect_reply", True))

    def _reply_target(self, chat: Chat, message_id: int) -> dict[str, Any]:
        message = chat.find(message_id)
        if message is None:
            raise LookupError(f"no message {message_id} in chat {chat.id}")
        return self._state.message_json(message, self._state.bot_id)

    async def _send_message(
        self, chat: Chat | None, body: dict[str, Any], text: str | None, **wait: Unpack[WaitOptions]
    ) -> Reaction:
        target = chat or self.chat
        message = Message(
            message_id=target.new_message_id(),
            chat_id=target.id,
            from_bot=False,
            date=int(time.time()),
            text=text,
            html=html.escape(text, quote=False) if text is not None else None,
            caption=body.get("caption"),
            sender=self.info,
        )
        message.payload = {
            "message_id": message.message_id,
            "from": self.info.to_json(),
            "chat": target.to_json(),
            "date": message.date,
            **body,
        }
        target.messages.append(message)
        return await self._act(target, "message", message.payload, None, wait)

    async def _callback(
        self, chat: Chat, message: Message, data: str, **wait: Unpack[WaitOptions]
    ) -> Reaction:
        query_id = self._state.new_query_id(chat.id)
        body = {
            "id": query_id,
            "from": self.info.to_json(),
            "message": self._state.message_json(message, self._state.bot_id),
            "chat_instance": payloads.chat_instance(chat.id),
            "data": data,
        }
        return await self._act(chat, "callback_query", body, query_id, wait)

    async def _act(
        self,
        chat: Chat,
        kind: str,
        body: dict[str, Any],
        query_id: str | None,
        wait: WaitOptions,
    ) -> Reaction:
        timing, expect_reply = self._wait_timing(wait)
        start = len(chat.events)
        update_id = self._state.updates.push(kind, body)
        self._state.stats.updates_created += 1
        self.last_update_id = update_id
        what = f"{kind} update {update_id} from user {self.id}"
        events = await collect(
            chat, start, timing, expect_reply=expect_reply, query_id=query_id, what=what
        )
        chat.seen = len(chat.events)
        answer = next(
            (e.answer for e in events if e.answer is not None and e.answer.query_id == query_id),
            None,
        )
        return Reaction(update_id, events, answer)

    def _message_with_button(self, chat: Chat, text: str, message_id: int | None) -> Message:
        if message_id is not None:
            message = chat.find(message_id)
            if message is None or text not in message.button_texts():
                raise LookupError(f"no button {text!r} in message {message_id} of chat {chat.id}")
            return message
        for message in sorted(self.bot_messages(chat), key=lambda m: -m.message_id):
            if text in message.button_texts():
                return message
        raise LookupError(f"no bot message with button {text!r} in chat {chat.id}")

    def _set_blocked(self, blocked: bool) -> None:
        if self.chat.blocked == blocked:
            return
        self.chat.blocked = blocked
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        bot = self._state.bot_json(self._state.bot_id)
        body = payloads.member_update(self.info, self.chat.to_json(), bot, old, new)
        self.last_update_id = self._state.updates.push("my_chat_member", body)
        self._state.stats.updates_created += 1
