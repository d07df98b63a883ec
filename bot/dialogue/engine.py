"""The flow engine: pure transitions over a dialogue state. No Telegram, no database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.dialogue.answers import Problem, validate
from bot.dialogue.model import Flow, OptionContext, Step, StepKind

REVIEW = "review"
"""The pseudo-step of a flow with a review screen: all answers shown, waiting for Kirim."""


class Mode(StrEnum):
    ASK = "ask"  # walking forward through the steps
    EDIT = "edit"  # changing one answer, then back to the review / the end


@dataclass(frozen=True)
class State:
    flow: str
    step: str
    mode: Mode
    revision: int
    answers: dict[str, Any]
    preset: tuple[str, ...] = ()


class Outcome(StrEnum):
    MOVED = "moved"  # now at another step (or the review)
    STAYED = "stayed"  # same step, something recorded (a photo, a toggle)
    FINISHED = "finished"  # the flow has all it needs (no review screen)
    ABANDONED = "abandoned"  # an edit without a review screen was left: keep what was saved
    INVALID = "invalid"  # nothing changed; `problem` says why
    CANDIDATES = "candidates"  # typed text matched several options; nothing changed


@dataclass(frozen=True)
class Result:
    state: State
    outcome: Outcome
    problem: Problem | None = None
    candidates: tuple[str, ...] = field(default=())


def start(flow: Flow, preset: dict[str, Any] | None = None) -> State:
    answers = dict(preset or {})
    state = State(flow.name, flow.steps[0].id, Mode.ASK, 1, answers, tuple(answers))
    if flow.steps[0].id in state.preset:
        return _advance(flow, state, flow.steps[0]).state
    return state


def review(flow: Flow, answers: dict[str, Any], revision: int = 1) -> State:
    """A state showing the review of complete answers (e.g. to edit a submitted proposal)."""
    return State(flow.name, REVIEW, Mode.EDIT, revision, dict(answers))


def answer(flow: Flow, state: State, value: Any, ctx: OptionContext) -> Result:
    """Record the answer to the current step after validating it."""
    if state.step == REVIEW:
        return _stale(state)
    step = flow.step(state.step)
    outcome = validate(step, value, ctx)
    if outcome.problem is not None:
        return Result(state, Outcome.INVALID, outcome.problem)
    if outcome.candidates:
        return Result(state, Outcome.CANDIDATES, candidates=outcome.candidates)
    if step.kind is StepKind.PHOTOS:
        return _add_photo(flow, state, step, outcome.value)
    if step.kind is StepKind.PLACE:
        return _add_to_place(flow, state, step, outcome.value)
    if step.follow_up_below:
        return _text_with_follow_up(flow, state, step, outcome.value)
    return _record(flow, state, step, outcome.value)


def confirm(flow: Flow, state: State, ctx: OptionContext) -> Result:
    """Take a TOPIC step's suggestion (and what it answers of later steps) with one tap."""
    if state.step == REVIEW:
        return _stale(state)
    step = flow.step(state.step)
    suggestion = step.suggest(ctx) if step.suggest else None
    if suggestion is None:
        return _stale(state)
    return _record(flow, state, step, suggestion.value, suggestion.also)


def replace_answer(flow: Flow, state: State, step_id: str, value: Any) -> State:
    """An answer corrected in place (an edited message): nothing moves."""
    return _bump(state, answers={**state.answers, step_id: value})


MORE = "_more"
"""The TEXT step whose short answer got its one follow-up: more text is added to it."""


def _text_with_follow_up(flow: Flow, state: State, step: Step, text: str) -> Result:
    if state.answers.get(MORE) == step.id:
        earlier = str(state.answers.get(step.id) or "")
        combined = f"{earlier}\n{text}"[: step.max_length] if earlier else text
        answers = {k: v for k, v in state.answers.items() if k != MORE}
        return _record(flow, replace(state, answers=answers), step, combined)
    if len(text) < step.follow_up_below and state.mode is Mode.ASK:
        answers = {**state.answers, step.id: text, MORE: step.id}
        return Result(_bump(state, answers=answers), Outcome.STAYED)
    return _record(flow, state, step, text)


def toggle(flow: Flow, state: State, key: str, ctx: OptionContext) -> Result:
    if state.step == REVIEW:
        return _stale(state)
    step = flow.step(state.step)
    options = step.options(ctx) if step.options else []
    if step.kind is not StepKind.MULTI or key not in {o.key for o in options}:
        return Result(state, Outcome.INVALID, Problem("stale"))
    chosen = list(state.answers.get(step.id) or [])
    chosen = [k for k in chosen if k != key] if key in chosen else [*chosen, key]
    order = [o.key for o in options]
    chosen.sort(key=order.index)
    return Result(_bump(state, answers={**state.answers, step.id: chosen}), Outcome.STAYED)


def done(flow: Flow, state: State) -> Result:
    """Finish a step that collects several things (multi-select, photos)."""
    if state.step == REVIEW:
        return _stale(state)
    step = flow.step(state.step)
    collected = state.answers.get(step.id) or []
    if state.answers.get(MORE) == step.id:
        answers = {k: v for k, v in state.answers.items() if k != MORE}
        return _advance(flow, replace(state, answers=answers), step)
    if step.kind not in (StepKind.MULTI, StepKind.PHOTOS, StepKind.PLACE):
        return Result(state, Outcome.INVALID, Problem("stale"))
    if not collected and not step.optional:
        return Result(state, Outcome.INVALID, Problem("pick_at_least_one"))
    return _advance(flow, state, step)


def skip(flow: Flow, state: State) -> Result:
    if state.step == REVIEW:
        return _stale(state)
    step = flow.step(state.step)
    if not step.optional:
        return Result(state, Outcome.INVALID, Problem("not_optional"))
    return _record(flow, state, step, None)


def pass_over(flow: Flow, state: State) -> Result:
    """Leave the current step unanswered: it turned out to have nothing to ask."""
    return _advance(flow, state, flow.step(state.step))


def back(flow: Flow, state: State) -> Result:
    """One step back; while editing, back to the review without changing anything."""
    if state.step == REVIEW:
        last = [s for s in flow.steps if s.shown(state.answers)][-1]
        return _at(state, last.id, Mode.ASK, Outcome.MOVED)
    if state.mode is Mode.EDIT:
        if not flow.has_review:
            return Result(state, Outcome.ABANDONED)
        if missing(flow, state.answers):
            return Result(state, Outcome.INVALID, Problem("answer_needed"))
        return _at(state, REVIEW, Mode.EDIT, Outcome.MOVED)
    earlier = [s for s in flow.steps[: flow.step_index[state.step]] if s.shown(state.answers)]
    if not earlier:
        return Result(state, Outcome.INVALID, Problem("first_step"))
    previous = earlier[-1].id
    preset = tuple(p for p in state.preset if p != previous)
    return Result(_bump(state, step=previous, preset=preset), Outcome.MOVED)


def edit(flow: Flow, state: State, step_id: str) -> Result:
    """From the review, change a single answer; afterwards the review comes back."""
    if state.step != REVIEW or not flow.has_step(step_id):
        return Result(state, Outcome.INVALID, Problem("stale"))
    return _at(state, step_id, Mode.EDIT, Outcome.MOVED)


def missing(flow: Flow, answers: dict[str, Any]) -> list[str]:
    """Required steps without an answer, in order."""
    return [
        s.id
        for s in flow.steps
        if not s.optional and s.shown(answers) and answers.get(s.id) in (None, [], "")
    ]


def _record(
    flow: Flow, state: State, step: Step, value: Any, also: Mapping[str, Any] | None = None
) -> Result:
    """Save the step's answer (clearing the answers that depended on an earlier one), and
    `also` the answers it gives to later steps, which are then not asked."""
    answers = dict(state.answers)
    changed = answers.get(step.id) != value
    answers[step.id] = value
    preset = state.preset
    if changed:
        for dependent in flow.steps:
            if dependent.depends_on == step.id:
                # A step's prepared data (similar proposals) lives under "_<id>".
                answers.pop(dependent.id, None)
                answers.pop(f"_{dependent.id}", None)
                preset = tuple(p for p in preset if p != dependent.id)
    for later, given in (also or {}).items():
        answers[later] = given
        preset = preset if later in preset else (*preset, later)
    return _advance(flow, replace(state, answers=answers, preset=preset), step)


def _add_to_place(flow: Flow, state: State, step: Step, given: dict[str, Any]) -> Result:
    place = {**(state.answers.get(step.id) or {})}
    if "photo" in given:
        photos = list(place.get("photos") or [])
        # A full set (when coming back to change the photos) is replaced, never extended.
        place["photos"] = (
            [*photos, given["photo"]] if len(photos) < step.max_items else [given["photo"]]
        )
    else:
        place.update(given)
    answered = replace(state, answers={**state.answers, step.id: place})
    if (
        place.get("text")
        and place.get("point")
        and len(place.get("photos") or []) >= step.max_items
    ):
        return _advance(flow, answered, step)
    return Result(_bump(answered), Outcome.STAYED)


def _add_photo(flow: Flow, state: State, step: Step, file_id: str) -> Result:
    earlier = list(state.answers.get(step.id) or [])
    # A full set (when coming back to change the photos) is replaced, never extended.
    photos = [*earlier, file_id] if len(earlier) < step.max_items else [file_id]
    answered = replace(state, answers={**state.answers, step.id: photos})
    if len(photos) >= step.max_items:
        return _advance(flow, answered, step)
    return Result(_bump(answered), Outcome.STAYED)


def _advance(flow: Flow, state: State, current: Step) -> Result:
    if state.mode is Mode.EDIT:
        gaps = missing(flow, state.answers)
        if gaps:
            return _at(state, gaps[0], Mode.EDIT, Outcome.MOVED)
        return _finish(flow, state)
    for later in flow.steps[flow.step_index[current.id] + 1 :]:
        if later.id not in state.preset and later.shown(state.answers):
            return _at(state, later.id, Mode.ASK, Outcome.MOVED)
    return _finish(flow, state)


def _finish(flow: Flow, state: State) -> Result:
    skip_review = flow.review_unless is not None and flow.review_unless(state.answers)
    if flow.has_review and not skip_review:
        return _at(state, REVIEW, Mode.EDIT, Outcome.MOVED)
    return Result(_bump(state), Outcome.FINISHED)


def _at(state: State, step_id: str, mode: Mode, outcome: Outcome) -> Result:
    return Result(_bump(state, step=step_id, mode=mode), outcome)


def _stale(state: State) -> Result:
    return Result(state, Outcome.INVALID, Problem("stale"))


def _bump(state: State, **changes: Any) -> State:
    return replace(state, revision=state.revision + 1, **changes)
