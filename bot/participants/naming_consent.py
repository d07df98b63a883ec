"""Naming consent for those registered before it was asked (new participants answer it in the
registration script, bot/dialogue/scripts.py). Asked once, when they are idle: after the reply
to their command or message, never in the middle of a dialogue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.answers import Problem
from bot.dialogue.problems import explain
from bot.dialogue.scripts import NAMING
from bot.participants.screens.naming import naming_question, naming_saved
from bot.people import Speaker
from bot.screens import Reply, Response
from storage.queries import audit, dialogues


async def ask_if_due(
    session: AsyncSession, speaker: Speaker, response: Response, now: datetime
) -> Response:
    """`response`, followed by the naming question when it is this participant's first idle
    visit since the question exists. Asking stores the default (no), so it is asked once."""
    participant = speaker.participant
    if (
        participant is None
        or not speaker.registered
        or participant.name_visible is not None
        or any(r.question for r in response.replies)
        or await dialogues.get(session, speaker.person.telegram_id) is not None
    ):
        return response
    participant.name_visible = False
    audit.record(session, now, "participant.naming_asked", participant.id)
    return replace(response, replies=[*response.replies, Reply(naming_question(speaker.t))])


class _Clocked(Protocol):
    @property
    def clock(self) -> Callable[[], datetime]: ...


S = TypeVar("S", bound=_Clocked)
P = ParamSpec("P")
Method = Callable[Concatenate[S, AsyncSession, Speaker, P], Awaitable[Response]]


def then_ask_naming(method: Method[S, P]) -> Method[S, P]:
    """A participant's command or message is answered first; then the question, if due."""

    async def answered(
        service: S, session: AsyncSession, speaker: Speaker, /, *args: P.args, **kwargs: P.kwargs
    ) -> Response:
        response = await method(service, session, speaker, *args, **kwargs)
        return await ask_if_due(session, speaker, response, service.clock())

    return answered


async def choose(session: AsyncSession, speaker: Speaker, choice: str, now: datetime) -> Response:
    """A tap on the question's Yes or No (callback kind NAMING)."""
    participant = speaker.participant
    if participant is None or not speaker.registered or choice not in NAMING:
        return Response(alert=explain(Problem("stale"), None, speaker.t))
    visible = choice == "yes"
    if participant.name_visible is not visible:
        participant.name_visible = visible
        audit.record(session, now, "participant.naming", participant.id, visible=visible)
    return Response([Reply(naming_saved(speaker.t, visible), edit=True)])
