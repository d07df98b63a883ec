"""reply_markup validation."""

from typing import Any

import pytest

from emulator import ApiError
from emulator.markup import inline_buttons, reply_keyboard, validate_markup


def inline(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


def error_of(markup: Any) -> str:
    with pytest.raises(ApiError) as caught:
        validate_markup(markup)
    return caught.value.description


def test_valid_inline_keyboard_round_trips() -> None:
    markup = inline(
        {"text": "Setuju", "callback_data": "v1:yes"}, {"text": "Web", "url": "https://a.b"}
    )
    assert validate_markup(markup) == markup
    buttons = inline_buttons(markup)
    assert buttons[0][0].callback_data == "v1:yes"
    assert buttons[0][1].url == "https://a.b"


def test_callback_data_is_limited_in_bytes() -> None:
    assert validate_markup(inline({"text": "a", "callback_data": "x" * 64}))
    assert error_of(inline({"text": "a", "callback_data": "x" * 65})) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    # 22 three-byte characters are 66 bytes although only 22 characters.
    assert error_of(inline({"text": "a", "callback_data": "ꦱ" * 22})) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    assert error_of(inline({"text": "a", "callback_data": ""})) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )


def test_button_needs_text_and_exactly_one_action() -> None:
    assert error_of(inline({"text": "", "callback_data": "x"})) == (
        "Bad Request: BUTTON_TEXT_INVALID"
    )
    assert "Text buttons are unallowed" in error_of(inline({"text": "a"}))
    assert "exactly one" in error_of(
        inline({"text": "a", "callback_data": "x", "url": "https://a"})
    )


@pytest.mark.parametrize("url", ["ftp://x", "javascript:alert(1)", "example.com", "https://"])
def test_bad_urls(url: str) -> None:
    assert error_of(inline({"text": "a", "url": url})) == "Bad Request: BUTTON_URL_INVALID"


def test_tg_urls_are_fine() -> None:
    assert validate_markup(inline({"text": "a", "url": "tg://user?id=1"}))


def test_at_most_100_buttons() -> None:
    row = [{"text": str(i), "callback_data": str(i)} for i in range(101)]
    assert error_of({"inline_keyboard": [row]}) == "Bad Request: BUTTONS_TOO_MUCH"


def test_reply_keyboards() -> None:
    markup = {"keyboard": [["Ya", {"text": "Lokasi", "request_location": True}]]}
    normal = validate_markup(markup)
    assert reply_keyboard(normal) == [["Ya", "Lokasi"]]
    assert error_of({"keyboard": [[{"text": ""}]]}) == "Bad Request: BUTTON_TEXT_INVALID"
    assert validate_markup({"remove_keyboard": True}) == {"remove_keyboard": True}
    assert validate_markup({"force_reply": True}) == {"force_reply": True}
    assert error_of("nope").startswith("Bad Request: can't parse reply keyboard markup")
