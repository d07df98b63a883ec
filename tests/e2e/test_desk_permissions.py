"""Who may use the OPD desk: only staff of the proposal's own perangkat daerah, checked as
each tap runs. Another OPD's member is refused even with forged button data; a participant, a
coordinator and an admin have no desk; a revoked member is refused at once, mid-answer too.
Every refusal is polite, in the person's language, and changes nothing."""

from __future__ import annotations

import pytest

from bot import roles
from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator

from .desk_helpers import (
    ADMIN,
    DISHUB,
    DLH,
    OPD_A,
    OPD_B,
    agency_of,
    at_the_card,
    notices_owed,
    opd_member,
    open_card,
    seed_desk,
    stored_responses,
)
from .export_seed import SETU, T0
from .journey import Resident, resident
from .staff import active_roles, db

pytestmark = pytest.mark.usefixtures("fast_settle")
NOT_OPD = "Sorry, the desk is only for staff of a perangkat daerah."
NOT_ON_DESK = "Sorry, this proposal is not on your desk (it may have been passed to another one)."


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN})})


async def refused(person: Resident, data: str, expected: str) -> None:
    tapped = await person.user.press_data(data)
    answer = tapped.callback_answer
    assert answer is not None and answer.text == person.says(expected), (data, answer)
    assert not tapped.messages and not tapped.edits, data


async def test_another_opd_cannot_open_or_answer_even_forged(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    seeded = await seed_desk(emulator, bot)
    new = seeded.ids["new"]
    budi = await opd_member(emulator, bot, OPD_B, DISHUB, "Budi")
    listed = (await budi.send("/meja")).text
    assert "SET-0004" in listed and "SET-0002" not in listed and "CBT-0003" not in listed
    for data in (
        f"v1:j:v:{new}",
        f"v1:j:b:{new}",
        f"v1:j:a:{new}:quick_win",
        f"v1:j:o:{new}:0",
        f"v1:j:O:{new}:{DISHUB}",
        f"v1:j:Y:{new}:deadbeef",
        f"v1:j:N:{new}:deadbeef",
        "v1:j:v:2147483647",  # no such proposal
    ):
        await refused(budi, data, NOT_ON_DESK)
    assert await stored_responses(bot, new) == []
    assert await agency_of(bot, new) == DLH
    assert await notices_owed(bot) == []


async def test_participants_coordinators_and_admins_have_no_desk(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    seeded = await seed_desk(emulator, bot)
    new = seeded.ids["new"]
    coordinator = resident(emulator, 7_400_005, first_name="Citra")
    async with db(bot) as session:
        await roles.grant_coordinator(session, 7_400_005, SETU, ADMIN, T0)
    admin = resident(emulator, ADMIN, first_name="Admin")
    for person in (seeded.author, coordinator, admin):  # the author speaks Indonesian
        answered = await person.send("/meja")
        assert answered.text == person.says(NOT_OPD)
        assert not answered.messages[-1].buttons
        await refused(person, f"v1:j:v:{new}", NOT_OPD)
        await refused(person, f"v1:j:a:{new}:quick_win", NOT_OPD)
        await refused(person, "v1:j:l:0:-:-", NOT_OPD)
    assert await stored_responses(bot, new) == []


async def revoke(bot: RembugApp, telegram_id: int) -> None:
    (role,) = await active_roles(bot, telegram_id)
    async with db(bot) as session:
        await roles.revoke_role(session, role.id, ADMIN, T0)


async def test_a_revoked_member_is_refused_at_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    seeded, rina = await at_the_card(emulator, bot)
    new = seeded.ids["new"]
    await rina.tap("⚡ " + rina.t("Could be a quick win"))
    await rina.until(await rina.tap("Skip ⏭"), rina.t("✅ Save"))

    await revoke(bot, OPD_A)  # between the draft and its confirmation
    save = await rina.tap("✅ Save")
    assert save.callback_answer is not None and save.callback_answer.text == rina.says(NOT_OPD)
    assert (await rina.send("/meja")).text == rina.says(NOT_OPD)
    await refused(rina, f"v1:j:v:{new}", NOT_OPD)

    # Granted again, then revoked while typing: the finished dialogue saves nothing.
    await opd_member(emulator, bot, OPD_A, DLH)
    await open_card(rina, "SET-0002")
    await rina.tap("📅 " + rina.t("For next year's programme"))
    await revoke(bot, OPD_A)
    typed = await rina.send("Masuk rencana kerja tahun depan.")
    assert rina.says(NOT_OPD) in typed.text
    assert rina.t("✅ Save") not in rina.buttons()
    assert await stored_responses(bot, new) == []
    assert await notices_owed(bot) == []
