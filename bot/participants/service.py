"""The one service the handlers call: what to do with each kind of input from a person."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import StepCallback
from bot.clock import Clock, utc_now
from bot.dialogue.answers import Input, Problem, Typed
from bot.dialogue.model import OptionContext
from bot.dialogue.problems import explain
from bot.dialogue.router import Guide
from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import Translator, translator
from bot.participants import naming_consent
from bot.participants.data_rights import DataRights
from bot.participants.menu import menu_now, rounds_now
from bot.participants.naming_consent import then_ask_naming
from bot.participants.onboarding import (
    Onboarding,
    profile_answers,
    registration_steps,
    save_profile,
)
from bot.participants.screens import profile as profile_screens
from bot.participants.screens.welcome import NAMED
from bot.people import Person, Speaker, identify
from bot.proposals.mine import MyProposals
from bot.proposals.screens import cards as proposal_screens
from bot.proposals.script import supporting
from bot.proposals.submission import Proposing
from bot.proposals.supporting import support_chosen
from bot.reference import Reference
from bot.screens import Reply, Response, Screen, esc
from bot.screens import menu as menu_screens
from storage.models import Participant
from storage.queries import audit, dialogues


class Conversation:
    def __init__(
        self,
        reference: Reference,
        default_locale: str,
        clock: Clock = utc_now,
        kept_until: date | None = None,  # RETENTION_UNTIL
    ) -> None:
        self.reference = reference
        self.default_locale = default_locale
        self.clock = clock
        self.dialogues = Dialogues(reference)
        self.onboarding = Onboarding(reference, self.dialogues, kept_until)
        self.proposing = Proposing(reference, self.dialogues)
        self.mine = MyProposals(reference, self.dialogues, self.proposing)
        self.rights = DataRights(reference)
        # Its flows and their finishers are registered by the app factory (bot/wiring.py).
        self.guide = Guide(self.dialogues, clock)

    async def who(self, session: AsyncSession, person: Person) -> Speaker:
        return await identify(session, person, self.default_locale)

    # --- commands -------------------------------------------------------------------------

    @then_ask_naming
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
        return self.onboarding.welcome_back(speaker, await rounds_now(session, self.clock()))

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

    @then_ask_naming
    async def my_proposals(self, session: AsyncSession, speaker: Speaker) -> Response:
        if speaker.participant is None:
            return self.onboarding.greet(speaker, None)
        return await self.mine.listing(session, speaker.participant, speaker.t)

    @then_ask_naming
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
        t, led = speaker.t, speaker.registered
        # Keyed by the Telegram id: staff who are not participants have dialogues too.
        row = await dialogues.get(session, speaker.person.telegram_id)
        if row is None:
            nothing = await self._menu(session, t, menu_screens.nothing_to_cancel(t), led=led)
            return Response([Reply(nothing)])
        await dialogues.remove(session, row.owner_id)
        cancelled = await self._menu(session, t, menu_screens.cancelled(t), led=led)
        return Response([Reply(cancelled)], retire=row.question_message_id)

    async def _menu(
        self, session: AsyncSession, t: Translator, intro: str | None = None, *, led: bool
    ) -> Screen:
        """The main menu; `led`: first the round's phase (for registered participants)."""
        if not led:
            return menu_screens.main_menu(t, intro)
        return await menu_now(session, t, self.clock(), intro)

    def help(self, speaker: Speaker) -> Response:
        return Response([Reply(menu_screens.help_screen(speaker.t))])

    @then_ask_naming
    async def language_menu(self, session: AsyncSession, speaker: Speaker) -> Response:
        return Response([Reply(menu_screens.language_menu(speaker.t))])

    @then_ask_naming
    async def unknown_command(self, session: AsyncSession, speaker: Speaker) -> Response:
        return Response([Reply(Screen(menu_screens.unknown_command(speaker.t)))])

    @then_ask_naming
    async def my_data(self, session: AsyncSession, speaker: Speaker) -> Response:
        return await self.rights.export(session, speaker, self.clock())

    async def ask_erase(self, session: AsyncSession, speaker: Speaker) -> Response:
        return await self.rights.ask_erase(session, speaker, self.clock())

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
        if speaker.participant is not None:
            # Consent was given already: a second tap, or a tap on an old privacy notice.
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        if choice == "lang":
            return self.onboarding.switch_language(locale, kecamatan)
        if choice == "no":
            return self.onboarding.decline(Speaker(speaker.person, None, translator(locale)))
        named = choice == NAMED
        return await self.onboarding.accept(
            session, speaker, locale, kecamatan, self.clock(), named
        )

    async def set_language(self, session: AsyncSession, speaker: Speaker, locale: str) -> Response:
        t = translator(locale)
        participant = speaker.participant
        if participant is None:
            return self.onboarding.switch_language(locale, None)
        participant.locale = locale
        audit.record(session, self.clock(), "participant.language", participant.id, locale)
        return Response([Reply(Screen(menu_screens.language_set(t)), edit=True)])

    @then_ask_naming
    async def menu(self, session: AsyncSession, speaker: Speaker, item: str) -> Response:
        if item == "propose":
            if await self._in_dialogue(session, speaker):
                # A menu button of an old message must not throw away the answers in progress.
                return Response(alert=explain(Problem("busy"), None, speaker.t))
            return await self.propose(session, speaker)
        if item == "mine":
            return await self.my_proposals(session, speaker)
        if item == "profile":
            return await self.profile(session, speaker)
        return self.help(speaker)

    async def naming(self, session: AsyncSession, speaker: Speaker, choice: str) -> Response:
        return await naming_consent.choose(session, speaker, choice, self.clock())

    async def _in_dialogue(self, session: AsyncSession, speaker: Speaker) -> bool:
        participant = speaker.participant
        return (
            participant is not None
            and await dialogues.get(session, Owner.of(participant).telegram_id) is not None
        )

    async def edit_profile(self, session: AsyncSession, speaker: Speaker, field: str) -> Response:
        participant = speaker.participant
        if participant is None or not speaker.registered or not REGISTRATION.has_step(field):
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        if await self._in_dialogue(session, speaker):
            return Response(alert=explain(Problem("busy"), None, speaker.t))
        answers = profile_answers(participant)
        return await self.dialogues.begin_edit(
            session, Owner.of(participant), REGISTRATION, field, answers, self.clock()
        )

    async def my_proposal_action(
        self, session: AsyncSession, speaker: Speaker, action: str, proposal_id: int, nonce: str
    ) -> Response:
        if speaker.participant is None:
            return Response(alert=proposal_screens.not_found(speaker.t))
        if action == "e" and await self._in_dialogue(session, speaker):
            return Response(alert=explain(Problem("busy"), None, speaker.t))
        return await self.mine.act(
            session, speaker.participant, action, proposal_id, speaker.t, self.clock(), nonce
        )

    # --- the dialogue ----------------------------------------------------------------------

    async def text(self, session: AsyncSession, speaker: Speaker, text: str) -> Response:
        return await self.dialogue_input(session, speaker, Typed(text))

    @then_ask_naming
    async def dialogue_input(
        self, session: AsyncSession, speaker: Speaker, given: Input
    ) -> Response:
        response = await self.guide.input(session, speaker, given)
        if response is not None:
            return response
        if speaker.participant is None:
            return self.onboarding.greet(speaker, None)
        return Response([Reply(await self._menu(session, speaker.t, led=speaker.registered))])

    async def edited(self, session: AsyncSession, speaker: Speaker, given: Typed) -> Response:
        """An edited message: a corrected answer is taken; any other edit is explained."""
        response = await self.guide.edited(session, speaker, given)
        if response is not None:
            return response
        return Response([Reply(Screen(menu_screens.edit_not_taken(speaker.t)))])

    async def step_button(
        self, session: AsyncSession, speaker: Speaker, action: StepCallback
    ) -> Response:
        async def cancel() -> Response:
            return await self._cancel_in_place(session, speaker)

        return await self.guide.button(session, speaker, action, cancel)

    async def profile_abandoned(
        self, session: AsyncSession, speaker: Speaker, turn: Turn
    ) -> Response:
        """The abandoner of REGISTRATION: a profile edit left with Kembali."""
        participant = speaker.participant
        if participant is None:
            return Response([Reply(menu_screens.main_menu(turn.t))])
        # Left with ⬅️ Back: the card takes the question's place, so no stale buttons stay.
        card = self._profile_card(participant, turn.t)
        return Response([Reply(r.screen, edit=turn.from_button) for r in card.replies])

    async def registration_finished(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The finisher of REGISTRATION: a first registration or a changed profile."""
        participant = speaker.participant
        if participant is None:  # erased meanwhile: nothing to save into
            return Response([Reply(menu_screens.main_menu(turn.t))])
        first_time = participant.registered_at is None
        save_profile(participant, turn.state.answers, now)
        t = turn.t
        retire = None if turn.from_button else turn.row.question_message_id
        if first_time:
            audit.record(session, now, "participant.registered", participant.id)
            return await self._first_proposal(session, participant, turn, now, retire)
        menu = await self._menu(session, t, profile_screens.profile_saved(t), led=True)
        reply = Reply(menu, edit=turn.from_button)
        return Response([reply], retire=retire)

    async def _first_proposal(
        self,
        session: AsyncSession,
        participant: Participant,
        turn: Turn,
        now: datetime,
        retire: int | None,
    ) -> Response:
        """Registered: a one-line recap, then straight on to the proposal, counted on."""
        t = turn.t
        ctx = OptionContext(profile_answers(participant), self.reference, t)
        recap = Reply(Screen(profile_screens.registered_recap(ctx)), edit=turn.from_button)
        asked = registration_steps(turn.state.answers, turn.state.preset)
        started = await self.proposing.begin(session, participant, t, now, asked)
        if not any(r.question for r in started.replies):  # the round is closed: the menu
            menu = Reply(await self._menu(session, t, started.replies[0].screen.text, led=True))
            return Response([recap, menu], retire=retire)
        return Response([recap, *started.replies], retire=retire)

    async def proposal_submitted(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The finisher of PROPOSAL (Kirim on its review)."""
        participant = speaker.participant
        if participant is None or not speaker.registered:
            return Response(alert=explain(Problem("stale"), None, turn.t))
        if supporting(turn.state.answers):
            target = await self.proposing.target(session, now)
            collecting = None if target is None else target.found.id
            answers = turn.state.answers
            return await support_chosen(session, participant, answers, collecting, turn.t, now)
        return await self.proposing.submit(
            session, participant, turn.state.answers, turn.row.proposal_id, turn.t, now
        )

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
