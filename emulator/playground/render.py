"""Messages as the playground page draws them: plain text plus entities, never raw HTML."""

from __future__ import annotations

from typing import Any

from emulator.markup import inline_buttons
from emulator.models import Message

FILES = "/playground/files/"
KEPT = frozenset({"id", "from_bot", "date"})


def message_json(message: Message) -> dict[str, Any]:
    """A chat message in its current state (edits applied) for the page."""
    payload = message.payload
    data: dict[str, Any] = {
        "id": message.message_id,
        "from_bot": message.from_bot,
        "date": message.date,
        "edited": message.edit_count > 0,
        "text": message.text if message.text is not None else payload.get("text"),
        "entities": message.entities or payload.get("entities") or [],
        "caption": message.caption if message.from_bot else payload.get("caption"),
        "caption_entities": payload.get("caption_entities") or [],
    }
    data.update(_media(message))
    data.update(_keyboards(message))
    return {key: value for key, value in data.items() if key in KEPT or value}


def _media(message: Message) -> dict[str, Any]:
    payload = message.payload
    found: dict[str, Any] = {}
    if payload.get("photo"):
        found["photo"] = {"url": FILES + str(payload["photo"][-1]["file_id"])}
    if "document" in payload:
        document = payload["document"]
        found["document"] = {
            "url": FILES + str(document["file_id"]),
            "name": document.get("file_name") or "file",
            "size": document.get("file_size") or 0,
            "mime": document.get("mime_type") or "application/octet-stream",
        }
    if "location" in payload:
        location = payload["location"]
        found["location"] = {"lat": location["latitude"], "lon": location["longitude"]}
    if "sticker" in payload:
        found["sticker"] = payload["sticker"].get("emoji") or "🖼"
    if "voice" in payload:
        found["voice"] = payload["voice"].get("duration") or 0
    return found


def _keyboards(message: Message) -> dict[str, Any]:
    markup = message.reply_markup or {}
    found: dict[str, Any] = {}
    buttons = inline_buttons(markup)
    if buttons:
        found["buttons"] = [
            [{"text": b.text, "url": b.url} if b.url else {"text": b.text} for b in row]
            for row in buttons
        ]
    if "keyboard" in markup:
        found["keyboard"] = {
            "rows": [[_reply_button(b) for b in row] for row in markup["keyboard"]],
            "one_time": bool(markup.get("one_time_keyboard")),
            "placeholder": markup.get("input_field_placeholder"),
        }
    if markup.get("remove_keyboard"):
        found["remove_keyboard"] = True
    return found


def _reply_button(button: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": button["text"],
        "location": bool(button.get("request_location")),
        "contact": bool(button.get("request_contact")),
    }
