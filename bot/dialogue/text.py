"""Typed text as it comes in, made safe to store and to show: the one place that decides.

`clean` runs on every text a person types (`Typed`, and command arguments): Unicode NFC;
line breaks of every kind become one newline; NUL and the other control characters are
removed (PostgreSQL refuses NUL in text, and a stored NUL blocked a proposal at its last
step for good), a tab becomes a space; invisible format characters that mean nothing in
Indonesian or English text (zero-width space, word joiner, byte order mark, soft hyphen,
direction overrides) are removed. The zero-width joiner and non-joiner, and emoji tags, stay:
they hold emoji such as 👨‍👩‍👧 and some scripts together.

`visible` says whether anything readable is left (text of only spaces, zero-width characters or
Hangul fillers counts as empty); a name is also put on one line (`one_line`: a name with a
line break added fake lines to the admin's coordinator list) and must hold a letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ
_TAGS = range(0xE0020, 0xE0080)  # emoji tag sequences (the flags of England, Scotland …)
_AS_SPACE = frozenset("\t\v\f")
# Letters (category Lo) and symbols that show as nothing: used to fake an empty name.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Mn", "Me", "Zs", "Zl", "Zp"})


def clean(text: str) -> str:
    """The text with line breaks unified, NFC, and no control or stray invisible characters."""
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text))
    return "".join(_kept(character) for character in text)


def _kept(character: str) -> str:
    if character == "\n":
        return character
    category = unicodedata.category(character)
    if category == "Cc":
        return " " if character in _AS_SPACE else ""
    if category == "Cs":  # a lone surrogate: no UTF-8 for it, the database refuses it
        return ""
    if category == "Cf" and character not in _JOINERS and ord(character) not in _TAGS:
        return ""
    return character


def visible(text: str) -> bool:
    """Whether anything readable is in the text."""
    return any(
        unicodedata.category(c) not in _INVISIBLE_CATEGORIES
        and c not in _BLANK_LOOKING
        and not c.isspace()
        for c in text
    )


def has_letter(text: str) -> bool:
    return any(unicodedata.category(c).startswith("L") and c not in _BLANK_LOOKING for c in text)


def one_line(text: str) -> str:
    """Every run of spaces and line breaks as one space."""
    return " ".join(text.split())


def command_words(args: Sequence[str]) -> list[str]:
    """A command's arguments (`/sembunyikan CKU-0042 alasan …`), cleaned like typed text."""
    return clean(" ".join(args)).split()
