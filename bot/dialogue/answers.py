"""What a participant can send at a step, and whether the step can use it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.dialogue.model import OptionContext, Step, StepKind
from bot.dialogue.text import clean, has_letter, one_line, visible
from bot.moments import parse_moment
from bot.places import Place, match_places


@dataclass(frozen=True)
class Typed:
    """A typed text, cleaned as it is made (bot.dialogue.text): nothing reads the raw one."""

    text: str
    # The same text as Telegram HTML when the sender used formatting (bold, links …), else None.
    html: str | None = None
    message_id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean(self.text))
        if self.html is not None:
            object.__setattr__(self, "html", clean(self.html))


@dataclass(frozen=True)
class Picked:
    key: str


@dataclass(frozen=True)
class Located:
    latitude: float
    longitude: float
    message_id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PhotoSent:
    file_id: str
    message_id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Unsupported:
    """Something the bot cannot read at a step: a sticker, a voice note, a file …"""

    what: str


Input = Typed | Picked | Located | PhotoSent | Unsupported


def sent_as(given: Input) -> int | None:
    """The chat message that carried the input, where it was a message of the person's."""
    return given.message_id if isinstance(given, Typed | Located | PhotoSent) else None


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Validation:
    value: Any = None
    problem: Problem | None = None
    candidates: tuple[str, ...] = ()


def validate(step: Step, given: Input, ctx: OptionContext) -> Validation:
    if isinstance(given, Unsupported):
        return _wrong(step, given.what)
    if isinstance(given, Typed) and not visible(given.text):
        return Validation(problem=Problem("empty"))
    checker = _CHECKERS[step.kind]
    return checker(step, given, ctx)


def _choice(step: Step, given: Input, ctx: OptionContext) -> Validation:
    options = step.options(ctx) if step.options else []
    if isinstance(given, Picked):
        if given.key in {o.key for o in options}:
            return Validation(given.key)
        return Validation(problem=Problem("stale"))
    if not isinstance(given, Typed):
        return _wrong(step, "other")
    places = [Place(o.key, o.label, o.aliases) for o in options]
    found = match_places(given.text, places)
    if found.place is not None:
        return Validation(found.place.code)
    if found.places:
        return Validation(candidates=tuple(p.code for p in found.places))
    return Validation(problem=Problem("no_match", {"text": given.text.strip()[:60]}))


def _multi(step: Step, given: Input, ctx: OptionContext) -> Validation:
    return Validation(problem=Problem("use_buttons"))


def _text(step: Step, given: Input, ctx: OptionContext) -> Validation:
    if not isinstance(given, Typed):
        return _wrong(step, "other")
    text = one_line(given.text) if step.is_name else _tidy(given.text)
    if step.is_name and not has_letter(text):
        return Validation(problem=Problem("no_letter"))
    if len(text) < step.min_length:
        return Validation(problem=Problem("too_short", _limits(step, text)))
    if len(text) > step.max_length:
        return Validation(problem=Problem("too_long", _limits(step, text)))
    if step.formatted:
        return Validation((given.html or html.escape(given.text, quote=False)).strip())
    return Validation(text)


_NUMBER = re.compile(
    r"(?:±|\+-|\+/-|sekitar|kurang lebih|kira-kira|kurleb|about|around|approx\.?)?\s*"
    r"(?P<number>\d[\d.,\s]*?)\s*(?P<multiplier>ribu|rb|juta|jt|thousand|million)?\s*"
    r"(?P<unit>orang|org|jiwa|warga|anggota|kk|keluarga|kepala keluarga|rumah tangga"
    r"|people|persons?|members|families|households?)?"
)
_MULTIPLIERS = {"ribu": 1_000, "rb": 1_000, "thousand": 1_000}
_MULTIPLIERS |= {"juta": 1_000_000, "jt": 1_000_000, "million": 1_000_000}


def _headcount(step: Step, given: Input, ctx: OptionContext) -> Validation:
    counted = _number(step, given, ctx)
    if counted.problem is not None or not isinstance(given, Typed):
        return counted
    return Validation({"count": counted.value, "unit": headcount_unit(given.text)})


_HOUSEHOLDS = re.compile(r"\b(kk|keluarga|kepala keluarga|rumah tangga|families|households?)\b")


def headcount_unit(text: str) -> str:
    """ "households" when the count is of KK (kepala keluarga), else "people"."""
    return "households" if _HOUSEHOLDS.search(text.lower()) else "people"


def _place(step: Step, given: Input, ctx: OptionContext) -> Validation:
    if isinstance(given, PhotoSent):
        return Validation({"photo": given.file_id})
    if isinstance(given, Located):
        point = _location(step, given, ctx)
        return point if point.problem is not None else Validation({"point": point.value})
    if not isinstance(given, Typed):
        return _wrong(step, "other")
    text = one_line(given.text)
    if len(text) < step.min_length:
        return Validation(problem=Problem("too_short", _limits(step, text)))
    if len(text) > step.max_length:
        return Validation(problem=Problem("too_long", _limits(step, text)))
    return Validation({"text": text})


def _number(step: Step, given: Input, ctx: OptionContext) -> Validation:
    if not isinstance(given, Typed):
        return _wrong(step, "other")
    value = parse_count(given.text)
    if value is None:
        return Validation(problem=Problem("not_a_number"))
    if not step.min_value <= value <= step.max_value:
        limits = {"min": step.min_value, "max": step.max_value}
        return Validation(problem=Problem("number_range", limits))
    return Validation(value)


def parse_count(text: str) -> int | None:
    """A count of people as typed: "40", "1.000", "± 300 orang", "2 ribu", "1,5 juta"."""
    match = _NUMBER.fullmatch(text.strip().lower())
    if match is None:
        return None
    number = re.sub(r"\s", "", match.group("number"))
    multiplier = _MULTIPLIERS.get(match.group("multiplier") or "", 1)
    if multiplier > 1 and re.fullmatch(r"\d+[.,]\d{1,2}", number):
        return round(float(number.replace(",", ".")) * multiplier)
    digits = re.sub(r"[.,]", "", number)
    return int(digits) * multiplier if digits.isdigit() else None


def _location(step: Step, given: Input, ctx: OptionContext) -> Validation:
    if not isinstance(given, Located):
        return _wrong(step, "other")
    if not (-90 <= given.latitude <= 90 and -180 <= given.longitude <= 180):
        return _wrong(step, "other")
    return Validation([round(given.latitude, 6), round(given.longitude, 6)])


def _photos(step: Step, given: Input, ctx: OptionContext) -> Validation:
    if not isinstance(given, PhotoSent):
        return _wrong(step, "other")
    return Validation(given.file_id)


def _moment(step: Step, given: Input, ctx: OptionContext) -> Validation:
    if not isinstance(given, Typed):
        return _wrong(step, "other")
    now = datetime.now(UTC)
    until = step.depends_on is not None
    value = parse_moment(given.text, now, end_of_day=until)
    if value is None:
        return Validation(problem=Problem("not_a_moment"))
    earlier = ctx.answers.get(step.depends_on) if step.depends_on else None
    if isinstance(earlier, str) and value <= datetime.fromisoformat(earlier):
        return Validation(problem=Problem("not_after", {"after": earlier}))
    if until and value <= now:
        return Validation(problem=Problem("in_the_past"))
    return Validation(value.isoformat())


def _wrong(step: Step, what: str) -> Validation:
    return Validation(problem=Problem("wrong_kind", {"what": what, "expected": step.kind.value}))


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(lines).strip()


def _limits(step: Step, text: str) -> dict[str, Any]:
    return {"min": step.min_length, "max": step.max_length, "length": len(text)}


_CHECKERS = {
    StepKind.CHOICE: _choice,
    StepKind.MULTI: _multi,
    StepKind.TEXT: _text,
    StepKind.NUMBER: _number,
    StepKind.LOCATION: _location,
    StepKind.PHOTOS: _photos,
    StepKind.MOMENT: _moment,
    StepKind.HEADCOUNT: _headcount,
    StepKind.TOPIC: _choice,
    StepKind.PLACE: _place,
}
