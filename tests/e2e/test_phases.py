"""A round's phases in /putaran: pengumpulan → prioritas → hasil, moved by an admin (and by date),
shown to participants; proposals sent after the collection are refused or, when the admin allows
it, kept for the next round. Only admins move phases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import callbacks as cb
from bot.app import RembugApp
from bot.callbacks import Kind
from bot.clock import utc_now
from emulator import BotApiEmulator
from storage.models import AuditEntry, ConsultationRound, Proposal

from .journey import Resident, fast_replies, propose, register, resident, texts
from .settings_helpers import settings_with
from .staff import appoint, db, snapshot
from .test_rounds import close_open_round

ADMIN_ID = 7401
settings = settings_with(ADMIN_ID)


async def the_round(bot: RembugApp, name: str = "Putaran 1") -> ConsultationRound:
    async with db(bot) as session:
        query = select(ConsultationRound).where(ConsultationRound.name == name)
        return (await session.execute(query)).scalar_one()


async def test_an_admin_moves_a_round_through_its_three_phases(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    fast_replies(emulator)
    admin, sari = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7402)
    await register(sari)
    await close_open_round(admin)
    seen = await sari.send("/putaran")
    assert "⚖️" in seen.text and "/prioritas" in seen.text
    assert sari.says("when this step ends") in seen.text

    await admin.send("/putaran")
    asked = await admin.press(admin.t("🗓 Results date of “{name}”", name="Putaran 1"))
    assert "15 Jan 2027 08.00" in texts(asked)
    before_closing = await admin.send("1 Jan 2020 08.00")
    assert admin.says("Please type a later date.") in before_closing.text
    dated = await admin.send("2 Feb 2099 09.00")
    when = "2 Feb 2099, 09:00 WIB"
    assert admin.says("Results: {when}", when=when) in texts(dated)
    assert (await the_round(bot)).results_at is not None
    assert when in (await sari.send("/putaran")).text

    await admin.press(admin.t("📊 Publish the results of “{name}”", name="Putaran 1"))
    published = await admin.tap("📊 Yes, publish them")
    assert "📊 Putaran 1" in texts(published)
    assert "/hasil" in (await sari.send("/putaran")).text
    async with db(bot) as session:
        actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert {"round.closed", "round.results_date", "round.results"} <= set(actions)


async def test_late_proposals_are_refused_or_kept_for_the_next_round(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    fast_replies(emulator)
    admin, sari = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7403)
    await register(sari)
    await close_open_round(admin)
    refused = await sari.send("/usul")
    assert "/prioritas" in refused.text and sari.step(1) not in refused.text

    await admin.send("/putaran")
    assert admin.says("⛔ Late proposals: refused") in admin.buttons()
    told = await admin.tap("⛔ Late proposals: refused")
    assert told.callback_answer is not None and "↪️" in (told.callback_answer.text or "")
    assert admin.says("↪️ Late proposals: to the next round") in admin.buttons()
    still_refused = await sari.send("/usul")  # no next round exists yet
    assert "/prioritas" in still_refused.text

    await admin.tap("➕ New round")
    for answer in ("Putaran 2", "1 Jan 2099 08.00", "31 Jan 2099 16.00", "Untuk 2099"):
        await admin.send(answer)
    started = await sari.send("/usul")
    assert sari.says(
        "ℹ️ The collection of this round has closed. What you send now is kept for the next "
        "round, <b>{name}</b>, which opens on {date}.",
        name="Putaran 2",
        date="1 Jan 2099, 08:00 WIB",
    ) in texts(started)
    assert sari.step(1) in texts(started)
    await propose(sari, command=False)
    sent = await sari.tap("✅ Send proposal")
    assert (
        sari.says(
            "🎉 <b>Thank you!</b> Your proposal <b>{reference}</b> is kept for the next round, "
            "<b>{name}</b>, which opens on {date}. You can follow it with /usulanku.",
            reference=sent.text.split("proposal ")[1].split(" ")[0],
            name="Putaran 2",
            date="1 Jan 2099, 08:00 WIB",
        )
        == sent.text
    )
    async with db(bot) as session:
        stored = (await session.execute(select(Proposal))).scalar_one()
    assert stored.round_id == (await the_round(bot, "Putaran 2")).id
    await sari.send("/usulanku")
    card = await sari.press(next(b for b in sari.buttons() if b.startswith(stored.reference)))
    assert sari.t("✏️ Edit") in card.edits[-1].button_texts()  # its collection is still ahead


@pytest.mark.parametrize("who", ["participant", "coordinator"])
async def test_only_admins_move_phases(emulator: BotApiEmulator, bot: RembugApp, who: str) -> None:
    fast_replies(emulator)
    admin, other = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7404)
    await register(other)
    if who == "coordinator":
        await appoint(admin, other, "Cikarang Utara")
    collecting = await the_round(bot)
    before = await snapshot(bot)
    for action in ("c", "C", "h", "H", "t", "x", "d", "D"):
        forged = await other.user.press_data(cb.encode(Kind.ROUND, action, collecting.id, "abc"))
        assert forged.callback_answer is not None
        assert forged.callback_answer.text == other.says("Sorry, only admins can do that.")
    assert await snapshot(bot) == before


async def test_phase_buttons_check_the_phase_as_they_run(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    """An old "publish" button of a round still collecting, or a results date for a round
    without a closing date: the list again, nothing moved."""
    fast_replies(emulator)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    collecting = await the_round(bot)
    await admin.send("/putaran")
    for action in ("h", "x", "t"):
        stale = await admin.user.press_data(cb.encode(Kind.ROUND, action, collecting.id))
        assert stale.callback_answer is not None
        assert stale.callback_answer.text == admin.says(
            "That round has changed meanwhile. Here is the current list."
        )
    found = await the_round(bot)
    assert found.results_at is None and found.closes_at is None and not found.late_to_next


async def test_phases_follow_their_dates(emulator: BotApiEmulator, bot: RembugApp) -> None:
    fast_replies(emulator)
    sari: Resident = resident(emulator, 7405)
    await register(sari)
    now = utc_now()
    async with db(bot) as session:
        found = (await session.execute(select(ConsultationRound))).scalar_one()
        found.closes_at, found.results_at = now - timedelta(hours=1), now + timedelta(hours=1)
    assert "⚖️" in (await sari.send("/putaran")).text
    async with db(bot) as session:
        found = (await session.execute(select(ConsultationRound))).scalar_one()
        found.results_at = now - timedelta(minutes=1)
    assert "/hasil" in (await sari.send("/putaran")).text
