"""Polite explanations of why an answer could not be used, and what to do instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.dialogue.answers import Problem
from bot.dialogue.model import Step, StepKind
from bot.i18n import Translator
from bot.screens import esc


def explain(problem: Problem, step: Step | None, t: Translator) -> str:
    explainer = _EXPLAINERS.get(problem.code, _stale)
    return explainer(problem, step, t)


def _too_short(problem: Problem, step: Step | None, t: Translator) -> str:
    p = problem.params
    return t.n(
        "That is a bit short ({count} character). Please write at least {min} characters.",
        "That is a bit short ({count} characters). Please write at least {min} characters.",
        p["length"],
        min=t.number(p["min"]),
    )


def _too_long(problem: Problem, step: Step | None, t: Translator) -> str:
    p = problem.params
    return t(
        "That is too long ({length} characters; the limit is {max}). "
        "Please shorten it and send it again — nothing was saved.",
        length=t.number(p["length"]),
        max=t.number(p["max"]),
    )


def _empty(problem: Problem, step: Step | None, t: Translator) -> str:
    return t(
        "There is nothing readable in that message (only spaces or invisible characters). "
        "Please type your answer again — nothing was saved."
    )


def _no_letter(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("A name needs at least one letter. Please type it again — nothing was saved.")


def _not_a_number(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("Please type a number only, e.g. <i>25</i>. Or tap <b>Skip</b>.")


def _number_range(problem: Problem, step: Step | None, t: Translator) -> str:
    p = problem.params
    return t(
        "Please type a number from {min} to {max}.",
        min=t.number(p["min"]),
        max=t.number(p["max"]),
    )


def _no_match(problem: Problem, step: Step | None, t: Translator) -> str:
    return t(
        "I couldn't find “{text}”. Check the spelling, or tap one of the buttons above.",
        text=esc(problem.params.get("text", "")),
    )


def _wrong_kind(problem: Problem, step: Step | None, t: Translator) -> str:
    what = problem.params.get("what")
    intro = _UNREADABLE.get(str(what), _nothing)(t)
    return f"{intro}{_what_to_do(step, t)}"


def _what_to_do(step: Step | None, t: Translator) -> str:
    kind = step.kind if step else None
    if kind is StepKind.TEXT:
        return t("Please type your answer as a text message.")
    if kind in (StepKind.NUMBER, StepKind.HEADCOUNT):
        return t("Please type a number, or tap <b>Skip</b>.")
    if kind is StepKind.PLACE:
        return t(
            "Please type the place, share a location or send a photo; "
            "or tap <b>Next</b> / <b>Skip</b>."
        )
    if kind is StepKind.LOCATION:
        return t("Please share a location (📎 → <i>Location</i>), or tap <b>Skip</b>.")
    if kind is StepKind.PHOTOS:
        return t("Please send a photo, or tap <b>Done</b> / <b>Skip</b>.")
    if kind is StepKind.MOMENT:
        return t("Please type a date and time, e.g. <i>1 Des 2026 08.00</i>.")
    return t("Please tap one of the buttons above.")


def _sticker(t: Translator) -> str:
    return t("Nice sticker! But I can only read text here. ")


def _voice(t: Translator) -> str:
    return t("Sorry, I can't listen to voice or video messages. ")


def _media(t: Translator) -> str:
    return t("Sorry, I can't use that here. ")


def _nothing(t: Translator) -> str:
    return ""


_UNREADABLE: dict[str, Callable[[Translator], str]] = {
    "sticker": _sticker,
    "voice": _voice,
    "media": _media,
}


def _use_buttons(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("Please use the buttons above: tap every option that applies, then <b>Next</b>.")


def _use_review_buttons(problem: Problem, step: Step | None, t: Translator) -> str:
    return t(
        "Please use the buttons under the summary: <b>✅</b>, <b>Change an answer</b> or "
        "<b>Cancel</b>."
    )


def _pick_at_least_one(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("Please choose at least one option first.")


def _not_optional(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("This question can't be skipped.")


def _first_step(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("This is the first question. Tap ✖️ Cancel to stop.")


def _answer_needed(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("Please answer this question first: it depends on your previous change.")


def _not_a_moment(problem: Problem, step: Step | None, t: Translator) -> str:
    return t(
        "I couldn't read that date. Please type it like <i>1 Des 2026 08.00</i> "
        "or <i>01/12/2026 08:00</i> (WIB)."
    )


def _not_after(problem: Problem, step: Step | None, t: Translator) -> str:
    earlier = datetime.fromisoformat(str(problem.params["after"]))
    return t("That is not after {moment}. Please type a later date.", moment=t.datetime(earlier))


def _in_the_past(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("That moment has already passed. Please type a date in the future.")


def _busy(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("Please finish the question you are on first, or stop it with /batal.")


def _stale(problem: Problem, step: Step | None, t: Translator) -> str:
    return t("That button is from an earlier question. Please use the latest message.")


_EXPLAINERS: dict[str, Callable[[Problem, Step | None, Translator], str]] = {
    "too_short": _too_short,
    "too_long": _too_long,
    "empty": _empty,
    "no_letter": _no_letter,
    "not_a_number": _not_a_number,
    "number_range": _number_range,
    "no_match": _no_match,
    "wrong_kind": _wrong_kind,
    "use_buttons": _use_buttons,
    "use_buttons_review": _use_review_buttons,
    "pick_at_least_one": _pick_at_least_one,
    "not_optional": _not_optional,
    "first_step": _first_step,
    "answer_needed": _answer_needed,
    "not_a_moment": _not_a_moment,
    "not_after": _not_after,
    "in_the_past": _in_the_past,
    "stale": _stale,
    "busy": _busy,
}
