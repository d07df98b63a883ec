"""Confirmation buttons work once, and only on the newest confirmation of their kind.

An old "Yes, erase" used to erase after the person had said "No"; the same held for every
confirm/cancel pair. Now a confirmation that was declined, used or followed by a newer one
answers that it has expired, and changes nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from emulator import BotApiEmulator, Message
from storage.models import Broadcast

from .broadcast_helpers import TARUMAJAYA, grant, seed
from .journey import Resident, register, resident, submit
from .settings_helpers import settings_with
from .staff import active_roles, appoint, db, deps_of, snapshot

ADMIN_ID = 7971
EXPIRED = "This confirmation has expired, so nothing was changed. Please start again."


settings = settings_with(ADMIN_ID)


pytestmark = pytest.mark.usefixtures("fast_settle")


def _data(message: Message, label: str) -> str:
    found = [b.callback_data for row in message.buttons for b in row if b.text == label]
    assert found and found[0] is not None, f"no {label!r} in {message.button_texts()}"
    return found[0]


def _newest_with(r: Resident, label: str) -> Message:
    return max(
        (m for m in r.user.bot_messages() if label in m.button_texts()),
        key=lambda m: m.message_id,
    )


async def _expired(r: Resident, bot: RembugApp, message: Message, data: str) -> None:
    """The tap is answered "expired", and nothing is shown, edited or stored."""
    before = await snapshot(bot, with_participants=True)
    shown = len(r.user.bot_messages())
    tap = await r.user.press_data(data, message_id=message.message_id, expect_reply=True)
    assert tap.callback_answer is not None and tap.callback_answer.text == r.says(EXPIRED), tap
    assert tap.callback_answer.show_alert
    assert not tap.messages and not tap.edits
    assert len(r.user.bot_messages()) == shown
    assert await snapshot(bot, with_participants=True) == before


async def test_erasure_is_confirmed_only_on_the_newest_screen_and_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 7972)
    await register(r)

    await r.send("/hapusdata")
    declined = _newest_with(r, "Yes, erase")
    yes = _data(declined, "Yes, erase")
    kept = await r.tap("No")
    assert kept.text == "Nothing was erased."
    await _expired(r, bot, declined, yes)  # the issue: "Yes" after "No" erased

    await r.send("/hapusdata")
    older = _newest_with(r, "Yes, erase")
    await r.send("/hapusdata")
    newer = _newest_with(r, "Yes, erase")
    await _expired(r, bot, older, _data(older, "Yes, erase"))  # superseded
    await _expired(r, bot, older, _data(older, "No"))
    yes = _data(newer, "Yes, erase")
    erased = await r.user.press_data(yes, message_id=newer.message_id)
    assert "Your personal data is erased" in erased.text
    await _expired(r, bot, newer, yes)  # a second tap


async def test_a_declined_withdrawal_cannot_be_confirmed_later(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 7973)
    await register(r)
    reference = await submit(r)
    await r.send("/usulanku")
    await r.press(next(b for b in r.buttons() if b.startswith(reference)))
    await r.tap("🗑 Withdraw")
    asked = _newest_with(r, "Yes, withdraw")
    yes = _data(asked, "Yes, withdraw")
    card = await r.tap("No, keep it")
    assert reference in card.text and r.t("🗑 Withdraw") in r.buttons()
    await _expired(r, bot, asked, yes)

    await r.tap("🗑 Withdraw")
    withdrawn = await r.tap("Yes, withdraw")
    assert "withdrawn" in withdrawn.text.lower(), withdrawn.text


async def test_round_confirmations_die_when_declined(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await admin.send("/putaran")
    await admin.press(next(b for b in admin.buttons() if b.startswith("⏹")))
    asked = _newest_with(admin, "⏹ Yes, close it now")
    yes = _data(asked, "⏹ Yes, close it now")
    back = await admin.tap("No, go back")
    assert "🟢 Putaran" in back.text
    await _expired(admin, bot, asked, yes)
    assert "🟢 Putaran" in (await admin.send("/putaran")).text


async def test_a_declined_removal_of_a_coordinator_cannot_be_confirmed_later(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    ayu = resident(emulator, 7974, first_name="Ayu")
    await appoint(admin, ayu, "Setu")
    await admin.send("/koordinator_list")
    await admin.press(admin.t("✖️ {kecamatan}: {name}", kecamatan="Setu", name="user 7974"))
    asked = _newest_with(admin, "Yes, remove")
    yes = _data(asked, "Yes, remove")
    await admin.tap("No")
    await _expired(admin, bot, asked, yes)
    assert len(await active_roles(bot, ayu.user.id)) == 1


async def test_a_status_menu_dies_on_back_and_when_a_newer_one_is_shown(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    sari = resident(emulator, 7975)
    await register(sari)
    reference = await submit(sari)
    accepted = admin.t("Accepted for discussion")

    await admin.send(f"/usulan {reference}")
    await admin.tap("🏷 Set status")
    backed = _newest_with(admin, accepted)
    choice = _data(backed, accepted)
    await admin.tap("⬅️ Back")
    await _expired(admin, bot, backed, choice)

    await admin.send(f"/usulan {reference}")
    await admin.tap("🏷 Set status")
    older = _newest_with(admin, accepted)
    choice = _data(older, accepted)
    await admin.send(f"/usulan {reference}")
    await admin.tap("🏷 Set status")
    await _expired(admin, bot, older, choice)
    done = await admin.tap(accepted)
    assert reference in done.text and accepted in done.text


async def test_an_older_broadcast_summary_cannot_send_what_was_changed_since(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    database = deps_of(bot).database
    await seed(database, emulator, range(7980, 7983))
    await grant(database, 7976, "coordinator", TARUMAJAYA)
    c = resident(emulator, 7976, first_name="Koordinator")
    await c.send("/siaran")
    await c.send("Kerja bakti Sabtu pagi")
    await c.tap("All registered participants")
    await c.tap("Yes, add the button")
    await c.tap("Send now")
    first = _newest_with(c, "📤 Send now")
    send, discard = _data(first, "📤 Send now"), _data(first, "🗑 Discard")
    await c.tap("✏️ Message")
    await c.send("Kerja bakti dibatalkan")
    await _expired(c, bot, first, send)
    await _expired(c, bot, first, discard)
    async with db(bot) as session:
        drafts = (await session.execute(select(Broadcast.status))).scalars().all()
    assert drafts == ["draft"]
    await c.tap("📤 Send now")  # the newest summary's button still sends
    async with db(bot) as session:
        sent = (await session.execute(select(Broadcast.status))).scalars().all()
    assert sent != ["draft"], sent
