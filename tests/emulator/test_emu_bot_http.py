"""PTB's real Bot talking HTTP to the emulator."""

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter

from bot.transport.limiter import seconds
from emulator import BotApiEmulator, Limits


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    client = Bot(emu.token, base_url=f"{emu.url}/bot", base_file_url=f"{emu.url}/file/bot")
    async with client:
        yield client


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=t) for t in labels]])


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "rembug_bot"
    assert me.first_name == "Rembug"
    assert me.is_bot


async def test_send_and_edit_message(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1001, "Siti")
    sent = await bot.send_message(
        user.id,
        "<b>Halo</b> Siti &amp; warga",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard("Setuju"),
    )
    assert sent.text == "Halo Siti & warga"
    assert sent.entities[0].type == "bold"
    msg = user.last_bot_message()
    assert msg.html == "<b>Halo</b> Siti &amp; warga"
    assert msg.button_texts() == ["Setuju"]

    edited = await bot.edit_message_text(
        "Terima kasih", chat_id=user.id, message_id=sent.message_id
    )
    assert isinstance(edited, type(sent))
    assert msg.text == "Terima kasih" and msg.edit_count == 1 and msg.buttons == []

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Terima kasih", chat_id=user.id, message_id=sent.message_id)
    await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard("A"))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard("A"))
    with pytest.raises(BadRequest, match=r"(?i)Message to edit not found"):
        await bot.edit_message_text("x", chat_id=user.id, message_id=999)

    assert await bot.delete_message(user.id, sent.message_id)
    assert msg.deleted
    with pytest.raises(BadRequest, match=r"(?i)Message to delete not found"):
        await bot.delete_message(user.id, sent.message_id)
    assert emu.stats.calls["sendMessage"] == 1
    assert emu.stats.messages_sent[user.id] == 1


async def test_telegram_checks(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1002, "Budi")
    with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "foo" at byte offset 5'):
        await bot.send_message(user.id, "Halo <foo>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Message is too long"):
        await bot.send_message(user.id, "😀" * 2049)
    assert await bot.send_message(user.id, "😀" * 2048)
    with pytest.raises(BadRequest, match=r"(?i)Message text is empty"):
        await bot.send_message(user.id, "<b> </b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Button_data_invalid"):
        await bot.send_message(user.id, "x", reply_markup=keyboard("y" * 65))
    with pytest.raises(BadRequest, match=r"(?i)Chat not found"):
        await bot.send_message(424242, "x")
    user.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "x")
    user.unblock()
    assert await bot.send_message(user.id, "x")


async def test_rate_limit_429(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1003, "Ani")
    emu.limits = Limits(enabled=True, per_chat_per_second=1.0, per_chat_burst=2)
    await bot.send_message(user.id, "1")
    await bot.send_message(user.id, "2")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.id, "3")
    # Rembug opts in to timedelta periods (bot/__init__.py); either form means one second.
    assert seconds(caught.value.retry_after) == 1.0
    assert emu.stats.too_many_requests == 1


async def test_document_round_trip(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1004, "Dewi")
    sent = await bot.send_document(
        user.id,
        b"%PDF-1.4 hello",
        filename="laporan.pdf",
        caption="<i>Laporan</i>",
        parse_mode=ParseMode.HTML,
    )
    assert sent.document is not None and sent.document.file_name == "laporan.pdf"
    assert sent.caption == "Laporan"
    msg = user.last_bot_message()
    assert msg.document is not None
    assert msg.document.filename == "laporan.pdf"
    assert msg.document.data == b"%PDF-1.4 hello"
    assert msg.document.mime_type == "application/pdf"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 hello"
    again = await bot.send_document(user.id, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    await bot.edit_message_caption(user.id, sent.message_id, caption="Laporan akhir")
    assert msg.caption == "Laporan akhir" and msg.edit_count == 1
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_document(user.id, b"x", filename="a.txt", caption="c" * 1025)


async def test_photo_from_user_can_be_downloaded(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1005, "Eko")
    await user.send_photo(caption="jalan rusak", expect_reply=False, settle=0.01)
    updates = await bot.get_updates(timeout=0)
    photo = updates[-1].message.photo[-1] if updates[-1].message else None
    assert photo is not None and photo.width == 16
    data = await (await bot.get_file(photo.file_id)).download_as_bytearray()
    assert bytes(data).startswith(b"\xff\xd8") and bytes(data).endswith(b"\xff\xd9")
    sent = await bot.send_photo(user.id, photo.file_id, caption="ok")
    assert sent.photo and user.last_bot_message().photo == bytes(data)


async def test_long_polling_wakes_on_message_and_press(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1006, "Rina", username="rina")
    sent = await bot.send_message(user.id, "Pilih", reply_markup=keyboard("Setuju", "Tolak"))
    assert (await bot.get_updates(timeout=0)) == ()

    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    send_task = asyncio.create_task(user.send("/start kec_32_16_05", expect_reply=False))
    updates = await asyncio.wait_for(poll, 2)
    await send_task
    message = updates[0].message
    assert message is not None and message.text == "/start kec_32_16_05"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    assert message.from_user is not None and message.from_user.username == "rina"
    assert message.chat.type == "private" and message.chat.id == user.id

    press = asyncio.create_task(user.press("Tolak"))
    updates = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=5)
    query = updates[0].callback_query
    assert query is not None and query.data == "Tolak"
    assert query.message is not None and query.message.message_id == sent.message_id
    await bot.answer_callback_query(query.id, "Tercatat", show_alert=True)
    reaction = await press
    assert reaction.callback_answer is not None
    assert reaction.callback_answer.text == "Tercatat" and reaction.callback_answer.show_alert
    with pytest.raises(BadRequest, match=r"(?i)Query is too old"):
        await bot.answer_callback_query(query.id)


async def test_redeliver_passes_the_offset(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(1007, "Joko")
    await user.send("satu", expect_reply=False, settle=0.01)
    await user.send("dua", expect_reply=False, settle=0.01)
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["satu", "dua"]
    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == ()
    await emu.redeliver(first[0].update_id)
    again = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
    assert [u.update_id for u in again] == [first[0].update_id]
    assert again[0].message is not None and again[0].message.text == "satu"


async def test_commands_are_stored(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.set_my_commands([("start", "Mulai"), ("bantuan", "Bantuan")], language_code="id")
    assert emu.commands("id") == [("start", "Mulai"), ("bantuan", "Bantuan")]
    assert emu.commands() == []
    got = await bot.get_my_commands(language_code="id")
    assert [c.command for c in got] == ["start", "bantuan"]
    with pytest.raises(BadRequest, match=r"(?i)Bot_command_invalid"):
        await bot.set_my_commands([("Start!", "x")])
    assert await bot.delete_my_commands(language_code="id")
    assert emu.commands("id") == []


async def test_wrong_token_and_unknown_method(emu: BotApiEmulator) -> None:
    bad = Bot("123:short", base_url=f"{emu.url}/bot")
    with pytest.raises(InvalidToken):
        await bad.get_me()
    async with aiohttp.ClientSession() as session:
        response = await session.post(f"{emu.url}/bot{emu.token}/noSuchMethod", json={})
        assert response.status == 404
        assert await response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
