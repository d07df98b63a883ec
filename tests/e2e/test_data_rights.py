"""/datasaya and /hapusdata: a copy of one's data, and erasing it (UU 27/2022)."""

from __future__ import annotations

import json

import pytest

from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator

from .journey import Export, Profile, my_data, plain, register, resident, submit
from .privacy_helpers import (
    ADMIN,
    BROADCAST,
    COORDINATOR,
    PERSON,
    REASON,
    a_full_life,
    leaves,
    rows_about,
)
from .staff import deps_of

pytestmark = pytest.mark.usefixtures("fast_settle")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"broadcast_rate": 200.0, "admin_ids": frozenset({ADMIN})})


NOTHING_STORED = "We store nothing about you. Send /start to take part."


async def test_my_data_then_erase_with_confirmation(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 4001)
    await register(r, Profile(name="Dewi Lestari", kecamatan="Setu", role="PKK", group="PKK RW 05"))
    reference = await submit(r)
    assert reference.startswith("STU-")

    exported = await my_data(r)
    assert isinstance(exported, Export)
    assert exported.caption.startswith("Here is everything Rembug stores about you:")
    assert "\n• 1 proposal\n" in exported.caption, exported.caption
    assert exported.data["name"] == "Dewi Lestari"
    assert exported.data["group"] == "PKK RW 05"
    assert exported.data["kecamatan"]["name"] == "Setu"
    assert [p["reference"] for p in exported.data["proposals"]] == [reference]

    asked = await r.send("/hapusdata")
    assert asked.text.startswith("Erase your personal data?")
    assert r.buttons() == ["Yes, erase", "No"]
    kept = await r.tap("No")
    assert kept.text == "Nothing was erased."
    assert not r.buttons() or "Yes, erase" not in r.buttons()
    still = await my_data(r)
    assert isinstance(still, Export) and still.data["name"] == "Dewi Lestari"

    await r.send("/hapusdata")
    erased = await r.tap("Yes, erase")
    assert erased.text.startswith("Your personal data is erased:")

    assert await my_data(r) == NOTHING_STORED
    nothing = await r.greeted("/usulanku")
    assert "Do you agree?" in nothing.text  # not a participant any more
    again = await r.greeted()
    assert again.messages[0].text is not None
    assert again.messages[0].text.startswith("👋 Welcome to Rembug!")
    assert "Do you agree?" in again.text

    # Joining again starts from nothing; the earlier proposal stays, anonymously:
    # the next one from the same kecamatan gets the next number.
    await register(r, Profile(name="Dewi", kecamatan="Setu"))
    fresh = await my_data(r)
    assert isinstance(fresh, Export)
    assert fresh.data["name"] == "Dewi"
    assert fresh.data["group"] is None
    assert fresh.data["proposals"] == []
    listing = await r.send("/usulanku")
    assert listing.text == "You have not sent a proposal yet."
    second = await submit(r)
    assert int(second.split("-")[1]) == int(reference.split("-")[1]) + 1


async def test_erase_when_nothing_is_stored(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 4002)
    assert (await r.send("/hapusdata")).text == NOTHING_STORED
    assert await my_data(r) == NOTHING_STORED


async def test_erasing_mid_dialogue_ends_it(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 4003)
    await register(r)
    await r.send("/usul")
    await r.send("Anak muda di RW kami tidak punya tempat berkumpul di malam hari.")
    await r.send("/hapusdata")
    await r.tap("Yes, erase")
    late = await r.greeted("Our youth have nowhere to meet in the evenings.")
    assert "Do you agree?" in late.text


# Keys, and what belongs to someone else (the admin who changed a status): not the person's.
NOT_THEIRS = {
    "id",
    "participant_id",
    "proposal_id",
    "broadcast_id",
    "merged_into_id",
    "actor_participant_id",
    "changed_by",
    "question_message_id",
    "revision",
    "mode",
    "preset",
    "attempts",
}


async def test_my_data_is_everything_the_database_holds_about_me(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    cast = await a_full_life(emulator, bot)
    exported = await my_data(cast.person)
    assert isinstance(exported, Export)
    in_file = set(leaves(exported.data))

    about = await rows_about(deps_of(bot).database, PERSON)
    tables = {name for name, _ in about}
    assert {"participants", "proposals", "proposal_status_changes", "dialogues"} <= tables
    assert {"deliveries", "broadcasts", "audit_log"} <= tables
    missing = [
        f"{name}.{column} = {value!r}"
        for name, row in about
        for column, value in row.items()
        if column not in NOT_THEIRS and column != "details"
        for leaf in leaves(value)
        if leaf not in in_file
    ]
    missing += [
        f"audit_log.details = {row['details']!r}"
        for name, row in about
        if name == "audit_log"
        for key, value in _details(row["details"]).items()
        if key != "by"
        for leaf in leaves(value)
        if leaf not in in_file
    ]
    assert missing == [], missing

    text = json.dumps(exported.data, ensure_ascii=False)
    assert str(ADMIN) not in text and str(COORDINATOR) not in text  # nobody else's id
    assert REASON in text and BROADCAST in text
    caption = exported.caption
    for shown in ("1 proposal (1 status change)", "answers you have not sent yet", "1 photo"):
        assert shown in caption, caption
    assert "2 broadcasts received; you receive them" in caption and len(plain(caption)) <= 600


def _details(value: object) -> dict[str, object]:
    return json.loads(value) if isinstance(value, str) else dict(value or {})  # type: ignore[call-overload]
