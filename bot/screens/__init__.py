"""What the bot shows: text (HTML) and buttons, built from plain values. No Telegram here."""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    text: str
    data: str | None = None
    url: str | None = None


Keyboard = list[list[Button]]


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: Keyboard | None = None


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    caption: str


@dataclass(frozen=True)
class Photo:
    """A picture sent as a photo, e.g. a chart; caption ≤ 1024. `content`: PNG or JPEG bytes,
    or the file id of a photo Telegram already holds (one a resident sent with a proposal)."""

    content: bytes | str
    caption: str


@dataclass(frozen=True)
class Reply:
    """One outgoing message, or a replacement for the message whose button was tapped."""

    screen: Screen
    edit: bool = False
    question: bool = False  # the dialogue's current question: remember its message id
    error: bool = False  # why an answer didn't fit: the next such message replaces it
    document: Document | None = None
    photo: Photo | None = None


@dataclass(frozen=True)
class Response:
    replies: list[Reply] = field(default_factory=list)
    alert: str | None = None  # shown as a popup for a tapped button
    retire: int | None = None  # an old question whose buttons should disappear
    # The message already known to hold the question: no need to store it again.
    known_question: int | None = None
    delete: int | None = None  # a message of the bot's to take away (an earlier error)


def esc(value: object) -> str:
    """Escape a user-supplied value for Telegram's HTML parse mode."""
    return html.escape(str(value), quote=False)


def rows(buttons: list[Button], columns: int) -> Keyboard:
    return [buttons[i : i + columns] for i in range(0, len(buttons), columns)]
