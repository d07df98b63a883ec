"""What people type is cleaned on the way in: a NUL (PostgreSQL refuses it) in any answer no
longer blocks the last step; a name of invisible characters, of no letter, or of two lines is
refused or put on one line, with a polite message. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from emulator import BotApiEmulator
from storage.models import Proposal

from .journey import (
    PROBLEM_PROMPT,
    REGISTRATION_STEPS,
    Idea,
    Resident,
    agree,
    assert_polite_and_unchanged,
    reference_in,
    register,
    resident,
    submit,
)
from .settings_helpers import settings_with
from .staff import appoint, db, participant

ADMIN = 6900
NOTHING_READABLE = (
    "There is nothing readable in that message (only spaces or invisible characters). "
    "Please type your answer again — nothing was saved."
)
NO_LETTER = "A name needs at least one letter. Please type it again — nothing was saved."
WITH_NULS = Idea(
    problem="Sampah\x00 menumpuk di pinggir kali\x00 dekat pasar setiap minggu.",
    causes="\x00Tidak ada tempat pembuangan sementara di desa kami.",
    solution="Sediakan depo sampah sementara di pasar.\x00\x00",
    beneficiaries="300 keluarga\x00 di RW 03",
    photos=0,
)


pytestmark = pytest.mark.usefixtures("fast_settle")


settings = settings_with(ADMIN)


async def register_as(r: Resident, name: str, role: str = "Resident", group: str = "") -> None:
    """Registration by hand, for a name the bot cleans (journey.register expects the recap to
    show the name as typed); then leave the proposal it runs on into, for the menu."""
    await agree(r)
    await r.send(name)
    await r.pick("Setu")
    await r.pick(r.buttons()[0])
    done = await r.tap(role)
    if role != "Resident":  # only a representative is asked group and headcount
        await (r.send(group) if group else r.tap("Skip ⏭"))
        done = await r.tap("Skip ⏭")
    await r.until(done, r.says(PROBLEM_PROMPT))
    await r.tap("✖️ Cancel")
    assert r.t("📝 Send a proposal") in r.buttons()


async def test_a_nul_in_every_free_text_answer_no_longer_blocks_anyone(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 6001)
    await register_as(
        r, "Sari\x00 Wulandari", role="Community representative", group="Karang\x00 Taruna Melati"
    )
    reference = await submit(r, WITH_NULS)
    assert reference.startswith("STU-"), reference
    async with db(bot) as session:
        proposal = (await session.execute(select(Proposal))).scalar_one()
    assert (proposal.problem, proposal.causes, proposal.solution, proposal.beneficiaries) == (
        "Sampah menumpuk di pinggir kali dekat pasar setiap minggu.",
        "Tidak ada tempat pembuangan sementara di desa kami.",
        "Sediakan depo sampah sementara di pasar.",
        "300 keluarga di RW 03",
    )
    person = await participant(bot, 6001)
    assert (person.display_name, person.group_name) == ("Sari Wulandari", "Karang Taruna Melati")
    mine = await r.send("/usulanku")
    assert reference in mine.text and "\x00" not in mine.text


async def test_a_name_of_invisible_characters_is_refused_politely(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 6002)
    await agree(r)
    for invisible in ("\u200b\u200b\u200b", "\u3164\u3164", "\x00\x01\x1b", " \u2060\ufeff "):
        refused = await r.send(invisible)
        assert_polite_and_unchanged(refused, NOTHING_READABLE)
    for no_letter in ("12345", "!!! ???", "🙂🙂"):
        refused = await r.send(no_letter)
        assert_polite_and_unchanged(refused, NO_LETTER)
    moved = await r.send("\u200bDewi\x1b[0m")
    assert r.step(2, REGISTRATION_STEPS) in moved.text
    await r.pick("Setu")
    await r.pick(r.buttons()[0])
    await r.until(await r.tap("Resident"), r.says(PROBLEM_PROMPT))
    assert (await participant(bot, 6002)).display_name == "Dewi[0m"


async def test_a_two_line_name_is_one_line_in_the_admins_coordinator_list(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    budi = resident(emulator, 6003, first_name="Budi")
    await register_as(budi, "Budi Santoso\nBabelan: Dewi\r\nSukatani: Joko")
    assert (await participant(bot, 6003)).display_name == (
        "Budi Santoso Babelan: Dewi Sukatani: Joko"
    )
    admin = Resident(emulator.user(ADMIN, "Admin", "en"), budi.t)
    await appoint(admin, budi, "Setu")
    listed = await admin.send("/koordinator_list")
    lines = listed.text.splitlines()
    assert [line for line in lines if "Budi" in line] == [
        next(line for line in lines if line.startswith("Setu: Budi Santoso Babelan: Dewi"))
    ]
    assert not any(line.startswith(("Babelan:", "Sukatani:")) for line in lines), lines


async def test_free_text_keeps_its_lines_and_loses_only_the_invisible(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 6004)
    await register(r)
    idea = Idea(
        problem="Jalan rusak\r\ndi depan pasar,\u200b\u202e berlubang\tdalam sekali.",
        causes="Truk 👨\u200d👩\u200d👧 lewat setiap hari; tidak ada perbaikan.",
        photos=0,
    )
    review = await submit_and_read(r, idea)
    async with db(bot) as session:
        proposal = (await session.execute(select(Proposal))).scalar_one()
    assert proposal.problem == "Jalan rusak\ndi depan pasar, berlubang dalam sekali."
    assert proposal.causes == "Truk 👨\u200d👩\u200d👧 lewat setiap hari; tidak ada perbaikan."
    assert "\u202e" not in review


async def submit_and_read(r: Resident, idea: Idea) -> str:
    reference = await submit(r, idea)
    shown = await r.send("/usulanku")
    assert reference_in(shown.text) == reference
    return shown.text


async def test_command_arguments_are_cleaned_too(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 6005)
    await register(r)
    reference = await submit(r, Idea(photos=0))
    admin = Resident(emulator.user(ADMIN, "Admin", "en"), r.t)
    hidden = await admin.send(f"/sembunyikan {reference} Duplikat\x00 dari\u200b usulan lain")
    assert f"{reference} is hidden" in hidden.text, hidden.text
    async with db(bot) as session:
        proposal = (await session.execute(select(Proposal))).scalar_one()
    assert proposal.hidden_reason == "Duplikat dari usulan lain"
    card = await admin.send(f"/usulan {reference}")
    assert "Duplikat dari usulan lain" in card.text, card.text
