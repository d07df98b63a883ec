"""Buttons pressed in a group: refused with a short alert; nothing changes, nothing is posted.

The bot's only message in a group (the pointer to the private chat) has a URL button, which
Telegram opens without asking the bot; any callback query from a group is therefore forged
or from an old, forwarded message, and acting on it would post a profile, a proposal or an
identity export into the group, or record consent or an erasure for whoever tapped.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from emulator import BotApiEmulator
from emulator.models import Chat
from storage.models import Proposal

from .journey import Resident, register, resident, submit
from .settings_helpers import settings_with
from .staff import db, snapshot

ADMIN_ID = 7961
PRIVATE_ONLY = "Please use my buttons in a private chat with me."


settings = settings_with(ADMIN_ID)


pytestmark = pytest.mark.usefixtures("fast_settle")


def _forged(proposal_id: int) -> list[str]:
    return [
        "v1:m:profile",  # the profile card
        "v1:m:mine",  # the list of one's proposals
        f"v1:u:o:{proposal_id}",  # a proposal
        "v1:m:propose",  # a dialogue started in the group
        "v1:c:yes:id:-",  # consent for whoever taps
        "v1:d:yes",  # erasure, without the confirmation
        "v1:l:en",
        "v1:k:menu",
        "v1:k:lnk:32.16.05",  # the kecamatan's QR poster
        "v1:e:g:csv:0:-:100",  # an export with names
        "v1:e:a:csv:0:-:000",  # the audit log
        "v1:t:k:32.16.05",
        "v1:r:l",
        f"v1:o:v:{proposal_id}",
    ]


async def _proposal_id(bot: RembugApp) -> int:
    async with db(bot) as session:
        return int((await session.execute(select(Proposal.id))).scalar_one())


async def _refused_everywhere(r: Resident, group: Chat, message_id: int, data: str) -> None:
    before_group = len(group.messages)
    before_private = len(r.user.bot_messages())
    tap = await r.user.press_data(data, message_id=message_id, chat=group, expect_reply=True)
    answer = tap.callback_answer
    assert answer is not None, f"{data}: not answered"
    assert answer.text == r.says(PRIVATE_ONLY), f"{data}: {answer.text!r}"
    assert answer.show_alert
    assert not tap.messages and not tap.edits, f"{data}: {[m.text for m in tap.messages]}"
    assert len(group.messages) == before_group, f"{data} posted into the group"
    assert len(r.user.bot_messages()) == before_private, f"{data} answered in private"


async def test_buttons_in_a_group_are_refused_and_change_nothing(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await register(admin)
    await submit(admin)
    stranger = resident(emulator, 7962, first_name="Tamu")
    group = emulator.group(-7960, "Warga RW 05")

    intro = await admin.user.send("/start", chat=group)
    (message,) = intro.messages
    buttons = [b for row in message.buttons for b in row]
    assert buttons and all(b.url and b.callback_data is None for b in buttons)

    proposal_id = await _proposal_id(bot)
    before = await snapshot(bot, with_participants=True)
    for person in (admin, stranger):
        for data in _forged(proposal_id):
            await _refused_everywhere(person, group, message.message_id, data)
    assert await snapshot(bot, with_participants=True) == before

    # In private the same buttons still work.
    profile = await admin.user.press_data("v1:m:profile")
    assert "Sari" in profile.text
