"""/hapusdata erases every copy (UU 27/2022): after it, no column of any table holds the
person's Telegram id or name; proposals stay, coarsened and tied to nobody."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.models import Broadcast, Participant, Proposal

from .journey import Export, my_data, resident
from .privacy_helpers import (
    ADMIN,
    COORDINATOR,
    COORDINATOR_NAME,
    GROUP,
    NAME,
    PERSON,
    REASON,
    a_full_life,
    every_row,
    found_anywhere,
)
from .staff import appoint, deps_of

pytestmark = pytest.mark.usefixtures("fast_settle")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"broadcast_rate": 200.0, "admin_ids": frozenset({ADMIN})})


async def test_no_copy_of_the_id_or_the_name_remains(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    cast = await a_full_life(emulator, bot)
    database = deps_of(bot).database
    before = found_anywhere(await every_row(database), PERSON, NAME, GROUP)
    # The journey did reach the places erasure has to clean (else this test proves nothing).
    for place in ("participants.", "deliveries.chat_id", "dialogues.owner_id"):
        assert any(hit.startswith(place) for hit in before), (place, before)
    async with database.transaction() as session:
        pseudonym_before = await session.scalar(
            select(Participant.pseudonym).where(Participant.telegram_user_id == PERSON)
        )

    asked = await cast.person.send("/hapusdata")
    assert (
        "places (map points and typed addresses) and photos" in asked.text
        and "new code" in asked.text
    )
    erased = await cast.person.tap("Yes, erase")
    assert erased.text.startswith("Your personal data is erased:")
    assert "Your 1 proposal stays as an anonymous contribution" in erased.text

    assert found_anywhere(await every_row(database), PERSON, NAME, GROUP) == []
    async with database.transaction() as session:
        proposal = await session.scalar(
            select(Proposal).where(Proposal.reference == cast.reference)
        )
        assert proposal is not None, "the proposal stays"
        assert (proposal.latitude, proposal.longitude, proposal.photos) == (None, None, [])
        assert proposal.desa_code and proposal.problem and proposal.status_reason == REASON
        author = await session.get(Participant, proposal.participant_id)
        assert author is not None and author.erased_at is not None
        assert author.pseudonym != pseudonym_before  # an earlier identity export leads nowhere
    # Other people's records are not touched: the admin's and the coordinator's ids stay.
    after = await every_row(database)
    assert found_anywhere(after, ADMIN) and found_anywhere(after, COORDINATOR, COORDINATOR_NAME)
    assert await my_data(cast.person) == "We store nothing about you. Send /start to take part."


async def test_a_coordinator_who_erases_is_signed_off_everywhere(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    cast = await a_full_life(emulator, bot)
    database = deps_of(bot).database
    before = found_anywhere(await every_row(database), COORDINATOR)
    for place in ("staff_roles.", "invitations.used_by", "broadcasts.author", "audit_log.details"):
        assert any(hit.startswith(place) for hit in before), (place, before)

    await cast.coordinator.send("/hapusdata")
    erased = await cast.coordinator.tap("Yes, erase")
    assert "Your coordinator role has ended with it." in erased.text

    assert found_anywhere(await every_row(database), COORDINATOR, COORDINATOR_NAME) == []
    async with database.transaction() as session:
        kinds = sorted(b.kind for b in await session.scalars(select(Broadcast)))
    assert kinds == ["broadcast", "reminder"]  # what they sent stays, unsigned
    menu = await cast.coordinator.send("/koordinator")
    assert menu.text == cast.coordinator.says(
        "This is for kecamatan coordinators. If you should be one, ask an admin for an "
        "invitation link."
    ), menu.text
    assert found_anywhere(await every_row(database), PERSON, NAME)  # the participant is kept


async def test_a_coordinator_who_never_took_part_sees_and_erases_their_data(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN, first_name="Admin")
    coordinator = resident(emulator, COORDINATOR, first_name="Hendra")
    await appoint(admin, coordinator, "Setu")

    exported = await my_data(coordinator)
    assert isinstance(exported, Export), exported
    assert exported.data["telegram_user_id"] == COORDINATOR and "name" not in exported.data
    assert [r["role"] for r in exported.data["staff"]["roles"]] == ["coordinator"]
    assert "1 staff role (coordinator or admin)" in exported.caption

    await coordinator.send("/hapusdata")
    erased = await coordinator.tap("Yes, erase")
    assert "Your coordinator role has ended with it." in erased.text
    assert found_anywhere(await every_row(deps_of(bot).database), COORDINATOR) == []
    assert await my_data(coordinator) == "We store nothing about you. Send /start to take part."
