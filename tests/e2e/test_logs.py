"""The whole log at DEBUG, libraries included, while people register, propose, receive a
broadcast (one of them blocked the bot) and the Bot API fails: no token, no Telegram id, no
name, no text in it. And the transport's errors never carry the token."""

from __future__ import annotations

import asyncio
import io
import logging
import traceback
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import pytest
from telegram import Bot
from telegram.error import NetworkError

from bot.app import RembugApp
from bot.logs import QUIET, configure
from bot.settings import Settings
from bot.transport.http import AiohttpRequest
from emulator import BotApiEmulator
from tests.running import running_bot

from .broadcast_helpers import eventually, send_to_everyone_now
from .journey import Idea, Profile, Resident, fast_replies, register, resident, submit
from .settings_helpers import settings_with

SARI, BAMBANG, ADMIN = 424242001, 424242003, 424242009
SARI_NAME, SARI_GROUP = "Zulaikha Pramesti", "Karang Taruna Melati"
BAMBANG_NAME, ADMIN_NAME = "Bambang Sulistyo", "Ratna Kusumawati"
NEWS = "Rembug warga Sabtu di balai desa Muktijaya"
IDEA = Idea(
    problem="Jalan Kampung Cibening berlubang dan banjir setiap hujan deras.",
    causes="Saluran air di Kampung Cibening tersumbat sampah sejak lama.",
    solution="Normalisasi saluran Kampung Cibening dan pengaspalan ulang jalan.",
    beneficiaries="Warga RW 07 Cibening",
    photos=0,
)
LIBRARIES = ("aiohttp", "telegram", "sqlalchemy", "httpx", "httpcore", "asyncpg", "aiosqlite")


@contextmanager
def debug_log(token: str) -> Iterator[io.StringIO]:
    """Logging as `rembug run` sets it up with LOG_LEVEL=DEBUG, into a buffer; then every
    library logger opened to DEBUG as well, as a careless change could."""
    root = logging.getLogger()
    names = {*LIBRARIES, *QUIET}
    before = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in names})
    stream = io.StringIO()
    configure("DEBUG", "text", secrets=(token,), stream=stream)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.handlers[:] = before[0]
        root.setLevel(before[1])
        for name, level in before[2].items():
            logging.getLogger(name).setLevel(level)


settings = settings_with(ADMIN, broadcast_rate=200.0)


@pytest.fixture
async def logged_bot(settings: Settings) -> AsyncIterator[tuple[RembugApp, io.StringIO]]:
    """The real bot, polling the emulator, its whole life written to the debug log."""
    with debug_log(settings.token()) as log:
        async with running_bot(settings) as application:
            yield application, log


async def broadcast(admin: Resident, text: str) -> None:
    """/siaran to all registered participants of Setu, sent now; waits for the report."""
    await admin.send("/siaran")
    await admin.pick("Setu")
    await admin.send(text)
    await send_to_everyone_now(admin)
    await eventually(lambda: "finished" in (admin.last().text or ""), 15, "the final report")


async def test_a_debug_log_of_real_journeys_holds_no_token_id_or_name(
    emulator: BotApiEmulator, logged_bot: tuple[RembugApp, io.StringIO]
) -> None:
    _, log = logged_bot
    fast_replies(emulator)
    sari = resident(emulator, SARI, first_name="Zulaikha")
    bambang = resident(emulator, BAMBANG, first_name="Bambang")
    admin = resident(emulator, ADMIN, first_name="Ratna")
    await register(sari, Profile(name=SARI_NAME, group=SARI_GROUP))
    await submit(sari, IDEA)
    await register(bambang, Profile(name=BAMBANG_NAME))
    bambang.user.block()
    await broadcast(admin, NEWS)
    assert any(NEWS in (m.text or "") for m in sari.user.bot_messages())
    await bambang.user.send("/bantuan", expect_reply=False)  # the reply meets 403 Forbidden

    emulator.redirect_loop("sendMessage")  # a proxy in a loop: the reply fails …
    again = await sari.user.send("/bantuan")
    assert "Rembug" in again.text  # … and goes out on the next attempt
    emulator.redirect_loop("getUpdates")  # and so does one poll
    await asyncio.sleep(1.5)
    assert "Rembug" in (await sari.user.send("/bantuan")).text  # polling goes on

    text = log.getvalue()
    assert "TooManyRedirects" in text, "the redirect loop is logged, without the token"
    secret = emulator.token.split(":", 1)[1]
    private = [
        emulator.token,
        secret,
        *(str(i) for i in (SARI, BAMBANG, ADMIN)),
        *SARI_NAME.split(),
        *BAMBANG_NAME.split(),
        *ADMIN_NAME.split(),
        SARI_GROUP,
        "Cibening",
        "Muktijaya",
    ]
    leaked = [p for p in private if p in text]
    assert not leaked, f"{leaked} in the log:\n{_lines_with(text, leaked)}"


async def test_transport_errors_never_carry_the_token(emulator: BotApiEmulator) -> None:
    user = emulator.user(7301, "Siti")
    bot = Bot(
        emulator.token,
        base_url=f"{emulator.url}/bot",
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connections=1),
    )
    async with bot:
        emulator.redirect_loop("sendMessage")
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(user.id, "Halo")
    told = "".join(traceback.format_exception(raised.value))
    assert "TooManyRedirects" in told and "/bot<token>/sendMessage" in told
    assert emulator.token.split(":", 1)[1] not in told


def _lines_with(text: str, words: list[str]) -> str:
    return "\n".join(line for line in text.splitlines() if any(w in line for w in words))[:4000]
