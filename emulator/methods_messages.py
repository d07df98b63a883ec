"""sendMessage, edits, deleteMessage and answerCallbackQuery."""

from __future__ import annotations

from typing import Any

from emulator.compose import (
    caption,
    caption_payload,
    find_own_message,
    message_text,
    new_bot_message,
    record_bot_message,
)
from emulator.errors import bad_request
from emulator.markup import validate_markup
from emulator.models import BotEvent, CallbackAnswer, Chat, Message
from emulator.params import Params
from emulator.state import EmulatorState, Handler

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
MAX_ANSWER_TEXT = 200


async def send_message(state: EmulatorState, p: Params) -> Any:
    chat = state.chat(p.get_str("chat_id"))
    formatted = message_text(p)
    markup = validate_markup(p.get_json("reply_markup"))
    state.throttle(chat, is_send=True)
    message = new_bot_message(
        chat,
        text=formatted.parsed.text,
        html=formatted.html,
        entities=formatted.parsed.entities,
        reply_markup=markup,
    )
    record_bot_message(state, chat, message)
    return state.message_json(message, p.bot_id)


def _inline_only(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup and "inline_keyboard" in markup else None


def _edit_markup(p: Params) -> dict[str, Any] | None:
    markup = validate_markup(p.get_json("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return markup


def _target(state: EmulatorState, p: Params) -> tuple[Chat, Message]:
    if p.has("inline_message_id"):
        raise bad_request("inline messages are not supported by the emulator")
    chat = state.chat(p.get_str("chat_id"))
    return chat, find_own_message(chat, p.get_int("message_id"), "edit")


def _apply_edit(state: EmulatorState, chat: Chat, message: Message, markup: Any) -> None:
    # A keyboard that is not inline is not part of the editable message; keep it for readers.
    message.reply_markup = markup if markup is not None else _non_inline(message.reply_markup)
    message.edit_count += 1
    state.stats.edits[chat.id] += 1
    chat.add_event(BotEvent("edit", chat.id, message))


def _non_inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if _inline_only(markup) else markup


async def edit_message_text(state: EmulatorState, p: Params) -> Any:
    chat, message = _target(state, p)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    formatted = message_text(p)
    markup = _edit_markup(p)
    same_text = (formatted.parsed.text, formatted.parsed.entities) == (
        message.text,
        message.entities,
    )
    if same_text and markup == _inline_only(message.reply_markup):
        raise bad_request(NOT_MODIFIED)
    state.throttle(chat, is_send=False)
    message.text = formatted.parsed.text
    message.entities = formatted.parsed.entities
    message.html = formatted.html
    _apply_edit(state, chat, message, markup)
    return state.message_json(message, p.bot_id)


async def edit_message_caption(state: EmulatorState, p: Params) -> Any:
    chat, message = _target(state, p)
    if message.document is None and message.photo is None:
        raise bad_request("there is no caption in the message to edit")
    formatted = caption(p)
    markup = _edit_markup(p)
    new_caption = formatted.parsed.text if formatted else None
    old_entities = message.payload.get("caption_entities", [])
    new_entities = formatted.parsed.entities if formatted else []
    same = (new_caption, new_entities) == (message.caption, old_entities)
    if same and markup == _inline_only(message.reply_markup):
        raise bad_request(NOT_MODIFIED)
    state.throttle(chat, is_send=False)
    message.caption = new_caption
    message.caption_html = formatted.html if formatted else None
    for key in ("caption", "caption_entities"):
        message.payload.pop(key, None)
    message.payload.update(caption_payload(formatted))
    _apply_edit(state, chat, message, markup)
    return state.message_json(message, p.bot_id)


async def edit_message_reply_markup(state: EmulatorState, p: Params) -> Any:
    chat, message = _target(state, p)
    markup = _edit_markup(p)
    if markup == _inline_only(message.reply_markup):
        raise bad_request(NOT_MODIFIED)
    state.throttle(chat, is_send=False)
    _apply_edit(state, chat, message, markup)
    return state.message_json(message, p.bot_id)


async def delete_message(state: EmulatorState, p: Params) -> Any:
    chat = state.chat(p.get_str("chat_id"))
    message_id = p.get_int("message_id")
    message = chat.find(message_id) if message_id is not None else None
    if message is None:
        raise bad_request("message to delete not found")
    if not message.from_bot and chat.is_group:
        raise bad_request("message can't be deleted")
    message.deleted = True
    state.stats.deletes += 1
    chat.add_event(BotEvent("delete", chat.id, message))
    return True


async def answer_callback_query(state: EmulatorState, p: Params) -> Any:
    query_id = p.get_str("callback_query_id") or ""
    query = state.queries.get(query_id)
    if query is None or query.answered:
        raise bad_request(QUERY_INVALID)
    text = p.get_str("text")
    if text is not None and len(text) > MAX_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    answer = CallbackAnswer(query_id, text or None, p.get_bool("show_alert"), p.get_str("url"))
    state.stats.callback_answers += 1
    chat = state.chats[query.chat_id]
    chat.add_event(BotEvent("callback_answer", chat.id, answer=answer))
    return True


METHODS: dict[str, Handler] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
}
