"""Helpers shared by the sending methods: text parsing and recording bot messages."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from emulator.errors import bad_request
from emulator.models import BotEvent, Chat, Message, plain_to_html
from emulator.params import Params
from emulator.state import EmulatorState
from emulator.tghtml import ParsedText, parse_html, parse_plain, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024


@dataclass
class Formatted:
    parsed: ParsedText
    html: str


def format_field(p: Params, field: str, entities_field: str) -> Formatted | None:
    """Parse `field` per parse_mode; None when the field is absent."""
    source = p.get_str(field)
    if source is None:
        return None
    mode = (p.get_str("parse_mode") or "").strip()
    if mode.lower() == "html":
        return Formatted(parse_html(source), source)
    if mode:
        raise bad_request(f"unsupported parse_mode {mode!r} in the emulator")
    parsed = parse_plain(source)
    explicit = p.get_json(entities_field)
    if isinstance(explicit, list):
        parsed.entities = [e for e in explicit if isinstance(e, dict)]
    return Formatted(parsed, plain_to_html(source))


def message_text(p: Params) -> Formatted:
    formatted = format_field(p, "text", "entities")
    if formatted is None or not formatted.parsed.text:
        raise bad_request("message text is empty")
    if utf16_len(formatted.parsed.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return formatted


def caption(p: Params) -> Formatted | None:
    formatted = format_field(p, "caption", "caption_entities")
    if formatted is None or not formatted.parsed.text:
        return None
    if utf16_len(formatted.parsed.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return formatted


def caption_payload(formatted: Formatted | None) -> dict[str, Any]:
    if formatted is None:
        return {}
    payload: dict[str, Any] = {"caption": formatted.parsed.text}
    if formatted.parsed.entities:
        payload["caption_entities"] = formatted.parsed.entities
    return payload


def new_bot_message(chat: Chat, **fields: Any) -> Message:
    return Message(
        message_id=chat.new_message_id(),
        chat_id=chat.id,
        from_bot=True,
        date=int(time.time()),
        **fields,
    )


def record_bot_message(state: EmulatorState, chat: Chat, message: Message) -> None:
    chat.messages.append(message)
    state.stats.messages_sent[chat.id] += 1
    chat.add_event(BotEvent("message", chat.id, message))


def find_own_message(chat: Chat, message_id: int | None, action: str) -> Message:
    message = chat.find(message_id) if message_id is not None else None
    if message is None or not message.from_bot:
        raise bad_request(f"message to {action} not found")
    return message
