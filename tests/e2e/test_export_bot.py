"""/ekspor in the bot: an admin gets the file as a document; others are refused."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.export import screens
from bot.i18n import translator
from bot.roles import grant_coordinator
from bot.settings import Settings
from emulator import BotApiEmulator, Message, parse_html
from storage.models import AuditEntry

from .export_seed import CIBITUNG, SETU, T0, seed
from .journey import Resident, resident
from .staff import db, deps_of

ADMIN_ID = 7301
COORDINATOR_ID = 7302


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


def documents(person: Resident) -> list[Message]:
    return [m for m in person.user.bot_messages() if m.document is not None]


async def document_for(person: Resident, before: int = 0) -> Message:
    """Waits for the export's document number `before + 1` (progress messages come first)."""
    for _ in range(50):
        if len(documents(person)) > before:
            return documents(person)[before]
        await person.user.wait_event(timeout=30)
    raise AssertionError("no document arrived")


async def test_admin_exports_xlsx_csv_json_and_is_audited(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(deps_of(bot).database, count=3)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    card = await admin.send("/ekspor")
    assert "11" in card.text  # 7 + 1 + 3 visible: hidden and withdrawn are left out
    await admin.press("📤 Export")
    delivered = await document_for(admin)
    xlsx = delivered.document
    assert xlsx is not None and xlsx.filename.endswith(".xlsx")
    assert delivered.caption == parse_html(screens.ready(admin.t, 11, False)).text
    progress = [m for m in admin.user.bot_messages() if m.document is None][-1]
    if progress.edit_count == 0:  # "Preparing …" becomes the outcome right after the document
        await admin.user.wait_event(timeout=10)
    assert progress.edit_count >= 1 and progress.text == delivered.caption
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True)
    references = [row[0] for row in book["Usulan"].iter_rows(min_row=3, values_only=True)]
    assert len(references) == 11 and "SET-0009" not in references

    await admin.press("▫️ CSV", message_id=card.messages[-1].message_id)
    await admin.press("▫️ Names and groups", message_id=card.messages[-1].message_id)
    await admin.press("📤 Export", message_id=card.messages[-1].message_id)
    sent = (await document_for(admin, before=1)).document
    assert sent is not None and sent.filename.endswith("-identitas.csv")
    table = list(csv.reader(io.StringIO(sent.data.decode("utf-8-sig"))))
    assert "Nama peserta" in table[0] and "Warga Nomor 1" in table[1]

    async with db(bot) as session:
        entries = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    exports = [e for e in entries if e.action == "export.proposals"]
    assert [e.details["identity"] for e in exports] == [False, True]
    assert all(e.details["by"] == ADMIN_ID and e.details["via"] == "bot" for e in exports)


async def test_admin_filters_by_kecamatan_and_gets_json(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(deps_of(bot).database)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await admin.send("/ekspor")
    await admin.press("▫️ JSON")
    await admin.press(admin.t("📍 Kecamatan: {kecamatan}", kecamatan=admin.t("All kecamatan")))
    await admin.press("Cibitung")
    await admin.press("📤 Export")
    sent = (await document_for(admin)).document
    assert sent is not None
    items = json.loads(sent.data)
    assert [i["reference"] for i in items] == ["CBT-0001"]
    assert items[0]["kecamatan"] == {"code": CIBITUNG, "name": "Cibitung"}
    assert "name" not in items[0]["participant"]


async def test_coordinator_exports_own_kecamatan_only(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(deps_of(bot).database)
    async with db(bot) as session:
        await grant_coordinator(session, COORDINATOR_ID, SETU, ADMIN_ID, T0)
    coordinator = resident(emulator, COORDINATOR_ID, first_name="Ayu")
    card = await coordinator.send("/ekspor")
    assert "Setu" in card.text
    assert "▫️ Names and groups" not in card.messages[-1].button_texts()
    refused = await coordinator.user.press_data(f"v1:e:g:xlsx:0:{CIBITUNG}:000")
    assert refused.callback_answer is not None
    assert refused.callback_answer.text == screens.not_allowed(coordinator.t)
    await coordinator.press("📤 Export")
    sent = (await document_for(coordinator)).document
    assert sent is not None
    rows = list(openpyxl.load_workbook(io.BytesIO(sent.data))["Usulan"].values)[2:]
    assert {r[4] for r in rows} == {SETU}


async def test_forged_or_stale_buttons_are_refused_politely(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await admin.send("/ekspor")
    t = translator("en")
    for data in ("v1:e:g:pdf:0:-:000", "v1:e:g:xlsx:0:99.99.99:000", "v1:e:z:xlsx:0:-:000"):
        reaction = await admin.user.press_data(data)
        assert reaction.callback_answer is not None
        assert reaction.callback_answer.text == screens.stale(t)
        assert not reaction.messages and not reaction.edits
