"""sendDocument, sendPhoto and getFile."""

from __future__ import annotations

import mimetypes
from typing import Any

from emulator.compose import caption, caption_payload, new_bot_message, record_bot_message
from emulator.errors import ApiError, bad_request
from emulator.markup import validate_markup
from emulator.media import image_size
from emulator.models import Document, StoredFile
from emulator.params import Params, Upload
from emulator.state import EmulatorState, Handler

MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO = 10 * 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile hands out files up to 20 MB to bots


def _extension(filename: str | None, default: str) -> str:
    if filename and "." in filename:
        return filename.rsplit(".", 1)[1].lower()[:8] or default
    return default


def _store_upload(
    state: EmulatorState, upload: Upload, folder: str, default_ext: str
) -> StoredFile:
    if not upload.data:
        raise bad_request("file must be non-empty")
    if len(upload.data) > MAX_UPLOAD:
        raise ApiError(413, "Request Entity Too Large")
    mime = upload.content_type
    if not mime or mime == "application/octet-stream":
        mime = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
    ext = _extension(upload.filename, default_ext)
    return state.store_file(upload.data, folder, ext, upload.filename, mime)


def resolve_file(
    state: EmulatorState, p: Params, field: str, folder: str, default_ext: str
) -> StoredFile:
    value = p.input_file(field)
    if isinstance(value, Upload):
        return _store_upload(state, value, folder, default_ext)
    if not value:
        raise bad_request(f"there is no {field} in the request")
    stored = state.files.get(value)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return stored


def document_json(stored: StoredFile) -> dict[str, Any]:
    data: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.filename:
        data["file_name"] = stored.filename
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    return data


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    width, height = image_size(stored.data)
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "width": width,
            "height": height,
        }
    ]


async def send_document(state: EmulatorState, p: Params) -> Any:
    chat = state.chat(p.get_str("chat_id"))
    stored = resolve_file(state, p, "document", "documents", "bin")
    formatted = caption(p)
    markup = validate_markup(p.get_json("reply_markup"))
    state.throttle(chat, is_send=True)
    filename = stored.filename or stored.file_path.rsplit("/", 1)[1]
    mime = stored.mime_type or "application/octet-stream"
    message = new_bot_message(
        chat,
        caption=formatted.parsed.text if formatted else None,
        caption_html=formatted.html if formatted else None,
        reply_markup=markup,
        document=Document(filename, stored.data, mime),
        file_id=stored.file_id,
        payload={"document": document_json(stored), **caption_payload(formatted)},
    )
    record_bot_message(state, chat, message)
    return state.message_json(message, p.bot_id)


async def send_photo(state: EmulatorState, p: Params) -> Any:
    chat = state.chat(p.get_str("chat_id"))
    stored = resolve_file(state, p, "photo", "photos", "jpg")
    if len(stored.data) > MAX_PHOTO:
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    formatted = caption(p)
    markup = validate_markup(p.get_json("reply_markup"))
    state.throttle(chat, is_send=True)
    message = new_bot_message(
        chat,
        caption=formatted.parsed.text if formatted else None,
        caption_html=formatted.html if formatted else None,
        reply_markup=markup,
        photo=stored.data,
        file_id=stored.file_id,
        payload={"photo": photo_sizes(stored), **caption_payload(formatted)},
    )
    record_bot_message(state, chat, message)
    return state.message_json(message, p.bot_id)


async def get_file(state: EmulatorState, p: Params) -> Any:
    stored = state.files.get(p.get_str("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.data) > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


METHODS: dict[str, Handler] = {
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "getFile": get_file,
}
