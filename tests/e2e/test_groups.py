"""Group chats: a pointer to the private chat, and nothing collected there."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator

from .journey import my_data, resident

pytestmark = pytest.mark.usefixtures("fast_settle")


GROUP_INTRO = (
    "Hello! I am Rembug, the bot for the smart city consultation of Kabupaten Bekasi. "
    "To keep your answers private I only collect them in a private chat. "
    "Tap the button to start."
)


@pytest.mark.parametrize("command", ["/start", "/bantuan", "/start@rembug_bot"])
async def test_a_group_command_points_to_the_private_chat(
    emulator: BotApiEmulator, bot: RembugApp, command: str
) -> None:
    group = emulator.group(-5001, "Warga RW 05")
    r = resident(emulator, 5001)
    reply = await r.user.send(command, chat=group)
    assert reply.text == GROUP_INTRO
    (message,) = reply.messages
    assert message.chat_id == group.id
    (button,) = [b for row in message.buttons for b in row]
    assert button.text == "💬 Open a private chat"
    assert button.url is not None and button.url.startswith("https://t.me/rembug_bot")
    assert r.user.bot_messages() == []  # nothing in the private chat


async def test_nothing_is_collected_in_a_group(emulator: BotApiEmulator, bot: RembugApp) -> None:
    group = emulator.group(-5002, "Karang Taruna", chat_type="supergroup")
    r = resident(emulator, 5002)
    for text in ("Jalan di RW 05 rusak parah", "/usul", "/datasaya"):
        silent = await r.user.send(text, chat=group, expect_reply=False)
        assert silent.events == [], text
    await r.user.send_sticker(chat=group, expect_reply=False)

    # The same person in private is still a stranger: the privacy notice, nothing stored.
    greeted = await r.greeted("/start grup")
    assert "Do you agree?" in greeted.text
    assert await my_data(r) == "We store nothing about you. Send /start to take part."
