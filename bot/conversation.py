"""The one service the handlers call: what to do with each kind of input from a person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import StepAction, StepCallback
from bot.data_rights import DataRights
from bot.dialogue import Dialogues, Owner, Turn
from bot.flow.answers import Input, Problem, Typed
from bot.flow.engine import Outcome, Result
from bot.flow.model import OptionContext
from bot.flow.scripts import REGISTRATION
from bot.i18n import Translator, translator
from bot.mine import MyProposals
from bot.onboarding import Onboarding, profile_answers, save_profile
from bot.people import Person, Speaker, identify
from bot.proposing import Proposing
from bot.reference import Reference
from bot.screens import Reply, Response, Screen, esc
from bot.screens import menu as menu_screens
from bot.screens import profile as profile_screens
from bot.screens import proposals as proposal_screens
from bot.screens.problems import explain
from storage.models import Participant
from storage.queries import audit, dialogues

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Conversation:
    def __init__(self, reference: Reference, default_locale: str, clock: Clock = utc_now) -> None:
        self.reference = reference
        self.default_locale = default_locale
        self.clock = clock
        self.dialogues = Dialogues(reference)
        self.onboarding = Onboarding(reference, self.dialogues)
        self.proposing = Proposing(reference, self.dialogues)
        self.mine = MyProposals(reference, self.dialogues, self.proposing)
        self.rights = DataRights(reference)

    async def who(self, session: AsyncSession, person: Person) -> Speaker:
        return await identify(session, person, self.default_locale)

    # --- commands -------------------------------------------------------------------------

    async def start(self, session: AsyncSession, speaker: Speaker, payload: str | None) -> Response:
        participant = speaker.participant
        if participant is None:
            return self.onboarding.greet(speaker, payload)
        turn = await self.dialogues.load(session, Owner.of(participant), from_button=False)
        if turn is not None:
            return self._resume(turn)
        if not speaker.registered:
            return await self.onboarding.begin_registration(
                session, participant, None, self.clock()
            )
        return self.onboarding.welcome_back(speaker)

    async def propose(self, session: AsyncSession, speaker: Speaker) -> Response:
        participant = speaker.participant
        if participant is None:
            return self.onboarding.greet(speaker, None)
        now = self.clock()
        if not speaker.registered:
            intro = Reply(Screen(proposal_screens.needs_registration(speaker.t)))
            started = await self.onboarding.begin_registration(session, participant, None, now)
            return Response([intro, *started.replies], retire=started.retire)
        return await self.proposing.begin(session, participant, speaker.t, now)

    async def my_proposals(self, session: AsyncSession, speaker: Speaker) -> Response:
        if speaker.participant is None:
            return self.onboarding.greet(speaker, None)
        return await self.mine.listing(session, speaker.participant, speaker.t)

    async def profile(self, session: AsyncSession, speaker: Speaker) -> Response:
        participant = speaker.participant
        if participant is None:
            return self.onboarding.greet(speaker, None)
        if not speaker.registered:
            return await self.onboarding.begin_registration(
                session, participant, None, self.clock()
            )
        return self._profile_card(participant, speaker.t)

    def _profile_card(self, participant: Participant, t: Translator) -> Response:
        ctx = OptionContext(profile_answers(participant), self.reference, t)
        return Response([Reply(profile_screens.profile(ctx))])

    async def cancel(self, session: AsyncSession, speaker: Speaker) -> Response:
        t = speaker.t
        participant = speaker.participant
        owner = Owner.of(participant).telegram_id if participant else None
        row = await dialogues.get(session, owner) if owner else None
        if participant is None or row is None:
            return Response([Reply(menu_screens.main_menu(t, menu_screens.nothing_to_cancel(t)))])
        await dialogues.remove(session, row.owner_id)
        return Response(
            [Reply(menu_screens.main_menu(t, menu_screens.cancelled(t)))],
            retire=row.question_message_id,
        )

    def help(self, speaker: Speaker) -> Response:
        return Response([Reply(menu_screens.help_screen(speaker.t))])

    def language_menu(self, speaker: Speaker) -> Response:
        return Response([Reply(menu_screens.language_menu(speaker.t))])

    def unknown_command(self, speaker: Speaker) -> Response:
        return Response([Reply(Screen(menu_screens.unknown_command(speaker.t)))])

    def group_intro(self, speaker: Speaker, bot_username: str) -> Response:
        return Response([Reply(menu_screens.group_intro(speaker.t, bot_username))])

    # --- buttons outside a dialogue ------------------------------------------------------

    async def consent(
        self,
        session: AsyncSession,
        speaker: Speaker,
        choice: str,
        locale: str,
        kecamatan: str | None,
    ) -> Response:
        if choice == "lang":
            return self.onboarding.switch_language(locale, kecamatan)
        if choice == "no":
            return self.onboarding.decline(Speaker(speaker.person, None, translator(locale)))
        return await self.onboarding.accept(session, speaker, locale, kecamatan, self.clock())

    async def set_language(self, session: AsyncSession, speaker: Speaker, locale: str) -> Response:
        t = translator(locale)
        participant = speaker.participant
        if participant is None:
            return self.onboarding.switch_language(locale, None)
        participant.locale = locale
        audit.record(session, self.clock(), "participant.language", participant.id, locale)
        return Response([Reply(Screen(menu_screens.language_set(t)), edit=True)])

    async def menu(self, session: AsyncSession, speaker: Speaker, item: str) -> Response:
        if item == "propose":
            return await self.propose(session, speaker)
        if item == "mine":
            return await self.my_proposals(session, speaker)
        if item == "profile":
            return await self.profile(session, speaker)
        return self.help(speaker)

    async def edit_profile(self, session: AsyncSession, speaker: Speaker, field: str) -> Response:
        participant = speaker.participant
        if participant is None or not speaker.registered or not REGISTRATION.has_step(field):
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        answers = profile_answers(participant)
        return await self.dialogues.begin_edit(
            session, Owner.of(participant), REGISTRATION, field, answers, self.clock()
        )

    async def my_proposal_action(
        self, session: AsyncSession, speaker: Speaker, action: str, proposal_id: int
    ) -> Response:
        if speaker.participant is None:
            return Response(alert=proposal_screens.not_found(speaker.t))
        return await self.mine.act(
            session, speaker.participant, action, proposal_id, speaker.t, self.clock()
        )

    # --- the dialogue ----------------------------------------------------------------------

    async def text(self, session: AsyncSession, speaker: Speaker, text: str) -> Response:
        return await self.dialogue_input(session, speaker, Typed(text))

    async def dialogue_input(
        self, session: AsyncSession, speaker: Speaker, given: Input
    ) -> Response:
        participant = speaker.participant
        if participant is None:
            return self.onboarding.greet(speaker, None)
        turn = await self.dialogues.load(session, Owner.of(participant), from_button=False)
        if turn is None:
            return Response([Reply(menu_screens.main_menu(speaker.t))])
        return await self._after(
            session, participant, turn, self.dialogues.apply_input(turn, given)
        )

    async def step_button(
        self, session: AsyncSession, speaker: Speaker, action: StepCallback
    ) -> Response:
        participant = speaker.participant
        if participant is None:
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        turn = await self.dialogues.load(session, Owner.of(participant), True)
        if turn is None or action.revision != turn.state.revision:
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        if action.action is StepAction.CANCEL:
            return await self._cancel_in_place(session, speaker)
        if action.action is StepAction.SUBMIT:
            return await self._submit(session, participant, turn)
        screen = self.dialogues.view(turn, action)
        if screen is not None:
            return Response([Reply(screen, edit=True)])
        return await self._after(
            session, participant, turn, self.dialogues.apply_callback(turn, action)
        )

    async def _after(
        self, session: AsyncSession, participant: Participant, turn: Turn, result: Result
    ) -> Response:
        if result.outcome is Outcome.INVALID:
            return self.dialogues.rejected(turn, result)
        if result.outcome is Outcome.CANDIDATES:
            return self.dialogues.candidates(turn, result)
        now = self.clock()
        if result.outcome is Outcome.ABANDONED:
            await dialogues.remove(session, turn.owner.telegram_id)
            return self._profile_card(participant, turn.t)
        await self.dialogues.save(session, turn, result.state, now)
        if result.outcome is Outcome.FINISHED:
            return await self._finish_registration(session, participant, turn, now)
        return self.dialogues.moved(turn)

    async def _finish_registration(
        self, session: AsyncSession, participant: Participant, turn: Turn, now: datetime
    ) -> Response:
        first_time = participant.registered_at is None
        save_profile(participant, turn.state.answers, now)
        await dialogues.remove(session, turn.owner.telegram_id)
        t = turn.t
        if first_time:
            audit.record(session, now, "participant.registered", participant.id)
            text = profile_screens.registered(t, _safe(participant.display_name))
        else:
            text = profile_screens.profile_saved(t)
        reply = Reply(menu_screens.main_menu(t, text), edit=turn.from_button)
        retire = None if turn.from_button else turn.row.question_message_id
        return Response([reply], retire=retire)

    async def _submit(
        self, session: AsyncSession, participant: Participant, turn: Turn
    ) -> Response:
        if not self.proposing.is_complete(turn.state.answers):
            return Response(alert=explain(Problem("answer_needed"), None, turn.t))
        response = await self.proposing.submit(
            session,
            participant,
            turn.state.answers,
            turn.row.proposal_id,
            turn.t,
            self.clock(),
        )
        await dialogues.remove(session, turn.owner.telegram_id)
        return response

    async def _cancel_in_place(self, session: AsyncSession, speaker: Speaker) -> Response:
        response = await self.cancel(session, speaker)
        return Response([Reply(r.screen, edit=True) for r in response.replies])

    def _resume(self, turn: Turn) -> Response:
        intro = Reply(Screen(turn.t("Let's continue where you left off.")))
        return Response(
            [intro, Reply(self.dialogues.current_screen(turn), question=True)],
            retire=turn.row.question_message_id,
        )


def _safe(name: str | None) -> str:
    return esc(name or "")
