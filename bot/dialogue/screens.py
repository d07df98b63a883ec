"""Screens of a guided dialogue: a question, the review, the list of answers to change."""

from __future__ import annotations

from typing import Any

from bot import callbacks as cb
from bot.callbacks import StepAction
from bot.dialogue.answer_text import answer_text, prompt_params
from bot.dialogue.engine import REVIEW, Mode, State
from bot.dialogue.model import Flow, OptionContext, Step, StepKind
from bot.i18n import Translator
from bot.screens import Button, Keyboard, Screen, rows

REVIEW_PREVIEW_CHARS = 700  # three long answers must still fit one 4096-character message
SAVED_PREVIEW_CHARS = 200  # the answer quoted above a question shown again


def question(
    flow: Flow, state: State, ctx: OptionContext, page: int = 0, with_help: bool = False
) -> Screen:
    step = flow.step(state.step)
    t = ctx.t
    parts = [_progress(flow, state, t), t(step.prompt, **prompt_params(step, ctx))]
    if step.id == "dimension":
        parts.append(_dimension_lines(ctx))
    if with_help and step.help:
        parts.append(t(step.help))
    current = state.answers.get(step.id)
    if state.mode is Mode.EDIT and current not in (None, [], ""):
        parts.append(t("Current answer: {answer}", answer=answer_text(step, current, ctx)))
    if step.kind is StepKind.PHOTOS and current:
        parts.append(t.n("{count} photo received.", "{count} photos received.", len(current)))
    first = state.mode is Mode.ASK and flow.step_index[step.id] == 0
    extra = _extra_rows(step, state, t, with_help, first)
    keyboard = [*_option_rows(step, state, ctx, page), *extra]
    return Screen("\n\n".join(p for p in parts if p), keyboard)


def review(flow: Flow, state: State, ctx: OptionContext, editing_submitted: bool) -> Screen:
    t = ctx.t
    lines = [t("<b>Please check your proposal</b>")]
    for step in flow.steps:
        value = answer_text(step, state.answers.get(step.id), ctx, REVIEW_PREVIEW_CHARS)
        lines.append(f"<b>{t(step.summary)}:</b> {value}")
    lines.append(t("All correct? Tap <b>✅</b>. To change something, tap <b>Change an answer</b>."))
    send = t("✅ Save changes") if editing_submitted else t("✅ Send proposal")
    keyboard = [
        [Button(send, cb.step(state.revision, StepAction.SUBMIT))],
        [Button(t("✏️ Change an answer"), cb.step(state.revision, StepAction.EDIT_LIST))],
        [Button(t("✖️ Cancel"), cb.step(state.revision, StepAction.CANCEL))],
    ]
    return Screen("\n".join(lines), keyboard)


def saved_answer(step: Step, value: Any, ctx: OptionContext) -> str:
    """One line above a question shown again: the answer saved before it."""
    answer = answer_text(step, value, ctx, SAVED_PREVIEW_CHARS)
    return ctx.t("✅ Saved — <b>{step}</b>: {answer}", step=ctx.t(step.summary), answer=answer)


def edit_list(flow: Flow, state: State, t: Translator) -> Screen:
    buttons = [
        Button(t(step.summary), cb.step(state.revision, StepAction.EDIT_STEP, step.id))
        for step in flow.steps
    ]
    back = Button(t("⬅️ Back to the summary"), cb.step(state.revision, StepAction.REVIEW))
    return Screen(t("Which answer do you want to change?"), [*rows(buttons, 2), [back]])


def screen_for(
    flow: Flow, state: State, ctx: OptionContext, editing_submitted: bool = False
) -> Screen:
    if state.step == REVIEW:
        return review(flow, state, ctx, editing_submitted)
    return question(flow, state, ctx)


def _progress(flow: Flow, state: State, t: Translator) -> str:
    if state.mode is Mode.EDIT:
        return ""
    number = flow.step_index[state.step] + 1
    return t("<i>Step {number} of {total}</i>", number=number, total=len(flow.steps))


def _dimension_lines(ctx: OptionContext) -> str:
    locale = ctx.t.locale
    return "\n".join(
        f"• <b>{d.name(locale)}</b>: {d.description(locale)}" for d in ctx.reference.dimensions
    )


def _option_rows(step: Step, state: State, ctx: OptionContext, page: int) -> Keyboard:
    if step.options is None:
        return []
    options = step.options(ctx)
    if step.kind is StepKind.MULTI:
        chosen = set(state.answers.get(step.id) or [])
        toggles = [
            Button(("✅ " if o.key in chosen else "▫️ ") + o.label, _data(state, "t", o.key))
            for o in options
        ]
        return rows(toggles, step.columns)
    size = step.page_size or len(options) or 1
    last_page = max(0, (len(options) - 1) // size)
    page = min(max(page, 0), last_page)
    shown = options[page * size : (page + 1) * size]
    keyboard = rows([Button(o.label, _data(state, "a", o.key)) for o in shown], step.columns)
    if last_page:
        keyboard.append(_pager(state, page, last_page))
    return keyboard


def _pager(state: State, page: int, last_page: int) -> list[Button]:
    buttons = []
    if page > 0:
        buttons.append(Button("◀️", cb.step(state.revision, StepAction.PAGE, page - 1)))
    position = f"{page + 1}/{last_page + 1}"
    buttons.append(Button(position, cb.step(state.revision, StepAction.PAGE, page)))
    if page < last_page:
        buttons.append(Button("▶️", cb.step(state.revision, StepAction.PAGE, page + 1)))
    return buttons


def _extra_rows(step: Step, state: State, t: Translator, with_help: bool, first: bool) -> Keyboard:
    keyboard: Keyboard = []
    if step.help and not with_help:
        keyboard.append([Button(t("🤔 Not sure yet"), _data(state, "h", "-"))])
    collected = state.answers.get(step.id)
    if step.kind is StepKind.MULTI or (step.kind is StepKind.PHOTOS and collected):
        label = t("Next ➡️") if step.kind is StepKind.MULTI else t("Done ➡️")
        keyboard.append([Button(label, _data(state, "n", "-"))])
    keyboard.append(_navigation(step, state, t, first))
    return keyboard


def _navigation(step: Step, state: State, t: Translator, first: bool) -> list[Button]:
    buttons = [] if first else [Button(t("⬅️ Back"), _data(state, "b", "-"))]
    if step.optional and not state.answers.get(step.id):
        buttons.append(Button(t("Skip ⏭"), _data(state, "s", "-")))
    buttons.append(Button(t("✖️ Cancel"), _data(state, "x", "-")))
    return buttons


def _data(state: State, action: str, argument: Any) -> str:
    return cb.step(state.revision, StepAction(action), argument)
