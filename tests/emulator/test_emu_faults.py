"""Faults played on request for the bot's failure paths: a redirect loop, a revoked token."""

from __future__ import annotations

import aiohttp
import pytest
from telegram import Bot
from telegram.error import InvalidToken

from emulator import BotApiEmulator


async def test_a_redirect_loop_catches_only_the_planned_call(emu: BotApiEmulator) -> None:
    user = emu.user(1001, "Siti")
    emu.redirect_loop("sendMessage")
    url = f"{emu.url}/bot{emu.token}/sendMessage"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.TooManyRedirects):
            await session.post(url, json={"chat_id": user.id, "text": "Halo"}, max_redirects=5)
        answer = await session.post(url, json={"chat_id": user.id, "text": "Halo lagi"})
        assert (await answer.json())["ok"] is True
    assert [m.text for m in user.bot_messages()] == ["Halo lagi"]


async def test_a_revoked_token_is_refused_with_401(emu: BotApiEmulator) -> None:
    async with Bot(emu.token, base_url=f"{emu.url}/bot") as bot:
        assert (await bot.get_me()).username == "rembug_bot"
        emu.revoke_token()
        with pytest.raises(InvalidToken, match="Unauthorized"):
            await bot.get_me()
