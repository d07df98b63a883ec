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
    # How many people someone speaks for: {"count": 200, "unit": "households"} ("sekitar 200 KK").
    HEADCOUNT = "headcount"
    # The problem's suggested topic: confirmed with one tap, picked from plain labels, or
    # "not sure" (skipped: staff classify it later).
    TOPIC = "topic"
    # Where: a typed description, a shared location and photos, in any order, then Next.
    PLACE = "place"


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str = ""  # a TOPIC option's group (its dimension), browsed group by group


@dataclass(frozen=True)
class OptionContext:
    answers: Answers
    reference: Reference
    t: Translator


OptionSource = Callable[[OptionContext], list[Option]]


def translated(labels: Mapping[str, str]) -> OptionSource:
    """Options from fixed keys and their msgids, in the reader's language."""

    def source(ctx: OptionContext) -> list[Option]:
        return [Option(key, ctx.t(label)) for key, label in labels.items()]

    return source


@dataclass(frozen=True)
class Suggestion:
    """What a TOPIC step suggests from earlier answers, confirmed with one tap."""

    line: str  # HTML: "It looks like this is about <b>…</b>. Right?"
    value: Any  # the step's answer when confirmed
    also: Mapping[str, Any] = field(default_factory=dict)  # later steps answered by it too
    alternatives: tuple[Option, ...] = ()  # the next best, one tap each


SuggestionSource = Callable[[OptionContext], Suggestion | None]


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
    # A TEXT answer shorter than this is kept, and one gentle follow-up asks for a little more.
    follow_up_below: int = 0
    # Counted in "Step n of N"; a step that only sometimes interjects (similar proposals) is not.
    numbered: bool = True
    in_review: bool = True  # listed in the review and its "change an answer" list
    skip_label: str | None = None  # msgid of the Skip button, when "Skip" is not the word
    suggest: SuggestionSource | None = None  # a TOPIC step's suggestion
    groups: OptionSource | None = None  # a TOPIC step's groups (key = Option.group)
    details: Callable[[OptionContext], str] | None = None  # HTML shown under the prompt
    # A TOPIC step's "what do these mean": the official names behind the plain words (of one
    # group, or of all when None).
    explain: Callable[[OptionContext, str | None], str] | None = None

    def shown(self, answers: Answers) -> bool:
        return self.when is None or self.when(answers)


@dataclass(frozen=True)
class Flow:
    name: str
    steps: tuple[Step, ...]
    has_review: bool
    # No review when this holds at the end (a support of a similar proposal needs none).
    review_unless: Callable[[Answers], bool] | None = None
    step_index: dict[str, int] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "step_index", {s.id: i for i, s in enumerate(self.steps)})

    def step(self, step_id: str) -> Step:
        return self.steps[self.step_index[step_id]]

    def has_step(self, step_id: str) -> bool:
        return step_id in self.step_index
