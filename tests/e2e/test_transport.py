"""The bot's HTTP transport (aiohttp, JSON bodies) against the emulator and broken servers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.transport.http import AiohttpRequest, _proxy_for_host
from emulator import BotApiEmulator

Handler = Callable[[web.Request], Awaitable[web.Response]]


def bot_for(api_url: str, token: str, read_timeout: float = 5.0) -> Bot:
    return Bot(
        token,
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        request=AiohttpRequest(read_timeout=read_timeout),
        get_updates_request=AiohttpRequest(connections=1),
    )


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with bot_for(emulator.url, emulator.token) as client:
        yield client


async def test_a_message_with_html_and_buttons_arrives_as_sent(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.user(7001, "Siti")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Setuju ✅", callback_data="v1:x")]])
    sent = await bot.send_message(
        user.id, "<b>Halo</b> Siti &amp; warga 🌾", parse_mode=ParseMode.HTML, reply_markup=markup
    )
    shown = user.last_bot_message()
    assert (sent.message_id, shown.text) == (shown.message_id, "Halo Siti & warga 🌾")
    assert shown.button_texts() == ["Setuju ✅"]


async def test_telegram_errors_keep_their_meaning(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(7002, "Budi")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(user.id, "<b>unclosed", parse_mode=ParseMode.HTML)
    assert user.bot_messages() == []


async def test_a_file_goes_up_and_comes_back_byte_for_byte(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.user(7003, "Dewi")
    content = bytes(range(256)) * 40
    sent = await bot.send_document(
        user.id,
        content,
        filename="usulan.xlsx",
        caption="<i>Ekspor</i> Putaran 1",
        parse_mode=ParseMode.HTML,
    )
    assert sent.document is not None and sent.document.file_name == "usulan.xlsx"
    assert sent.caption == "Ekspor Putaran 1"
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content


@asynccontextmanager
async def local_server(handler: Handler) -> AsyncIterator[int]:
    """A web server on 127.0.0.1 answering every path with `handler`; yields its port."""
    app = web.Application()
    app.router.add_route("*", "/{path:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


@asynccontextmanager
async def transport(read_timeout: float = 5.0) -> AsyncIterator[AiohttpRequest]:
    request = AiohttpRequest(read_timeout=read_timeout)
    await request.initialize()
    try:
        yield request
    finally:
        await request.shutdown()


async def test_a_server_that_does_not_answer_times_out() -> None:
    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response({"ok": True, "result": True})

    async with local_server(silent) as port, transport(read_timeout=0.3) as request:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")


async def test_nobody_listening_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with transport() as request:
        with pytest.raises(NetworkError) as raised:
            await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")
    assert not isinstance(raised.value, TimedOut)


async def test_a_proxy_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP(S)_PROXY is honoured, as by python-telegram-bot's default transport."""
    seen: list[str] = []

    async def proxy(request: web.Request) -> web.Response:
        seen.append(f"{request.host}{request.path}")
        return web.json_response({"ok": True, "result": True})

    async with local_server(proxy) as port:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        _proxy_for_host.cache_clear()
        try:
            async with transport() as request:
                assert await request.post("http://api.telegram.invalid/bot1:x/close") is True
        finally:
            _proxy_for_host.cache_clear()
    assert seen == ["api.telegram.invalid/bot1:x/close"]
