"""bot/dialogue/text.py: what is kept of a typed text, and when it counts as empty."""

from __future__ import annotations

import pytest

from bot.dialogue.answers import Typed
from bot.dialogue.text import clean, command_words, has_letter, one_line, visible


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Sa\x00ri", "Sari"),
        ("baris satu\r\nbaris dua\rtiga\u2028empat", "baris satu\nbaris dua\ntiga\nempat"),
        ("kolom\tdua", "kolom dua"),
        ("\x1b[31mmerah\x07", "[31mmerah"),
        ("Jose\u0301", "José"),  # NFC: one code point, as typed on another keyboard
        ("zero\u200bwidth\ufeff\u2060", "zerowidth"),
        ("\u202eevil\u202c", "evil"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("keluarga 👨\u200d👩\u200d👧", "keluarga 👨\u200d👩\u200d👧"),
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", None),
    ],
)
def test_clean_keeps_what_is_meant(typed: str, kept: str | None) -> None:
    assert clean(typed) == (typed if kept is None else kept)


@pytest.mark.parametrize("text", ["", "   \n ", "\u3164\u3164", "\u2800", "\u0301\u0301"])
def test_invisible_text_is_not_visible(text: str) -> None:
    assert not visible(text)


@pytest.mark.parametrize("text", ["Sari", "40", "🙂", "?"])
def test_readable_text_is_visible(text: str) -> None:
    assert visible(text)


def test_a_name_needs_a_letter_of_any_script() -> None:
    assert all(has_letter(name) for name in ("Sari", "Дмитрий", "محمد", "李"))
    assert not any(has_letter(name) for name in ("12345", "!!!", "🙂", "\u3164"))


def test_one_line_and_command_words() -> None:
    assert one_line(" Budi\nSantoso \r\n ") == "Budi Santoso"
    assert command_words(["CKU-0042", "alasan\x00", "\u200b", "ganda"]) == [
        "CKU-0042",
        "alasan",
        "ganda",
    ]


def test_typed_input_is_cleaned_as_it_is_made() -> None:
    typed = Typed("Sa\x00ri", "<b>Sa\x00ri</b>")
    assert (typed.text, typed.html) == ("Sari", "<b>Sari</b>")
