"""First contact: consent, then registration; nothing about a person is stored before consent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.runner import Dialogues, Owner
from bot.dialogue.screens import COUNTED_AFTER, numbered_steps
from bot.dialogue.scripts import REGISTRATION, represents_others
from bot.i18n import translator
from bot.participants.screens.welcome import (
    declined,
    privacy_notice,
    registration_intro,
    welcome,
    welcome_back,
)
from bot.people import Speaker
from bot.proposals.script import PROPOSAL
from bot.reference import Reference, parse_kecamatan_payload
from bot.screens import Reply, Response, Screen, esc
from bot.screens.menu import RoundsNow, main_menu
from storage.models import Participant
from storage.queries import audit, participants


class Onboarding:
    def __init__(
        self, reference: Reference, dialogues: Dialogues, kept_until: date | None = None
    ) -> None:
        self.reference = reference
        self.dialogues = dialogues
        self.kept_until = kept_until  # RETENTION_UNTIL, which the privacy notice states

    def greet(self, speaker: Speaker, payload: str | None) -> Response:
        """The welcome and the privacy notice, for someone who has not agreed yet."""
        kecamatan = parse_kecamatan_payload(payload) if payload else None
        t = speaker.t
        notice = privacy_notice(t, kecamatan, self.kept_until)
        return Response([Reply(welcome(t)), Reply(notice)])

    def switch_language(self, locale: str, kecamatan: str | None) -> Response:
        t = translator(locale)
        return Response([Reply(privacy_notice(t, kecamatan, self.kept_until), edit=True)])

    def decline(self, speaker: Speaker) -> Response:
        return Response([Reply(declined(speaker.t), edit=True)])

    async def accept(
        self,
        session: AsyncSession,
        speaker: Speaker,
        locale: str,
        kecamatan: str | None,
        now: datetime,
        named: bool = False,
    ) -> Response:
        """Consent given; `named`: with it, OPD staff may see the name and group (the
        registration then does not ask)."""
        participant = speaker.participant
        if kecamatan is not None and self.reference.kecamatan_by_code(kecamatan) is None:
            kecamatan = None  # the notice's button came back changed: ask for the kecamatan
        if participant is None:
            participant = await participants.create(
                session, speaker.person.telegram_id, locale, now
            )
            audit.record(session, now, "participant.consented", participant.id)
            participant.name_visible = named
        t = translator(participant.locale)
        thanks = Reply(Screen(registration_intro(t)), edit=True)
        started = await self.begin_registration(session, participant, kecamatan, now)
        return Response([thanks, *started.replies], retire=started.retire)

    async def begin_registration(
        self,
        session: AsyncSession,
        participant: Participant,
        kecamatan: str | None,
        now: datetime,
    ) -> Response:
        # A first visit runs on into the proposal: one counter for both (COUNTED_AFTER).
        preset: dict[str, Any] = {COUNTED_AFTER: len(numbered_steps(PROPOSAL, {}))}
        if kecamatan:
            preset["kecamatan"] = kecamatan
        naming = _naming_answer(participant.name_visible)
        if naming is not None:  # chosen with the consent: not asked again
            preset["naming"] = naming
        return await self.dialogues.begin(session, Owner.of(participant), REGISTRATION, now, preset)

    def welcome_back(self, speaker: Speaker, rounds: RoundsNow) -> Response:
        participant = speaker.participant
        name = participant.display_name if participant else None
        t = speaker.t
        return Response([Reply(main_menu(t, welcome_back(t, esc(name or "")), rounds))])


def save_profile(participant: Participant, answers: dict[str, Any], now: datetime) -> None:
    participant.display_name = str(answers["name"])
    participant.kecamatan_code = str(answers["kecamatan"])
    participant.desa_code = str(answers["desa"])
    participant.community_role = str(answers["role"])
    # A resident speaks for themselves: no group, no count (even from an earlier role).
    speaks_for_others = represents_others(answers)
    was = (participant.group_name, participant.represents, participant.represents_unit)
    participant.group_name = answers.get("group_name") if speaks_for_others else None
    count = answers.get("represents") if speaks_for_others else None
    participant.represents = int(count["count"]) if count else None
    participant.represents_unit = str(count["unit"]) if count else None
    if was != (participant.group_name, participant.represents, participant.represents_unit):
        _mandate_waits_again(participant)
    naming = answers.get("naming")
    if naming is not None:  # a profile saved before the question existed keeps "not asked"
        participant.name_visible = naming == "yes"
    if participant.registered_at is None:
        participant.registered_at = now


def _mandate_waits_again(participant: Participant) -> None:
    """A coordinator confirmed a group and a number: another one needs their word again."""
    participant.mandate = None
    participant.mandate_by = None
    participant.mandate_at = None


def profile_answers(participant: Participant) -> dict[str, Any]:
    count = participant.represents
    return {
        "name": participant.display_name,
        "kecamatan": participant.kecamatan_code,
        "desa": participant.desa_code,
        "role": participant.community_role,
        "group_name": participant.group_name,
        "represents": (
            {"count": count, "unit": participant.represents_unit or "people"}
            if count is not None
            else None
        ),
        "naming": _naming_answer(participant.name_visible),
    }


def _naming_answer(name_visible: bool | None) -> str | None:
    if name_visible is None:
        return None
    return "yes" if name_visible else "no"


def registration_steps(answers: dict[str, Any], preset: tuple[str, ...]) -> int:
    """How many numbered questions the registration asked: the proposal counts on from there."""
    return len(numbered_steps(REGISTRATION, answers, preset))
