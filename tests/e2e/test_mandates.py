"""/mandat: a coordinator confirms or declines that a representative speaks for their group,
in their own kecamatan only; the representative is told once per decision, in their language;
the mark shows in /rekap, /statistik and the exports."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.i18n import translator
from bot.participants.notices import Notices
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.models import AuditEntry

from .broadcast_helpers import eventually
from .journey import plain
from .mandate_helpers import (
    ADMIN,
    COORDINATOR,
    DEWI_GROUP,
    cast,
    owed_notices,
    participant,
    told,
)
from .staff import db, snapshot

pytestmark = pytest.mark.usefixtures("fast_settle")
__all__ = ["owed_notices"]  # the fixture, used by name

ID = translator("id")
CONFIRMED_NOTICE = plain(ID("🤝 Your kecamatan coordinator has confirmed that you speak for {group} ({count}). It is marked with your proposals. Thank you!", group=DEWI_GROUP, count=ID.n("{count} person", "{count} people", 40)))  # fmt: skip
DECLINED_START = plain(ID("Your kecamatan coordinator could not confirm that you speak for {group} ({count}). Your proposals still count. If this is a mistake, talk to your coordinator, or correct your group and number in /profil.", group=DEWI_GROUP, count=ID.n("{count} person", "{count} people", 40)))  # fmt: skip


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN})})


async def test_a_coordinator_confirms_and_the_representative_is_told_once(
    emulator: BotApiEmulator, bot: RembugApp, owed_notices: Notices
) -> None:
    c = await cast(emulator)
    coordinator = c.coordinator
    listing = await coordinator.send("/mandat")
    # Setu's representative, waiting; not Cibitung's, and not a resident who speaks for herself
    assert f"Dewi · {DEWI_GROUP} · 40 people · " in listing.text
    assert coordinator.says("⏳ waiting") in listing.text
    assert "Joko" not in listing.text and "Sari" not in listing.text
    card = await coordinator.press("Dewi")
    assert coordinator.says("People represented: {count}", count="40 people") in card.text

    confirmed = await coordinator.tap("✔ Confirm")
    assert coordinator.says("✅ Saved: mandate confirmed. We tell the representative.") in (
        confirmed.text
    )
    assert coordinator.says("✔ mandate confirmed") in confirmed.text
    await eventually(lambda: told(c.dewi, CONFIRMED_NOTICE) == 1, 10, "the mandate notice")

    # A double tap and a redelivered tap change nothing and owe nothing more.
    again = await coordinator.tap("✔ Confirm")
    assert again.callback_answer is not None
    assert again.callback_answer.text == coordinator.t(
        "That is already the decision: nothing changed."
    )
    redelivered = await emulator.redeliver(confirmed.update_id)
    assert redelivered.events == []

    # Changed later: declined, audited, told once more; notices go out in order, so the
    # declined one arriving means no second confirmed one is on its way.
    declined = await coordinator.tap("✖ Decline")
    assert coordinator.says("✖ mandate declined") in declined.text
    await eventually(lambda: told(c.dewi, DECLINED_START) == 1, 10, "the second notice")
    assert told(c.dewi, CONFIRMED_NOTICE) == 1
    dewi = await participant(bot, c.dewi.user.id)
    assert (dewi.mandate, dewi.mandate_by) == ("declined", COORDINATOR)
    async with db(bot) as session:
        query = select(AuditEntry.action).where(AuditEntry.action.like("mandate.%"))
        actions = list((await session.execute(query.order_by(AuditEntry.id))).scalars())
    assert actions == ["mandate.confirmed", "mandate.declined"]


async def test_a_coordinator_cannot_decide_for_another_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    c = await cast(emulator)
    joko = await participant(bot, c.joko.user.id)
    await c.coordinator.send("/mandat")
    before = await snapshot(bot, with_participants=True)
    for action in ("o", "c", "d"):
        forged = await c.coordinator.user.press_data(f"v1:g:{action}:{joko.id}")
        assert forged.callback_answer is not None
        assert forged.callback_answer.text == c.coordinator.t(
            "Only the coordinator of this representative's kecamatan or an admin can do this."
        )
    # A participant who is no coordinator is refused too, in their language.
    refused = await c.dewi.send("/mandat")
    assert refused.text == c.dewi.says(
        "Only the coordinator of this representative's kecamatan or an admin can do this."
    )
    assert await snapshot(bot, with_participants=True) == before

    # The admin acts for every kecamatan.
    listing = await c.admin.send("/mandat")
    assert "Joko" in listing.text and "Dewi" in listing.text
    await c.admin.press("Joko")
    await c.admin.tap("✔ Confirm")
    assert (await participant(bot, c.joko.user.id)).mandate == "confirmed"
