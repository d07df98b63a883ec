"""Consultation rounds: admins create and close them; a closed round locks its proposals."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import callbacks as cb
from bot.app import RembugApp
from bot.callbacks import Kind
from emulator import BotApiEmulator
from storage.models import ConsultationRound, Dialogue, Proposal, Support

from .journey import Idea, Resident, propose, register, resident, submit, texts
from .settings_helpers import settings_with
from .staff import db

ADMIN_ID = 7301


settings = settings_with(ADMIN_ID)


async def close_open_round(admin: Resident) -> None:
    listing = await admin.send("/putaran")
    assert "🟢 Putaran" in listing.text
    close = next(b for b in admin.buttons() if b.startswith("⏹"))
    asked = await admin.press(close)
    assert admin.says("⏹ Yes, close it now") in asked.edits[-1].button_texts()
    closed = await admin.tap("⏹ Yes, close it now")
    shown = texts(closed)  # the listing, and the invitation's progress if the worker runs
    assert "⚖️ Putaran" in shown and "🟢 Putaran" not in shown


async def proposal_id(bot: RembugApp, reference: str) -> int:
    async with db(bot) as session:
        query = select(Proposal.id).where(Proposal.reference == reference)
        return int((await session.execute(query)).scalar_one())


async def closing_time(bot: RembugApp, reader: Resident) -> str:
    async with db(bot) as session:
        closes = await session.scalar(select(ConsultationRound.closes_at))
    assert closes is not None
    return reader.t.datetime(closes)


async def test_closing_a_round_locks_its_proposals(emulator: BotApiEmulator, bot: RembugApp):
    admin, sari = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7302)
    await register(sari)
    reference = await submit(sari)
    pid = await proposal_id(bot, reference)

    await close_open_round(admin)

    await sari.send("/usulanku")
    card = await sari.press(next(b for b in sari.buttons() if b.startswith(reference)))
    assert sari.t("✏️ Edit") not in card.edits[-1].button_texts()
    for action in ("e", "w", "W"):  # forged taps on buttons the card no longer has
        refused = await sari.user.press_data(cb.encode(Kind.MINE, action, pid))
        assert refused.callback_answer is not None
        assert refused.callback_answer.text == sari.says(
            "This proposal's round has closed, so it can no longer be changed."
        )
    async with db(bot) as session:
        stored = await session.get(Proposal, pid)
        assert stored is not None and stored.status == "submitted" and stored.withdrawn_at is None

    refused = await sari.send("/usul")
    assert refused.text == sari.says(
        "The collection of proposals for <b>{name}</b> closed on {date}, so new proposals "
        "can't be sent now. Residents are now choosing what matters most in their kecamatan: "
        "/prioritas.",
        name="Putaran 1",
        date=await closing_time(bot, sari),
    )


async def test_a_draft_sent_after_the_close_is_kept(emulator: BotApiEmulator, bot: RembugApp):
    admin, sari = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7303)
    await register(sari)
    await propose(sari)  # at the review, not sent yet
    await close_open_round(admin)

    sent = await sari.tap("✅ Send proposal")
    assert sari.says("Your draft is kept until the next round opens; /batal discards it.") in (
        sent.text
    )
    async with db(bot) as session:
        assert await session.scalar(select(func.count()).select_from(Proposal)) == 0
        assert await session.get(Dialogue, sari.user.id) is not None


async def test_a_support_chosen_after_the_close_is_not_counted(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    author, neighbour = resident(emulator, 7305), resident(emulator, 7306)
    await register(author)
    reference = await submit(author)
    await register(neighbour)
    await neighbour.send("/usul")
    await neighbour.send(Idea().problem)
    await neighbour.tap("✅ Yes, that's right")
    await neighbour.press(neighbour.t("👍 Support {reference}", reference=reference))
    await close_open_round(admin)

    refused = await neighbour.tap("Skip ⏭")
    assert (
        neighbour.says(
            "Sorry — this round has stopped collecting proposals, so your support for "
            "proposal <b>{reference}</b> can't be recorded any more.",
            reference=reference,
        )
        in refused.text
    )
    async with db(bot) as session:
        assert await session.scalar(select(func.count()).select_from(Support)) == 0


async def test_admin_creates_a_round_by_dialogue(emulator: BotApiEmulator, bot: RembugApp):
    admin, sari = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7304)
    await register(sari)
    await admin.send("/putaran")
    await admin.tap("➕ New round")
    overlapping = await admin.send("Putaran 2")
    assert admin.says("<i>Step {number} of {total}</i>", number=2, total=4) in overlapping.text
    unreadable = await admin.send("next week-ish")
    assert "1 Des 2026 08.00" in unreadable.text  # the example of what to type
    await admin.send("1 Jan 2099 08.00")
    backwards = await admin.send("31/12/2098")
    expected = "That is not after {moment}. Please type a later date."
    assert backwards.text == admin.says(expected, moment="1 Jan 2099, 08:00 WIB")
    await admin.send("31 Jan 2099 16.00")
    clash = await admin.tap("Skip ⏭")
    # The seeded round has no closing date: the new one would overlap it.
    assert "overlap" in clash.text or "tumpang" in clash.text

    await close_open_round(admin)
    await admin.tap("➕ New round")
    for answer in ("Putaran 2", "1 Jan 2099 08.00", "31 Jan 2099 16.00", "Untuk tahun 2099"):
        done = await admin.send(answer)
    assert admin.says(
        "✅ Round <b>{name}</b> is saved: open from {opens} until {closes}.",
        name="Putaran 2",
        opens="1 Jan 2099, 08:00 WIB",
        closes="31 Jan 2099, 16:00 WIB",
    ) in texts(done)
    assert "🕒" in done.text

    waiting = await sari.send("/usul")
    assert "Putaran 2" in waiting.text and "1 Jan 2099, 08:00 WIB" in waiting.text
