"""Bot API JSON bodies for what simulated users send."""

from __future__ import annotations

import time
from typing import Any

from emulator.methods_files import document_json, photo_sizes
from emulator.models import StoredFile, UserInfo
from emulator.tghtml import utf16_len


def text_body(text: str) -> dict[str, Any]:
    body: dict[str, Any] = {"text": text}
    command = text.split(maxsplit=1)[0] if text.strip() else ""
    if text.startswith("/") and len(command) > 1:
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
    return body


def location_body(latitude: float, longitude: float) -> dict[str, Any]:
    return {"location": {"latitude": latitude, "longitude": longitude}}


def photo_body(stored: StoredFile) -> dict[str, Any]:
    return {"photo": photo_sizes(stored)}


def document_body(stored: StoredFile) -> dict[str, Any]:
    return {"document": document_json(stored)}


def sticker_body(stored: StoredFile, emoji: str) -> dict[str, Any]:
    return {
        "sticker": {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.data),
        }
    }


def voice_body(stored: StoredFile, duration: int) -> dict[str, Any]:
    return {
        "voice": {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(stored.data),
        }
    }


def caption_body(caption: str | None) -> dict[str, Any]:
    return {"caption": caption} if caption else {}


def member_update(
    user: UserInfo, chat: dict[str, Any], bot: dict[str, Any], old: str, new: str
) -> dict[str, Any]:
    """A my_chat_member body, as Telegram sends when a user blocks or unblocks the bot."""

    def member(status: str) -> dict[str, Any]:
        data: dict[str, Any] = {"user": bot, "status": status}
        if status == "kicked":
            data["until_date"] = 0
        return data

    return {
        "chat": chat,
        "from": user.to_json(),
        "date": int(time.time()),
        "old_chat_member": member(old),
        "new_chat_member": member(new),
    }


def chat_instance(chat_id: int) -> str:
    return str((chat_id * 7_919 + 1_234_567) & 0x7FFF_FFFF_FFFF_FFFF)
