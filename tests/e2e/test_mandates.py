"""/mandat: a coordinator confirms or declines that a representative speaks for their group,
in their own kecamatan only; the representative is told once per decision, in their language;
the mark shows in /rekap, /statistik and the exports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.participants.notices import Notices
from bot.settings import Settings
from bot.staff.screens.mandates import not_allowed
from emulator import BotApiEmulator
from storage.models import AuditEntry

from .broadcast_helpers import eventually
from .journey import Profile, register, resident, submit, texts
from .mandate_helpers import (
    ADMIN,
    COORDINATOR,
    DEWI_GROUP,
    cast,
    owed_notices,
    told,
)
from .staff import db, participant, snapshot
from .test_export_bot import document_for
from .test_permissions import ADMIN as PERMISSION_ADMIN
from .test_permissions import (
    ADMIN_ID,
    ANYONE_STAFF,
    COORD_B,
    ONLY_A,
    Action,
    Cast,
    Prepare,
    assemble_cast,
    command,
    forged,
    run_matrix,
)

pytestmark = pytest.mark.usefixtures("fast_settle")
SETU_REP, CIBITUNG_REP = 7_520_101, 7_520_102
__all__ = ["owed_notices"]  # the fixture, used by name

# Dewi reads the bot in Indonesian: the notices come in Indonesian.
CONFIRMED_NOTICE = (
    f"Koordinator kecamatan telah mengonfirmasi bahwa Anda mewakili {DEWI_GROUP} (40 orang)."
)
DECLINED_START = f"Koordinator kecamatan belum dapat mengonfirmasi bahwa Anda mewakili {DEWI_GROUP}"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # ADMIN_ID: the admin of the permission matrix's cast
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN, ADMIN_ID})})


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

    # Nobody vouches for themselves: a coordinator who is also a representative waits.
    await register(c.coordinator, Profile(name="Hendra", role="PKK", group="PKK RW 01"))
    me = await participant(bot, COORDINATOR)
    await c.coordinator.send("/mandat")
    own = await c.coordinator.user.press_data(f"v1:g:c:{me.id}")
    assert own.callback_answer is not None
    assert own.callback_answer.text == c.coordinator.t(
        "Your own mandate is confirmed by another coordinator or an admin."
    )
    assert (await participant(bot, COORDINATOR)).mandate is None

    # The admin acts for every kecamatan.
    listing = await c.admin.send("/mandat")
    assert "Joko" in listing.text and "Dewi" in listing.text
    await c.admin.press("Joko")
    await c.admin.tap("✔ Confirm")
    assert (await participant(bot, c.joko.user.id)).mandate == "confirmed"


async def test_confirmed_representatives_are_marked_in_rekap_statistik_and_exports(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    c = await cast(emulator)
    reference = await submit(c.dewi)
    await c.coordinator.send("/mandat")
    await c.coordinator.press("Dewi")
    await c.coordinator.tap("✔ Confirm")

    rekap = await c.coordinator.send("/rekap")
    marks = c.coordinator.t.n("🤝 {count} representative", "🤝 {count} representatives", 1)
    marks += " · " + c.coordinator.t("✔ {count} confirmed ({people} people)", count=1, people=40)
    assert marks in texts(rekap)
    regency = await c.admin.send("/rekap")  # Joko in Cibitung waits: 2 representatives
    assert "🤝 2 representatives · ✔ 1 confirmed (40 people)" in regency.text

    stats = texts(await c.coordinator.send("/statistik", settle=1.0))
    assert (
        "1 representative speaks for a group; ✔ 1 confirmed by their coordinator, for 40 people."
        in stats
    )

    await c.admin.send("/ekspor")
    await c.admin.press("📤 Export")
    sent = (await document_for(c.admin)).document
    assert sent is not None
    keys, _, *rows = openpyxl.load_workbook(io.BytesIO(sent.data))["Usulan"].values
    row = next(dict(zip(keys, r, strict=True)) for r in rows if r[0] == reference)
    # People represented and the mandate are in a pseudonymous export too: they name nobody.
    assert (row["represents"], row["represents_unit"], row["mandate"]) == (
        40,
        "orang",
        "✔ dikonfirmasi",
    )
    assert "name" not in row and "Dewi" not in str(row)


# --- the permission matrix (tests/e2e/test_permissions.py) ---------------------------------


def representative_in(telegram_id: int) -> Prepare:
    async def the_id(cast: Cast) -> str:
        return str((await participant(cast.bot, telegram_id)).id)

    return the_id


ONLY_B = frozenset({COORD_B, PERMISSION_ADMIN})
MANDATE_ACTIONS = [
    Action("/mandat", command("/mandat"), ANYONE_STAFF),
    Action("open Setu's", forged("v1:g:o:{}"), ONLY_A, representative_in(SETU_REP)),
    Action("confirm Setu's", forged("v1:g:c:{}"), ONLY_A, representative_in(SETU_REP)),
    Action("decline Cibitung's", forged("v1:g:d:{}"), ONLY_B, representative_in(CIBITUNG_REP)),
    Action("page of the list", forged("v1:g:l:0"), ANYONE_STAFF),
]


async def test_the_permission_matrix_of_mandates(emulator: BotApiEmulator, bot: RembugApp) -> None:
    cast = await assemble_cast(emulator, bot)
    for telegram_id, kecamatan in ((SETU_REP, "Setu"), (CIBITUNG_REP, "Cibitung")):
        rep = resident(emulator, telegram_id, "id")
        await register(rep, Profile(name="Wakil", kecamatan=kecamatan, role="PKK", group="PKK"))
    failures = await run_matrix(cast, bot, MANDATE_ACTIONS, lambda t: [not_allowed(t)])
    assert not failures, "\n".join(failures)
