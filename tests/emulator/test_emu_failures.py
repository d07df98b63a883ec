"""Failures of the Bot API played on request: what PTB's real Bot gets from the emulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.transport.http import AiohttpRequest
from bot.transport.limiter import seconds
from emulator import BotApiEmulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    request = AiohttpRequest(read_timeout=0.5)
    client = Bot(emu.token, base_url=f"{emu.url}/bot", request=request)
    async with client:
        yield client


async def test_a_planned_500_or_502_fails_that_call_only_and_sends_nothing(
    emu: BotApiEmulator, bot: Bot
) -> None:
    user = emu.user(1001, "Siti")
    emu.fail("sendMessage", 500)
    emu.fail("sendMessage", 502)
    with pytest.raises(NetworkError, match="Internal Server Error") as first:
        await bot.send_message(user.id, "one")
    with pytest.raises(NetworkError, match="Bad Gateway") as second:
        await bot.send_message(user.id, "two")
    assert not isinstance(first.value, BadRequest) and not isinstance(second.value, BadRequest)
    assert user.bot_messages() == []
    assert emu.stats.errors[500] == 1 and emu.stats.errors[502] == 1

    await bot.send_message(user.id, "three")
    assert [m.text for m in user.bot_messages()] == ["three"]
    assert emu.failures_pending("sendMessage") == 0


async def test_a_hang_outlasts_the_client_yet_the_message_arrives(
    emu: BotApiEmulator, bot: Bot
) -> None:
    user = emu.user(1002, "Siti")
    emu.hang("sendMessage", 1.0)
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "late")
    assert time.monotonic() - started < 0.9
    assert user.bot_messages() == [] and emu.failures_pending("sendMessage") == 1

    await asyncio.sleep(1.0 - (time.monotonic() - started) + 0.2)
    assert emu.failures_pending("sendMessage") == 0
    assert [m.text for m in user.bot_messages()] == ["late"]


async def test_a_flood_answers_429_with_retry_after_until_recovered(
    emu: BotApiEmulator, bot: Bot
) -> None:
    user = emu.user(1003, "Siti")
    emu.flood("editMessageText", 5, retry_after=3)
    sent = await bot.send_message(user.id, "original")
    with pytest.raises(RetryAfter) as refused:
        await bot.edit_message_text("edited", user.id, sent.message_id)
    assert seconds(refused.value.retry_after) == 3
    assert emu.stats.too_many_requests == 1 and emu.failures_pending("editMessageText") == 4

    emu.recover()
    await bot.edit_message_text("edited", user.id, sent.message_id)
    assert user.bot_messages()[0].text == "edited"
