"""An export starts, or is let go, whatever the Bot API does with the tap's answer.

One 500 on answerCallbackQuery for the 📤 Export tap used to leave the admin with "an export
of yours is still being prepared" until the bot restarted, and an empty temporary folder.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import RembugApp
from bot.export import screens
from bot.settings import Settings
from emulator import BotApiEmulator, Message, parse_html

from .export_seed import seed
from .journey import Resident, resident
from .staff import deps_of

ADMIN_ID = 7991
CLIENT_TIMEOUT = 5.0  # bot/transport/http.py: what the bot waits for an answer

Fault = Callable[[BotApiEmulator], None]
FAULTS: dict[str, Fault] = {
    "500": lambda emu: emu.fail("answerCallbackQuery", 500),
    "502": lambda emu: emu.fail("answerCallbackQuery", 502),
    "no answer in time": lambda emu: emu.hang("answerCallbackQuery", CLIENT_TIMEOUT + 1),
    "429 until the bot gives up": lambda emu: emu.flood("answerCallbackQuery", 6),
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the bot makes its temporary folders, for this test only."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def documents(person: Resident) -> list[Message]:
    return [m for m in person.user.bot_messages() if m.document is not None]


async def document_number(person: Resident, number: int) -> Message:
    for _ in range(50):
        if len(documents(person)) >= number:
            return documents(person)[number - 1]
        await person.user.wait_event(timeout=30)
    raise AssertionError(f"document {number} never arrived:\n{person.user.chat.describe()}")


def export_folders(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith("rembug-export-")]


async def no_export_folder_left(folder: Path) -> None:
    """The folder goes right after the document (and the progress message's last edit)."""
    for _ in range(100):
        left = export_folders(folder)
        if not left:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"left behind: {left}")


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_failed_answer_to_the_export_tap_neither_locks_out_nor_leaves_files(
    emulator: BotApiEmulator, bot: RembugApp, temporary: Path, fault: str
) -> None:
    await seed(deps_of(bot).database, count=3)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    card = await admin.send("/ekspor")
    card_id = card.messages[-1].message_id

    FAULTS[fault](emulator)
    await admin.user.press("📤 Export", message_id=card_id, expect_reply=False)
    first = await document_number(admin, 1)
    assert first.caption == parse_html(screens.ready(admin.t, 11, False)).text
    await no_export_folder_left(temporary)

    # The slot is free again: a second export is made, not refused as "still being prepared".
    again = await admin.user.press("📤 Export", message_id=card_id)
    busy = parse_html(screens.busy(admin.t)).text
    assert again.callback_answer is None or again.callback_answer.text != busy
    await document_number(admin, 2)
    await no_export_folder_left(temporary)
