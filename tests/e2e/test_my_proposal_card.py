"""/usulanku's card of a proposal written at length: one phone screen, the rest one tap away,
and only for its author."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from emulator import BotApiEmulator, Reaction
from storage.models import Proposal, Response

from .journey import Idea, Resident, plain, register, resident, submit
from .staff import db

pytestmark = pytest.mark.usefixtures("fast_settle")

SCREEN = 600
WORDY = Idea(
    problem="Sampah numpuk di pinggir kali dekat pasar tiap minggu, baunya sampai ke rumah. "
    + "Kalau hujan airnya meluap ke jalan dan sampahnya terbawa ke halaman warga. " * 12,
    causes="There is no collection point and the truck comes only once a month. " * 14,
    solution="Put a temporary waste depot at the market and collect twice a week. " * 14,
    photos=0,
)


async def long_card_opened(
    emulator: BotApiEmulator, bot: RembugApp, user_id: int
) -> tuple[Resident, str, Reaction]:
    """A resident who sent WORDY, answered at length, with its card open in /usulanku."""
    r = resident(emulator, user_id, "en")
    await register(r)
    reference = await submit(r, WORDY)
    await answered_at_length(bot, reference)
    await r.send("/usulanku")
    return r, reference, await r.press(f"{reference} · {WORDY.dimension}")


async def test_a_long_proposal_fits_its_card_and_opens_in_full(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r, reference, card = await long_card_opened(emulator, bot, 3101)
    shown = plain(card.text)
    assert len(shown) <= SCREEN, len(shown)
    assert shown.startswith(f"Proposal {reference}")
    assert "Problem: Sampah numpuk di pinggir kali" in shown and " …" in shown
    assert "Solution: Put a temporary waste depot" in shown
    assert "Tanggapan of the perangkat daerah" in shown and "Masuk rencana kerja" in shown
    assert "Causes:" not in shown  # no room left: behind the button
    assert r.buttons() == ["📄 The whole proposal", "✏️ Edit", "🗑 Withdraw", "⬅️ All my proposals"]

    whole = await r.tap("📄 The whole proposal")
    assert whole.edits, "the card changes in place"
    text = plain(whole.text)
    assert len(text) <= SCREEN, len(text)
    for label in ("Problem", "Topic", "Causes", "Solution", "Urgency", "Beneficiaries"):
        assert f"{label}: " in text, label
    assert "Causes: There is no collection point" in text
    assert "Urgency: Very urgent" in text

    back = await r.tap("⬅️ Back to the proposal")
    assert plain(back.text) == shown


async def answered_at_length(bot: RembugApp, reference: str) -> None:
    """A tanggapan with long words, stored as the OPD desk stores one."""
    async with db(bot) as session:
        found = await session.scalar(select(Proposal.id).where(Proposal.reference == reference))
        assert found is not None
        words = "Masuk rencana kerja 2027, kami survei dulu lokasinya bersama desa. " * 6
        now = dt.datetime.now(dt.UTC)
        session.add(
            Response(
                proposal_id=found,
                opd_code="DLH",
                kind="next_year",
                explanation=words,
                responded_by=1,
                responded_at=now,
            )
        )


async def test_a_short_proposal_shows_every_answer_on_its_card(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 3102, "en")
    await register(r)
    reference = await submit(r, Idea(photos=0))
    await r.send("/usulanku")
    card = await r.press(f"{reference} · {Idea().dimension}")
    assert f"Causes: {Idea().causes}" in plain(card.text)
    assert "📄 The whole proposal" not in r.buttons()


async def test_someone_elses_proposal_stays_closed_even_forged(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    author, _, _ = await long_card_opened(emulator, bot, 3103)
    whole = author.last().buttons[0][0]
    assert whole.text == "📄 The whole proposal" and whole.callback_data is not None

    other = resident(emulator, 3104, "en")
    await register(other)
    forged = await other.user.press_data(whole.callback_data)
    assert forged.callback_answer is not None
    assert forged.callback_answer.text == "That proposal can't be found (it may have been removed)."
    assert not forged.messages and not forged.edits
