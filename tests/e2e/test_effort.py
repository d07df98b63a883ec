"""What a first visit takes, counted by bench/effort.py's scripted resident against the real
bot: the counts the benchmark prints, checked against issue 11's targets (counts, no timings)."""

from __future__ import annotations

import pytest

from bench.effort import first_visit
from bot.app import RembugApp
from emulator import BotApiEmulator

pytestmark = pytest.mark.usefixtures("fast_settle")


@pytest.mark.parametrize("locale", ["id", "en"])
async def test_skipping_every_optional_question_takes_11_taps_and_4_messages(
    emulator: BotApiEmulator, bot: RembugApp, locale: str
) -> None:
    effort = await first_visit(emulator.user(7001, "Sari", language_code=locale), locale, False)
    assert effort.typed_what == ["name", "problem", "causes", "solution"]
    assert (effort.taps, effort.typed, effort.shared) == (11, 4, 0)
    assert effort.proposal_steps == 10


async def test_answering_every_question_takes_20_actions(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    effort = await first_visit(emulator.user(7002, "Budi", language_code="id"), "id", True)
    assert effort.actions == 20
    assert (effort.taps, effort.typed, effort.shared) == (10, 8, 2)
    assert effort.proposal_steps == 10
