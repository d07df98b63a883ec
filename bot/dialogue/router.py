"""Routes input to whichever guided dialogue a person is in, and hands a finished dialogue to
the feature that owns its flow (registration, proposal, a coordinator's broadcast …)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import StepAction, StepCallback
from bot.dialogue import engine
from bot.dialogue.answers import Input, Problem, Typed
from bot.dialogue.engine import Outcome, Result
from bot.dialogue.model import Flow
from bot.dialogue.problems import explain
from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.people import Speaker
from bot.screens import Reply, Response
from storage.queries import dialogues

# Called with the dialogue's saved state once it is complete (Kirim on a review, or the last
# answer of a flow without one). It re-checks permissions and removes the dialogue.
Finisher = Callable[[AsyncSession, Speaker, Turn, datetime], Awaitable[Response]]
# Called when an edit of a flow without a review is left with Kembali.
Abandoner = Callable[[AsyncSession, Speaker, Turn], Awaitable[Response]]
# Called with each move before it is saved: fills in what a step needs from the database
# (the similar proposals), or moves past a step that turns out to have nothing to ask.
Preparer = Callable[[AsyncSession, Speaker, Flow, Result], Awaitable[Result]]
Clock = Callable[[], datetime]


class Unfinished(Exception):
    """Raised by a finisher that can't finish now (e.g. the round closed meanwhile): the
    dialogue is kept as it is, and `response` explains why."""

    def __init__(self, response: Response) -> None:
        super().__init__("dialogue kept")
        self.response = response


class Guide:
    def __init__(self, dialogues: Dialogues, clock: Clock) -> None:
        self.dialogues = dialogues
        self.clock = clock
        self._finishers: dict[str, Finisher] = {}
        self._abandoners: dict[str, Abandoner] = {}
        self._preparers: dict[str, Preparer] = {}

    def register(
        self,
        flow: Flow,
        finisher: Finisher,
        abandoner: Abandoner | None = None,
        preparer: Preparer | None = None,
    ) -> None:
        """A flow the bot runs, with the feature's finisher (and, for a flow whose edits can be
        left with Kembali, its abandoner; for one with steps that need the database, its
        preparer). The app factory registers every flow once."""
        self.dialogues.flows[flow.name] = flow
        self._finishers[flow.name] = finisher
        if abandoner is not None:
            self._abandoners[flow.name] = abandoner
        if preparer is not None:
            self._preparers[flow.name] = preparer

    async def load(self, session: AsyncSession, speaker: Speaker, button: bool) -> Turn | None:
        owner = Owner(speaker.person.telegram_id, speaker.t.locale)
        return await self.dialogues.load(session, owner, button)

    async def input(self, session: AsyncSession, speaker: Speaker, given: Input) -> Response | None:
        """The reply to a message, or None when the person is in no dialogue."""
        turn = await self.load(session, speaker, button=False)
        if turn is None:
            return None
        if self.dialogues.unseen(turn, given):
            return self.dialogues.shown_again(turn)
        return await self._after(session, speaker, turn, self.dialogues.apply_input(turn, given))

    async def edited(
        self, session: AsyncSession, speaker: Speaker, given: Typed
    ) -> Response | None:
        """An edited message: a corrected answer to the current or the previous question is
        taken (and said so); None for any other edit."""
        turn = await self.load(session, speaker, button=False)
        if turn is None:
            return None
        corrected = self.dialogues.edited(turn, given)
        if corrected is None:
            return None
        step_id, result = corrected
        if result.outcome is Outcome.INVALID:
            return self.dialogues.rejected(turn, result)
        await self.dialogues.save(session, turn, result.state, self.clock())
        return self.dialogues.corrected(turn, step_id)

    async def button(
        self,
        session: AsyncSession,
        speaker: Speaker,
        action: StepCallback,
        cancel: Callable[[], Awaitable[Response]],
    ) -> Response:
        turn = await self.load(session, speaker, button=True)
        if turn is None or action.revision != turn.state.revision:
            if turn is not None and turn.row.question_message_id is None:
                # The current question never reached them: a button of the one they still see
                # brings it, instead of a dead end until /start.
                return self.dialogues.shown_again(turn)
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        if action.action is StepAction.CANCEL:
            return await cancel()
        if action.action is StepAction.SUBMIT:
            return await self._submit(session, speaker, turn)
        screen = self.dialogues.view(turn, action)
        if screen is not None:
            return Response([Reply(screen, edit=True)])
        result = self.dialogues.apply_callback(turn, action)
        return await self._after(session, speaker, turn, result)

    async def _after(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, result: Result
    ) -> Response:
        if result.outcome is Outcome.INVALID:
            return self.dialogues.rejected(turn, result)
        if result.outcome is Outcome.CANDIDATES:
            return self.dialogues.candidates(turn, result)
        if result.outcome is Outcome.ABANDONED:
            await dialogues.remove(session, turn.owner.telegram_id)
            return await self._abandoners[turn.flow.name](session, speaker, turn)
        preparer = self._preparers.get(turn.flow.name)
        if preparer is not None and result.outcome is Outcome.MOVED:
            result = await preparer(session, speaker, turn.flow, result)
        now = self.clock()
        await self.dialogues.save(session, turn, result.state, now)
        if result.outcome is Outcome.FINISHED:
            return await self._finish(session, speaker, turn, now)
        response = self.dialogues.moved(turn)
        await dialogues.write(session, turn.row)
        return response

    async def _submit(self, session: AsyncSession, speaker: Speaker, turn: Turn) -> Response:
        if engine.missing(turn.flow, turn.state.answers):
            return Response(alert=explain(Problem("answer_needed"), None, turn.t))
        return await self._finish(session, speaker, turn, self.clock())

    async def _finish(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        try:
            response = await self._finishers[turn.flow.name](session, speaker, turn, now)
        except Unfinished as kept:
            return kept.response
        # The finisher may have begun the next dialogue (a first visit's proposal): keep that.
        if await dialogues.get(session, turn.owner.telegram_id) is turn.row:
            await dialogues.remove(session, turn.owner.telegram_id)
        return response
