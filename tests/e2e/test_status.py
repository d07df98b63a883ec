"""Status changes reach the participant at once, in their language; /usulanku shows history."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import RembugApp
from bot.cli import main
from bot.i18n import translator
from bot.proposals.status_notices import StatusNotices
from bot.settings import Settings
from emulator import BotApiEmulator, SimUser

from .journey import Resident, plain, register, resident, submit
from .settings_helpers import settings_with
from .staff import deps_of, running

ADMIN_ID = 7401
NEWS = "📣 News about your proposal <b>{reference}</b>: its status is now <b>{status}</b>."


settings = settings_with(ADMIN_ID)


@pytest.fixture
async def notices(bot: RembugApp) -> AsyncIterator[StatusNotices]:
    """The notice worker, running as in `rembug run`."""
    async with running(deps_of(bot).notices) as worker:
        yield worker


async def notice_for(user: SimUser) -> str:
    """The next message the bot sends this person unprompted (the status notice)."""
    event = await user.wait_event(timeout=10)
    assert event.message is not None
    return event.message.text or ""


async def test_status_notices_in_each_participants_language(
    emulator: BotApiEmulator, bot: RembugApp, notices: StatusNotices
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    # Sari's Telegram is in English, but she chose Indonesian in the bot: that counts.
    sari, budi = resident(emulator, 7402, "en"), resident(emulator, 7403, "en", "Budi")
    await register(sari)
    await register(budi)
    ref_id = await submit(sari)
    ref_en = await submit(budi)
    await sari.send("/bahasa")
    await sari.press("🇮🇩 Bahasa Indonesia")

    await admin.send(f"/status {ref_id} diterima")
    said = await notice_for(sari.user)
    id_t = translator("id")
    assert (
        plain(
            id_t(
                NEWS,
                reference=ref_id,
                status=id_t("Accepted for discussion"),
            )
        )
        in said
    )
    assert "News about" not in said  # Indonesian, not the English source

    asked = await admin.send(f"/status {ref_en} ditolak")
    assert admin.says("Why is it not taken forward?") in asked.text or "reason" in asked.text
    await admin.send("The land belongs to the province; the proposal went to them.")
    said = await notice_for(budi.user)
    assert (
        budi.says(
            "📣 News about your proposal <b>{reference}</b>: its status is now <b>{status}</b>.",
            reference=ref_en,
            status="Not taken forward",
        )
        in said
    )
    assert "The land belongs to the province" in said

    await admin.send(f"/usulan {ref_en}")
    await admin.tap("🏷 Set status")
    await admin.tap("Merged with another proposal")
    unknown = await admin.send("CKU-9999")
    assert "CKU-9999" in unknown.text  # no such proposal: the admin can type again
    await admin.send(ref_id)
    said = await notice_for(budi.user)
    assert ref_id in said and budi.says("Merged with another proposal") in said

    await history_is_shown(budi, ref_en, ref_id)


async def history_is_shown(r: Resident, reference: str, merged_into: str) -> None:
    await r.send("/usulanku")
    card = await r.press(next(b for b in r.buttons() if b.startswith(reference)))
    text = card.edits[-1].text or ""
    assert r.says("<b>Status history</b> (newest first)") in text
    history = text.split(r.says("<b>Status history</b> (newest first)"))[1]
    order = [
        r.says(label) for label in ("Merged with another proposal", "Not taken forward", "Received")
    ]
    positions = [history.index(label) for label in order]
    assert positions == sorted(positions), history
    assert merged_into in history
    assert r.t("✏️ Edit") not in card.edits[-1].button_texts()  # handled: locked


async def test_import_status_reaches_the_participant_through_the_running_bot(
    emulator: BotApiEmulator,
    bot: RembugApp,
    notices: StatusNotices,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    budi = resident(emulator, 7404, "en", "Budi")
    await register(budi)
    reference = await submit(budi)
    sheet = tmp_path / "usulan.csv"
    sheet.write_text(f"reference,status\n{reference},implemented\n", encoding="utf-8-sig")
    monkeypatch.setenv("DATABASE_URL", settings.database_url)

    # The command line runs beside the bot, as an operator would run it.
    assert await asyncio.to_thread(main, ["import-status", str(sheet)]) == 0
    notices.wake()  # the worker's next poll, without waiting for it
    said = await notice_for(budi.user)
    assert budi.says("It has been carried out. Thank you for your idea!") in said
    assert reference in said
