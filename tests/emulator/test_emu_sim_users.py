"""Simulated users against a real PTB Application polling the emulator."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from emulator import BotApiEmulator, NoReply

Ctx = ContextTypes.DEFAULT_TYPE
COUNTS: dict[int, int] = {}


async def start(update: Update, context: Ctx) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Setuju", callback_data="v1:yes")],
            [InlineKeyboardButton("Tolak", callback_data="v1:no")],
        ]
    )
    arg = context.args[0] if context.args else "-"
    await update.effective_message.reply_html(
        f"Halo <b>{update.effective_user.first_name}</b>! arg={arg}", reply_markup=keyboard
    )


async def pressed(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None
    if query.data not in ("v1:yes", "v1:no"):
        await query.answer("Tombol tidak dikenal", show_alert=True)
        return
    await query.answer("Tercatat")
    await query.edit_message_text(f"Pilihan: {query.data}")


async def text(update: Update, context: Ctx) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    if message.text == "diam":
        return
    if message.text == "hitung":
        COUNTS[message.chat_id] = COUNTS.get(message.chat_id, 0) + 1
        await message.reply_text(f"hitungan {COUNTS[message.chat_id]}")
        return
    if message.text == "siarkan":
        context.application.create_task(broadcast(context))
        await message.reply_text("Siaran dijadwalkan")
        return
    keyboard = ReplyKeyboardMarkup([["Ya", "Tidak"]], resize_keyboard=True)
    await message.reply_text("satu", reply_markup=keyboard)
    await message.reply_text("dua")


async def broadcast(context: Ctx) -> None:
    await asyncio.sleep(0.2)
    await context.bot.send_message(2002, "Pengumuman rembug")


async def location(update: Update, context: Ctx) -> None:
    message = update.effective_message
    assert message is not None and message.location is not None
    await message.reply_text(f"lokasi {message.location.latitude:.2f}")


async def photo(update: Update, context: Ctx) -> None:
    message = update.effective_message
    assert message is not None and message.photo
    data = await (await message.photo[-1].get_file()).download_as_bytearray()
    await message.reply_document(bytes(data), filename="balik.jpg", caption=message.caption)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator(timeout=5)
    await emulator.start()
    app = (
        Application.builder()
        .token(emulator.token)
        .base_url(f"{emulator.url}/bot")
        .base_file_url(f"{emulator.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.LOCATION, location))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    yield emulator
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    await emulator.stop()


async def test_start_press_and_edit(emu: BotApiEmulator) -> None:
    user = emu.user(user_id=1001, first_name="Siti", language_code="id")
    reaction = await user.send("/start kec_32_16_05")
    assert reaction.text == "Halo Siti! arg=kec_32_16_05"
    assert reaction.html == "Halo <b>Siti</b>! arg=kec_32_16_05"
    message = reaction.messages[0]
    assert message.button_texts() == ["Setuju", "Tolak"]
    assert message.buttons[0][0].callback_data == "v1:yes"

    pressed = await user.press("Setuju")
    assert pressed.callback_answer is not None and pressed.callback_answer.text == "Tercatat"
    assert pressed.edits == [message]
    assert pressed.text == "Pilihan: v1:yes"
    assert message.edit_count == 1 and message.buttons == []
    with pytest.raises(LookupError):
        await user.press("Setuju")

    forged = await user.press_data("v1:forged", message_id=message.message_id)
    assert forged.callback_answer is not None and forged.callback_answer.show_alert
    assert emu.last_update_id(user) == forged.update_id


async def test_several_messages_silence_and_reply_keyboard(emu: BotApiEmulator) -> None:
    user = emu.user(1002, "Budi")
    reaction = await user.send("Budi")
    assert [m.text for m in reaction.messages] == ["satu", "dua"]
    assert reaction.messages[0].reply_keyboard == [["Ya", "Tidak"]]
    silent = await user.send("diam", expect_reply=False)
    assert silent.events == []
    with pytest.raises(NoReply, match="satu"):
        await user.send("diam", timeout=0.3)
    assert [m.text for m in user.chat.messages][:3] == ["Budi", "satu", "dua"]
    assert user.last_bot_message().text == "dua"
    assert len(user.bot_messages()) == 2


async def test_location_photo_and_group(emu: BotApiEmulator) -> None:
    user = emu.user(1003, "Ani")
    assert (await user.send_location(-6.25, 107.15)).text == "lokasi -6.25"
    reaction = await user.send_photo(caption="jalan rusak")
    document = reaction.messages[0].document
    assert document is not None and document.filename == "balik.jpg"
    assert document.data.startswith(b"\xff\xd8")
    assert reaction.text == "jalan rusak"

    group = emu.group(chat_id=-100500, title="Karang Taruna")
    reaction = await user.send("halo grup", chat=group)
    assert [m.chat_id for m in reaction.messages] == [group.id, group.id]
    assert group.messages[0].sender is not None and group.messages[0].sender.id == user.id


async def test_wait_event_for_later_messages(emu: BotApiEmulator) -> None:
    admin = emu.user(2001, "Admin")
    warga = emu.user(2002, "Warga")
    assert (await admin.send("siarkan")).text == "Siaran dijadwalkan"
    event = await warga.wait_event(timeout=3)
    assert event.kind == "message" and event.message is not None
    assert event.message.text == "Pengumuman rembug"
    with pytest.raises(NoReply):
        await warga.wait_event(timeout=0.1)


async def test_redelivered_update_reaches_the_bot_again(emu: BotApiEmulator) -> None:
    user = emu.user(3001, "Joko")
    first = await user.send("hitung")
    assert first.text == "hitungan 1"
    again = await emu.redeliver(first.update_id)
    assert again.text == "hitungan 2"
    assert emu.stats.calls["getUpdates"] >= 2


async def test_blocked_user_gets_nothing(emu: BotApiEmulator) -> None:
    user = emu.user(4001, "Rudi")
    user.block()
    reaction = await user.send("Budi", expect_reply=False)
    assert reaction.messages == []
    assert emu.stats.errors[403] >= 1
