"""getFile and the file download keep Telegram's rules: 20 MB at most for a bot, the file path
only under a valid token, an unknown file id refused."""

from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Bot
from telegram.error import BadRequest

from emulator import BotApiEmulator
from emulator.methods_files import MAX_DOWNLOAD


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    client = Bot(emu.token, base_url=f"{emu.url}/bot", base_file_url=f"{emu.url}/file/bot")
    async with client:
        yield client


def stored(emu: BotApiEmulator, size: int) -> str:
    return emu.state.store_file(b"\xff" * size, "photos", "jpg", None, "image/jpeg").file_id


async def test_a_file_up_to_20_mb_is_handed_out_and_a_bigger_one_is_not(
    emu: BotApiEmulator, bot: Bot
) -> None:
    largest = await bot.get_file(stored(emu, MAX_DOWNLOAD))
    assert largest.file_size == MAX_DOWNLOAD
    assert len(await largest.download_as_bytearray()) == MAX_DOWNLOAD
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(stored(emu, MAX_DOWNLOAD + 1))
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("file-that-never-was")


async def test_the_download_needs_a_valid_token_and_a_known_path(emu: BotApiEmulator) -> None:
    file_path = emu.state.files[stored(emu, 10)].file_path
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{emu.url}/file/bot{emu.token}/{file_path}") as found:
            assert found.status == 200 and await found.read() == b"\xff" * 10
        async with http.get(f"{emu.url}/file/bot{emu.token}/photos/none.jpg") as missing:
            assert missing.status == 404
        emu.revoke_token()
        async with http.get(f"{emu.url}/file/bot{emu.token}/{file_path}") as revoked:
            assert revoked.status == 401
