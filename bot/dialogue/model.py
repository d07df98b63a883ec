"""What a step is. A script is a tuple of these; the engine and the screens read them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.i18n import Translator
from bot.reference import Reference

Answers = Mapping[str, Any]


class StepKind(StrEnum):
    CHOICE = "choice"
    MULTI = "multi"
    TEXT = "text"
    NUMBER = "number"
    LOCATION = "location"
    PHOTOS = "photos"
    # A date and time typed in WIB. With depends_on it must come after that step's moment
    # (and a bare date means the end of that day): "from … until …".
    MOMENT = "moment"


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OptionContext:
    answers: Answers
    reference: Reference
    t: Translator


OptionSource = Callable[[OptionContext], list[Option]]


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    prompt: str  # msgid; may use {placeholders} filled by the screen from earlier answers
    summary: str  # msgid of the short label in a review or profile
    options: OptionSource | None = None
    optional: bool = False
    min_length: int = 1
    max_length: int = 1500
    min_value: int = 1
    max_value: int = 1_000_000
    max_items: int = 3
    depends_on: str | None = None  # answer is cleared when that step's answer changes
    columns: int = 1
    page_size: int = 0  # 0: all options on one screen
    help: str | None = None  # msgid of a "not sure yet?" guide
    when: Callable[[Answers], bool] | None = None  # asked only when this holds
    # A TEXT answer kept with the sender's Telegram formatting, as Telegram HTML (a broadcast).
    formatted: bool = False
    # A TEXT answer that is a name (shown in lists, one a line): kept on one line, with a letter.
    is_name: bool = False

    def shown(self, answers: Answers) -> bool:
        return self.when is None or self.when(answers)


@dataclass(frozen=True)
class Flow:
    name: str
    steps: tuple[Step, ...]
    has_review: bool
    step_index: dict[str, int] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "step_index", {s.id: i for i, s in enumerate(self.steps)})

    def step(self, step_id: str) -> Step:
        return self.steps[self.step_index[step_id]]

    def has_step(self, step_id: str) -> bool:
        return step_id in self.step_index
