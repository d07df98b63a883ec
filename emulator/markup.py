"""reply_markup validation, as strict as the Bot API, and read helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emulator.errors import ApiError, bad_request

MAX_INLINE_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64
INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
REPLY_BUTTON_FLAGS = (
    "request_contact",
    "request_location",
    "request_poll",
    "request_users",
    "request_chat",
    "web_app",
)


@dataclass(frozen=True)
class Button:
    """One inline keyboard button as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


def _button_error(detail: str) -> ApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")


def validate_markup(markup: Any) -> dict[str, Any] | None:
    """Check a decoded reply_markup; return it normalised (None when absent)."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return {"inline_keyboard": _validate_inline(markup["inline_keyboard"])}
    if "keyboard" in markup:
        return _validate_reply_keyboard(markup)
    if "remove_keyboard" in markup:
        return {k: v for k, v in markup.items() if k in ("remove_keyboard", "selective")}
    if "force_reply" in markup:
        return dict(markup)
    raise bad_request('can\'t find field "inline_keyboard"')


def _rows(value: Any, field_name: str, owner: str) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise bad_request(f'field "{field_name}" of the {owner} must be an Array of Arrays')
    return value


def _validate_inline(value: Any) -> list[list[dict[str, Any]]]:
    rows = _rows(value, "inline_keyboard", "InlineKeyboardMarkup")
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")
    return [[validate_inline_button(button) for button in row] for row in rows if row]


def validate_inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in INLINE_ACTIONS if name in button]
    if not actions:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _button_error("exactly one of the optional fields must be used")
    if "callback_data" in button:
        check_callback_data(button["callback_data"])
    if "url" in button:
        check_button_url(button["url"])
    return dict(button)


def check_callback_data(data: Any) -> None:
    if not isinstance(data, str):
        raise _button_error('Field "callback_data" must be of type String')
    if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")


def check_button_url(url: Any) -> None:
    if not isinstance(url, str):
        raise _button_error('Field "url" must be of type String')
    lowered = url.lower()
    ok_scheme = lowered.startswith(("http://", "https://")) and len(url.split("://", 1)[1]) > 0
    if not (ok_scheme or lowered.startswith("tg://")):
        raise bad_request("BUTTON_URL_INVALID")


def _validate_reply_keyboard(markup: dict[str, Any]) -> dict[str, Any]:
    rows = _rows(markup["keyboard"], "keyboard", "ReplyKeyboardMarkup")
    clean_rows = [[_reply_button(button) for button in row] for row in rows if row]
    return {**markup, "keyboard": clean_rows}


def _reply_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    return dict(button)


def inline_buttons(markup: dict[str, Any] | None) -> list[list[Button]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        [Button(b["text"], b.get("callback_data"), b.get("url")) for b in row]
        for row in markup["inline_keyboard"]
    ]


def reply_keyboard(markup: dict[str, Any] | None) -> list[list[str]] | None:
    if not markup or "keyboard" not in markup:
        return None
    return [[b["text"] for b in row] for row in markup["keyboard"]]
