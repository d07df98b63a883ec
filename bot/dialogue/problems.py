"""Polite explanations of why an answer could not be used, and what to do instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.dialogue.answers import Problem
from bot.dialogue.model import Step, StepKind
from bot.i18n import N_, Translator
from bot.screens import esc


def explain(problem: Problem, step: Step | None, t: Translator) -> str:
    explainer = _EXPLAINERS.get(problem.code)
    if explainer is not None:
        return explainer(problem, step, t)
    return t(_PLAIN.get(problem.code, _PLAIN["stale"]))


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
    unreadable = _UNREADABLE.get(str(problem.params.get("what")))
    intro = t(unreadable) if unreadable else ""
    return f"{intro}{_what_to_do(step, t)}"


def _what_to_do(step: Step | None, t: Translator) -> str:
    kind = step.kind if step else None
    return t(_WHAT_TO_DO.get(kind, _TAP_A_BUTTON))


def _not_after(problem: Problem, step: Step | None, t: Translator) -> str:
    earlier = datetime.fromisoformat(str(problem.params["after"]))
    return t("That is not after {moment}. Please type a later date.", moment=t.datetime(earlier))


_EXPLAINERS: dict[str, Callable[[Problem, Step | None, Translator], str]] = {
    "too_short": _too_short,
    "too_long": _too_long,
    "number_range": _number_range,
    "no_match": _no_match,
    "wrong_kind": _wrong_kind,
    "not_after": _not_after,
}

# Problems explained the same way whatever their parameters and step; "stale" also stands
# for any code not listed.
_PLAIN: dict[str, str] = {
    "empty": N_(
        "There is nothing readable in that message (only spaces or invisible characters). "
        "Please type your answer again — nothing was saved."
    ),
    "no_letter": N_("A name needs at least one letter. Please type it again — nothing was saved."),
    "not_a_number": N_("Please type a number only, e.g. <i>25</i>. Or tap <b>Skip</b>."),
    "use_buttons": N_(
        "Please use the buttons above: tap every option that applies, then <b>Next</b>."
    ),
    "use_buttons_review": N_(
        "Please use the buttons under the summary: <b>✅</b>, <b>Change an answer</b> or "
        "<b>Cancel</b>."
    ),
    "pick_at_least_one": N_("Please choose at least one option first."),
    "not_optional": N_("This question can't be skipped."),
    "first_step": N_("This is the first question. Tap ✖️ Cancel to stop."),
    "answer_needed": N_("Please answer this question first: it depends on your previous change."),
    "not_a_moment": N_(
        "I couldn't read that date. Please type it like <i>1 Des 2026 08.00</i> "
        "or <i>01/12/2026 08:00</i> (WIB)."
    ),
    "in_the_past": N_("That moment has already passed. Please type a date in the future."),
    "stale": N_("That button is from an earlier question. Please use the latest message."),
    "busy": N_("Please finish the question you are on first, or stop it with /batal."),
}

# What a message that is not an answer was, said before what to do instead.
_UNREADABLE: dict[str, str] = {
    "sticker": N_("Nice sticker! But I can only read text here. "),
    "voice": N_("Sorry, I can't listen to voice or video messages. "),
    "media": N_("Sorry, I can't use that here. "),
}

# What the current question takes, by its kind; any other kind is answered with buttons.
_TAP_A_BUTTON = N_("Please tap one of the buttons above.")
_WHAT_TO_DO: dict[StepKind | None, str] = {
    StepKind.TEXT: N_("Please type your answer as a text message."),
    StepKind.NUMBER: N_("Please type a number, or tap <b>Skip</b>."),
    StepKind.HEADCOUNT: N_("Please type a number, or tap <b>Skip</b>."),
    StepKind.PLACE: N_(
        "Please type the place, share a location or send a photo; or tap <b>Next</b> / <b>Skip</b>."
    ),
    StepKind.LOCATION: N_("Please share a location (📎 → <i>Location</i>), or tap <b>Skip</b>."),
    StepKind.PHOTOS: N_("Please send a photo, or tap <b>Done</b> / <b>Skip</b>."),
    StepKind.MOMENT: N_("Please type a date and time, e.g. <i>1 Des 2026 08.00</i>."),
}
