"""Screens of a guided dialogue: a question, the review, the list of answers to change."""

from __future__ import annotations

from typing import Any

from bot import callbacks as cb
from bot.callbacks import StepAction
from bot.dialogue.answer_text import answer_text, place_summary, prompt_params
from bot.dialogue.engine import MORE, REVIEW, Mode, State
from bot.dialogue.model import Answers, Flow, OptionContext, Step, StepKind
from bot.i18n import N_, Translator
from bot.screens import Button, Keyboard, Screen, rows

# Hidden answers of a first visit's registration and proposal: the steps counted before this
# dialogue and after it, so that "Step n of N" runs once from the name to the proposal's end.
COUNTED_BEFORE = "_counted_before"
COUNTED_AFTER = "_counted_after"

REVIEW_PREVIEW_CHARS = 700  # three long answers must still fit one 4096-character message
SAVED_PREVIEW_CHARS = 200  # the answer quoted above a question shown again


def question(
    flow: Flow,
    state: State,
    ctx: OptionContext,
    page: int = 0,
    with_help: bool = False,
    browse: str | None = None,
) -> Screen:
    step = flow.step(state.step)
    t = ctx.t
    if state.answers.get(MORE) == step.id:
        return _follow_up(step, state, t)
    if step.kind is StepKind.TOPIC:
        return topic_question(flow, state, ctx, browse, with_help)
    parts = [_progress(flow, state, ctx), t(step.prompt, **prompt_params(step, ctx))]
    if step.details is not None:
        parts.append(step.details(ctx))
    if with_help and step.help:
        parts.append(t(step.help))
    current = state.answers.get(step.id)
    if (
        state.mode is Mode.EDIT
        and current not in (None, [], "")
        and step.kind is not StepKind.PLACE
    ):
        parts.append(t("Current answer: {answer}", answer=answer_text(step, current, ctx)))
    if step.kind in (StepKind.PHOTOS, StepKind.PLACE) and current:
        parts.append(collected_text(step, current, ctx))
    first = state.mode is Mode.ASK and flow.step_index[step.id] == 0
    extra = _extra_rows(step, state, t, with_help, first)
    keyboard = [*_option_rows(step, state, ctx, page), *extra]
    return Screen("\n\n".join(p for p in parts if p), keyboard)


def collected_text(step: Step, current: Any, ctx: OptionContext) -> str:
    t = ctx.t
    if step.kind is StepKind.PHOTOS:
        return t.n("{count} photo received.", "{count} photos received.", len(current))
    return t("Received so far: {what}", what=place_summary(current, t))


def topic_question(
    flow: Flow, state: State, ctx: OptionContext, browse: str | None, with_help: bool
) -> Screen:
    """The suggested topic to confirm with one tap; or, browsing, the plain-word groups and
    then the topics of one group; or, with help, what the official names mean."""
    step = flow.step(state.step)
    t = ctx.t
    options = step.options(ctx) if step.options else []
    suggestion = step.suggest(ctx) if step.suggest and browse is None else None
    if with_help:
        text, shown = (step.explain(ctx, browse) if step.explain else ""), []
    elif browse is None and suggestion is not None:
        text = suggestion.line
        shown = [Button(t("✅ Yes, that's right"), _data(state, "c", "-"))]
        shown += [Button(o.label, _data(state, "a", o.key)) for o in suggestion.alternatives]
    elif browse is None or browse == "-":
        groups = step.groups(ctx) if step.groups else []
        text = t(step.prompt) if browse else t("We couldn't tell the topic. Which fits best?")
        shown = [Button(g.label, _data(state, "v", g.key)) for g in groups]
    else:
        text = t(step.prompt)
        shown = [Button(o.label, _data(state, "a", o.key)) for o in options if o.group == browse]
    keyboard = [[b] for b in shown]
    if suggestion is not None or (browse not in (None, "-")):
        keyboard.append([Button(t("📋 Another topic"), _data(state, "v", "-"))])
    if not with_help:
        keyboard.append([Button(t("❓ What do these mean?"), _data(state, "h", browse or "-"))])
    keyboard.append(_navigation(step, state, t, flow.step_index[step.id] == 0))
    parts = [_progress(flow, state, ctx), text]
    return Screen("\n\n".join(p for p in parts if p), keyboard)


def echo(step: Step, value: Any, ctx: OptionContext) -> Screen:
    """What a tapped question becomes once answered: a short line left in the chat."""
    if value in (None, [], ""):
        return Screen(ctx.t("✓ Skipped: {step}", step=ctx.t(step.summary)))
    return Screen(f"✓ {answer_text(step, value, ctx, SAVED_PREVIEW_CHARS)}")


def _follow_up(step: Step, state: State, t: Translator) -> Screen:
    text = t(
        "Thank you. Could you tell us a little more, e.g. where exactly and since when? "
        "Send it as a new message, or tap <b>That's enough</b>."
    )
    keyboard = [[Button(t("That's enough ➡️"), _data(state, "n", "-"))]]
    return Screen(text, keyboard)


def review(flow: Flow, state: State, ctx: OptionContext, editing_submitted: bool) -> Screen:
    t = ctx.t
    # The buttons say what to do next; the screen keeps its characters for the answers.
    lines = [t("<b>Please check your proposal</b>")]
    for step in reviewed(flow, state.answers):
        value = answer_text(step, state.answers.get(step.id), ctx, REVIEW_PREVIEW_CHARS)
        lines.append(f"<b>{t(step.summary)}:</b> {value}")
    send = t("✅ Save changes") if editing_submitted else t("✅ Send proposal")
    keyboard = [
        [Button(send, cb.step(state.revision, StepAction.SUBMIT))],
        [Button(t("✏️ Change an answer"), cb.step(state.revision, StepAction.EDIT_LIST))],
        [Button(t("✖️ Cancel"), cb.step(state.revision, StepAction.CANCEL))],
    ]
    return Screen("\n".join(lines), keyboard)


def reviewed(flow: Flow, answers: Answers) -> list[Step]:
    return [s for s in flow.steps if s.in_review and s.shown(answers)]


def saved_answer(step: Step, value: Any, ctx: OptionContext) -> str:
    """One line above a question shown again: the answer saved before it."""
    answer = answer_text(step, value, ctx, SAVED_PREVIEW_CHARS)
    return ctx.t("✅ Saved — <b>{step}</b>: {answer}", step=ctx.t(step.summary), answer=answer)


def edit_list(flow: Flow, state: State, t: Translator) -> Screen:
    buttons = [
        Button(t(step.summary), cb.step(state.revision, StepAction.EDIT_STEP, step.id))
        for step in reviewed(flow, state.answers)
    ]
    back = Button(t("⬅️ Back to the summary"), cb.step(state.revision, StepAction.REVIEW))
    return Screen(t("Which answer do you want to change?"), [*rows(buttons, 2), [back]])


def screen_for(
    flow: Flow, state: State, ctx: OptionContext, editing_submitted: bool = False
) -> Screen:
    if state.step == REVIEW:
        return review(flow, state, ctx, editing_submitted)
    return question(flow, state, ctx)


def numbered_steps(flow: Flow, answers: dict[str, Any], preset: tuple[str, ...] = ()) -> list[str]:
    """The steps "Step n of N" counts, as far as the answers so far tell."""
    return [s.id for s in flow.steps if s.numbered and s.shown(answers) and s.id not in preset]


def _progress(flow: Flow, state: State, ctx: OptionContext) -> str:
    """ "Step n of N" over the numbered steps still to be asked; the registration of a first
    visit and the proposal that follows it share one counter (COUNTED_BEFORE, COUNTED_AFTER)."""
    step = flow.step(state.step)
    if state.mode is Mode.EDIT or not step.numbered:
        return ""
    answers = state.answers
    numbered = numbered_steps(flow, answers, state.preset)
    if step.id not in numbered:
        return ""
    before = int(answers.get(COUNTED_BEFORE) or 0)
    after = int(answers.get(COUNTED_AFTER) or 0)
    number = before + numbered.index(step.id) + 1
    return ctx.t(
        "<i>Step {number} of {total}</i>", number=number, total=before + len(numbered) + after
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
    collects = step.kind in (StepKind.PHOTOS, StepKind.PLACE)
    if step.kind is StepKind.MULTI or (collects and collected):
        label = t("Done ➡️") if step.kind is StepKind.PHOTOS else t("Next ➡️")
        keyboard.append([Button(label, _data(state, "n", "-"))])
    keyboard.append(_navigation(step, state, t, first))
    return keyboard


def _navigation(step: Step, state: State, t: Translator, first: bool) -> list[Button]:
    buttons = [] if first else [Button(t("⬅️ Back"), _data(state, "b", "-"))]
    if step.optional and not state.answers.get(step.id):
        buttons.append(Button(t(step.skip_label or N_("Skip ⏭")), _data(state, "s", "-")))
    buttons.append(Button(t("✖️ Cancel"), _data(state, "x", "-")))
    return buttons


def _data(state: State, action: str, argument: Any) -> str:
    return cb.step(state.revision, StepAction(action), argument)
