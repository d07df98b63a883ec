"""Runs a guided dialogue: loads the state, applies one input, saves, renders.

The state is committed by the caller's unit of work before any reply goes out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import callbacks as cb
from bot.callbacks import StepAction, StepCallback
from bot.dialogue import engine
from bot.dialogue.answer_text import answer_text
from bot.dialogue.answers import Input, Picked, Problem, Typed, sent_as, validate
from bot.dialogue.engine import REVIEW, Mode, Outcome, Result, State
from bot.dialogue.model import Flow, Option, OptionContext, Step, StepKind
from bot.dialogue.problems import explain
from bot.dialogue.screens import echo, edit_list, question, saved_answer, screen_for
from bot.i18n import Translator, translator
from bot.reference import Reference
from bot.screens import Button, Reply, Response, Screen, rows
from storage.models import Dialogue, Participant
from storage.queries import dialogues


@dataclass(frozen=True)
class Owner:
    """Whose dialogue it is: a Telegram user, answered in their language."""

    telegram_id: int
    locale: str

    @classmethod
    def of(cls, participant: Participant) -> Owner:
        assert participant.telegram_user_id is not None, "an erased participant has no dialogue"
        return cls(participant.telegram_user_id, participant.locale)


@dataclass
class Turn:
    """One input applied to a loaded dialogue."""

    owner: Owner
    row: Dialogue
    flow: Flow
    state: State
    t: Translator
    from_button: bool
    # Saving moved it to another question (not the same one, refreshed).
    question_changed: bool = False
    # What the tapped question becomes once answered and left behind: "✓ Very urgent".
    echo: Screen | None = None


class Dialogues:
    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        # Every flow by name, registered with its finisher by the app factory (Guide.register).
        self.flows: dict[str, Flow] = {}

    def context(self, answers: dict[str, Any], t: Translator) -> OptionContext:
        return OptionContext(answers, self.reference, t)

    async def begin(
        self,
        session: AsyncSession,
        owner: Owner,
        flow: Flow,
        now: datetime,
        preset: dict[str, Any] | None = None,
    ) -> Response:
        state = engine.start(flow, preset)
        return await self._start(session, owner, flow, state, now, None)

    async def begin_review(
        self,
        session: AsyncSession,
        owner: Owner,
        flow: Flow,
        answers: dict[str, Any],
        now: datetime,
        proposal_id: int,
    ) -> Response:
        state = engine.review(flow, answers)
        return await self._start(session, owner, flow, state, now, proposal_id)

    async def begin_edit(
        self,
        session: AsyncSession,
        owner: Owner,
        flow: Flow,
        step_id: str,
        answers: dict[str, Any],
        now: datetime,
    ) -> Response:
        state = State(flow.name, step_id, Mode.EDIT, 1, dict(answers))
        return await self._start(session, owner, flow, state, now, None)

    async def load(self, session: AsyncSession, owner: Owner, from_button: bool) -> Turn | None:
        row = await dialogues.get(session, owner.telegram_id)
        flow = self.flows.get(row.flow) if row is not None else None
        if row is None or flow is None:
            return None
        state = State(
            row.flow, row.step, Mode(row.mode), row.revision, dict(row.answers), tuple(row.preset)
        )
        return Turn(owner, row, flow, state, translator(owner.locale), from_button)

    def current_screen(self, turn: Turn) -> Screen:
        ctx = self.context(turn.state.answers, turn.t)
        return screen_for(turn.flow, turn.state, ctx, turn.row.proposal_id is not None)

    def apply_input(self, turn: Turn, given: Input) -> Result:
        if turn.state.step == REVIEW:
            return Result(turn.state, Outcome.INVALID, Problem("use_buttons_review"))
        ctx = self.context(turn.state.answers, turn.t)
        result = engine.answer(turn.flow, turn.state, given, ctx)
        message_id = sent_as(given)
        if message_id is None or result.outcome not in _TAKEN:
            return result
        # Which message gave which answer: an edit of it can then correct the answer.
        sources = {**result.state.answers.get(SOURCES, {}), turn.state.step: message_id}
        answers = {**result.state.answers, SOURCES: sources}
        return replace(result, state=replace(result.state, answers=answers))

    def apply_callback(self, turn: Turn, action: StepCallback) -> Result:
        flow, state = turn.flow, turn.state
        ctx = self.context(state.answers, turn.t)
        if action.action is StepAction.ANSWER:
            return engine.answer(flow, state, Picked(action.argument), ctx)
        if action.action is StepAction.CONFIRM:
            return engine.confirm(flow, state, ctx)
        if action.action is StepAction.TOGGLE:
            return engine.toggle(flow, state, action.argument, ctx)
        if action.action is StepAction.DONE:
            return engine.done(flow, state)
        if action.action is StepAction.SKIP:
            return engine.skip(flow, state)
        if action.action is StepAction.BACK:
            return engine.back(flow, state)
        if action.action is StepAction.EDIT_STEP:
            return engine.edit(flow, state, action.argument)
        return Result(state, Outcome.INVALID, Problem("stale"))

    def view(self, turn: Turn, action: StepCallback) -> Screen | None:
        """Screens that show something without changing the state (pages, help, lists)."""
        ctx = self.context(turn.state.answers, turn.t)
        at_review = turn.state.step == REVIEW
        if action.action is StepAction.PAGE and action.argument.isdigit() and not at_review:
            return question(turn.flow, turn.state, ctx, page=int(action.argument))
        if action.action in (StepAction.HELP, StepAction.BROWSE) and not at_review:
            group = self._group(turn, action.argument, ctx)
            if group is None:
                return None
            with_help = action.action is StepAction.HELP
            browse = None if with_help and group == "-" else group
            return question(turn.flow, turn.state, ctx, with_help=with_help, browse=browse)
        if action.action is StepAction.EDIT_LIST and at_review:
            return edit_list(turn.flow, turn.state, turn.t)
        if action.action is StepAction.REVIEW and at_review:
            return self.current_screen(turn)
        return None

    def _group(self, turn: Turn, argument: str, ctx: OptionContext) -> str | None:
        """A group named by a button: "-" (all) or one the step has; None when forged."""
        step = turn.flow.step(turn.state.step)
        groups = {g.key for g in step.groups(ctx)} if step.groups else set()
        return argument if argument == "-" or argument in groups else None

    async def save(self, session: AsyncSession, turn: Turn, state: State, now: datetime) -> None:
        row = turn.row
        turn.question_changed = (state.step, state.mode) != (turn.state.step, turn.state.mode)
        if turn.from_button and turn.question_changed and self._forward(turn, state):
            left = turn.flow.step(turn.state.step)
            ctx = self.context(state.answers, turn.t)
            turn.echo = echo(left, state.answers.get(left.id), ctx)
        row.step, row.mode, row.revision = state.step, state.mode.value, state.revision
        row.answers, row.preset, row.updated_at = dict(state.answers), list(state.preset), now
        turn.state = state

    def _forward(self, turn: Turn, state: State) -> bool:
        """Left the tapped question answered (not gone back from it)."""
        old, new = turn.state.step, state.step
        if old == REVIEW:
            return False
        index = turn.flow.step_index
        return new == REVIEW or state.mode is Mode.EDIT or index[new] > index[old]

    def moved(self, turn: Turn) -> Response:
        """The reply after the state changed: after a tap, the answer stays as a short echo
        and the next question comes below it; a view changes in place."""
        screen = self.current_screen(turn)
        shown = turn.row.question_message_id
        # An earlier "that didn't fit" goes: the answer now fits.
        error, turn.row.error_message_id = turn.row.error_message_id, None
        if turn.from_button and turn.echo is None:
            # Edited in place, the message id stays: the turn notes only a failed delivery.
            replies = [Reply(screen, edit=True, question=True)]
            return Response(replies, known_question=shown, delete=error)
        if turn.question_changed:
            # Not shown until delivered (the turn then remembers its id; saved in this same
            # UPDATE, it costs nothing): input meanwhile is not taken as its answer.
            turn.row.question_message_id = None
        if turn.echo is not None:
            echoed = Reply(turn.echo, edit=True)
            return Response([echoed, Reply(screen, question=True)], delete=error)
        return Response([Reply(screen, question=True)], retire=shown, delete=error)

    def unseen(self, turn: Turn, given: Input) -> bool:
        """Input that cannot be meant for the current question: the question never reached
        the person (its delivery failed), or they sent the answer just saved again before the
        question arrived (their reply was slow to come). A private chat numbers both sides'
        messages in one order, so "before" is exact; a quick typer's answers typed ahead, and
        the same words given to the next question once it is seen, are answers."""
        shown = turn.row.question_message_id
        if shown is None:
            return True
        sent = sent_as(given)
        return sent is not None and sent < shown and self._repeats_last_answer(turn, given)

    def _repeats_last_answer(self, turn: Turn, given: Input) -> bool:
        previous = self.last_answered(turn)
        saved = turn.state.answers.get(previous.id) if previous is not None else None
        return isinstance(given, Typed) and isinstance(saved, str) and _same(given.text, saved)

    def shown_again(self, turn: Turn) -> Response:
        """The current question, shown again instead of taking input meant for another one,
        with what was saved last; after a tap, in place of the tapped message."""
        screen = self.current_screen(turn)
        previous = self.last_answered(turn)
        if previous is not None:
            ctx = self.context(turn.state.answers, turn.t)
            line = saved_answer(previous, turn.state.answers.get(previous.id), ctx)
            screen = Screen(f"{line}\n\n{screen.text}", screen.keyboard)
        if turn.from_button:
            return Response([Reply(screen, edit=True, question=True)])
        return Response([Reply(screen, question=True)], retire=turn.row.question_message_id)

    def last_answered(self, turn: Turn) -> Step | None:
        """The step answered just before the current one, walking forward through the flow."""
        state = turn.state
        if state.mode is not Mode.ASK or not turn.flow.has_step(state.step):
            return None
        earlier = turn.flow.steps[: turn.flow.step_index[state.step]]
        asked = [s for s in earlier if s.id not in state.preset and s.shown(state.answers)]
        answered = [step for step in asked if step.id in state.answers]
        return answered[-1] if answered else None

    def rejected(self, turn: Turn, result: Result) -> Response:
        step = turn.flow.step(turn.state.step) if turn.state.step != REVIEW else None
        text = explain(result.problem or Problem("stale"), step, turn.t)
        if turn.from_button:
            return Response(alert=text)
        # One explanation at a time: the new one replaces the last, at the bottom of the chat.
        return Response([Reply(Screen(text), error=True)], delete=turn.row.error_message_id)

    def edited(self, turn: Turn, given: Typed) -> tuple[str, Result] | None:
        """A corrected answer from an edited message: of the current question or the one
        before it. None when the message answered nothing that can still change here."""
        step_id = self._answered_by(turn, given.message_id)
        if step_id is None:
            return None
        step = turn.flow.step(step_id)
        ctx = self.context(turn.state.answers, turn.t)
        checked = validate(step, given, ctx)
        if checked.problem is not None:
            return step_id, Result(turn.state, Outcome.INVALID, checked.problem)
        if checked.candidates or step.kind not in _CORRECTABLE:
            return None
        state = engine.replace_answer(turn.flow, turn.state, step_id, checked.value)
        return step_id, Result(state, Outcome.STAYED)

    def _answered_by(self, turn: Turn, message_id: int | None) -> str | None:
        sources: dict[str, int] = turn.state.answers.get(SOURCES, {})
        step_id = next((s for s, m in sources.items() if m == message_id), None)
        previous = self.last_answered(turn)
        recent = {turn.state.step, previous.id if previous else None}
        if step_id is None or step_id not in recent or not turn.flow.has_step(step_id):
            return None
        return step_id

    def corrected(self, turn: Turn, step_id: str) -> Response:
        step = turn.flow.step(step_id)
        ctx = self.context(turn.state.answers, turn.t)
        answer = answer_text(step, turn.state.answers.get(step_id), ctx, 200)
        text = turn.t(
            "✏️ Updated — <b>{step}</b>: {answer}", step=turn.t(step.summary), answer=answer
        )
        # The current question again, below: what it offers may follow from the corrected
        # answer (a topic suggested from the problem), and its old buttons are now stale.
        shown, turn.row.question_message_id = turn.row.question_message_id, None
        question = Reply(self.current_screen(turn), question=True)
        return Response([Reply(Screen(text)), question], retire=shown)

    def candidates(self, turn: Turn, result: Result) -> Response:
        ctx = self.context(turn.state.answers, turn.t)
        step = turn.flow.step(turn.state.step)
        options: dict[str, Option] = {o.key: o for o in (step.options(ctx) if step.options else [])}
        buttons = [
            Button(options[key].label, _answer_data(turn.state, key))
            for key in result.candidates
            if key in options
        ]
        text = turn.t("Did you mean one of these? Tap the right one.")
        return Response([Reply(Screen(text, rows(buttons, 2)))])

    async def _start(
        self,
        session: AsyncSession,
        owner: Owner,
        flow: Flow,
        state: State,
        now: datetime,
        proposal_id: int | None,
    ) -> Response:
        state = replace(state, revision=first_revision(now))
        row, retire = await dialogues.replace(
            session,
            owner.telegram_id,
            flow=flow.name,
            step=state.step,
            mode=state.mode.value,
            revision=state.revision,
            answers=dict(state.answers),
            preset=list(state.preset),
            proposal_id=proposal_id,
            now=now,
        )
        turn = Turn(owner, row, flow, state, translator(owner.locale), False)
        return Response([Reply(self.current_screen(turn), question=True)], retire=retire)


SOURCES = "_sources"
"""Hidden answer: the message id of each typed answer, by step."""
_TAKEN = (Outcome.MOVED, Outcome.STAYED, Outcome.FINISHED)
_CORRECTABLE = (StepKind.TEXT, StepKind.NUMBER, StepKind.HEADCOUNT, StepKind.MOMENT)


def _same(typed: str, saved: str) -> bool:
    return typed.split() == saved.split()


def _answer_data(state: State, key: str) -> str:
    return cb.step(state.revision, StepAction.ANSWER, key)


def first_revision(now: datetime) -> int:
    """Revisions of a new dialogue start from the clock, so buttons of an earlier dialogue
    can never pass for buttons of this one."""
    return int(now.timestamp() * 10) % 1_000_000_000
