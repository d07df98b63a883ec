"""Who is talking to the bot, and in which language to answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator, locale_for, translator
from storage.models import Dialogue, Participant
from storage.queries import participants


@dataclass(frozen=True)
class Person:
    """The sender of an update, as plain values."""

    telegram_id: int
    language_code: str | None


@dataclass
class Speaker:
    person: Person
    participant: Participant | None
    t: Translator
    # Loaded with the participant in one query. Holding it keeps it in the session's
    # identity map (which holds objects weakly), so reading the dialogue needs no second query.
    dialogue: Dialogue | None = field(default=None, repr=False)

    @property
    def registered(self) -> bool:
        return self.participant is not None and self.participant.registered_at is not None


async def identify(session: AsyncSession, person: Person, default_locale: str) -> Speaker:
    participant, dialogue = await participants.with_dialogue(session, person.telegram_id)
    if participant is not None:
        # Writing to the bot again means they unblocked it: broadcasts may reach them again.
        if participant.blocked_at is not None:
            participant.blocked_at = None
        locale = participant.locale
    else:
        locale = locale_for(person.language_code, default_locale)
    return Speaker(person, participant, translator(locale), dialogue)
