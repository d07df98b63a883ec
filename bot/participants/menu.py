"""The participant's main menu with what the rounds ask of residents now (bot.phases): "A
atau B?" while proposals are prioritised, the kecamatan's results once they are out, sending a
proposal always (bot/screens/menu.py orders them). The buttons are those of /prioritas and
/hasil, which check the phase again when tapped."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.screens import Screen
from bot.screens.menu import RoundsNow, main_menu
from storage.queries import rounds


async def rounds_now(session: AsyncSession, now: datetime) -> RoundsNow:
    prioritising = await rounds.prioritising_at(session, now)
    showing = await rounds.in_results_at(session, now)
    return RoundsNow(
        prioritising=prioritising.id if prioritising else None,
        results=showing.id if showing else None,
        collecting=await rounds.open_at(session, now) is not None,
    )


async def menu_now(
    session: AsyncSession, t: Translator, now: datetime, intro: str | None = None
) -> Screen:
    return main_menu(t, intro, await rounds_now(session, now))
