"""/ekspor "With photos": a ZIP with the XLSX and the proposals' photos, fetched from Telegram
and named by the proposal's reference, within the export's choices and the 50 MB limit."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.export import screens
from bot.handlers import export as export_handlers
from bot.roles import grant_opd
from bot.settings import Settings
from emulator import BotApiEmulator, BotEvent, parse_html
from emulator.media import tiny_jpeg
from storage.models import AuditEntry, ConsultationRound, Proposal

from .export_seed import CIBITUNG, CIBITUNG_DESA, T0, participant, proposal
from .journey import Resident, resident
from .staff import db, deps_of
from .test_export_bot import document_for

ADMIN_ID = 7901
WITH_PHOTOS = "▫️ With photos (ZIP)"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


def photo(emulator: BotApiEmulator, size: int) -> tuple[str, bytes]:
    """A photo Telegram holds, as a participant's upload leaves it: (file id, its bytes)."""
    data = tiny_jpeg(size)
    stored = emulator.state.store_file(data, "photos", "jpg", None, "image/jpeg")
    return stored.file_id, data


async def seed(bot: RembugApp, emulator: BotApiEmulator) -> dict[str, bytes]:
    """SET-0001: two photos; SET-0002: one, plus an id Telegram does not know; SET-0003: none;
    SET-0004 (hidden) and CBT-0001 (another kecamatan) have one each. Returns what the ZIP
    of all visible proposals should hold."""
    (a, a_data), (b, b_data), (c, c_data) = (photo(emulator, n) for n in (8, 16, 24))
    (hidden, _), (other, other_data) = photo(emulator, 32), photo(emulator, 40)
    async with db(bot) as session:
        round_ = ConsultationRound(name="Putaran 1", opens_at=T0)
        author = participant(1)
        session.add_all([round_, author])
        await session.flush()
        session.add_all(
            [
                proposal(1, author.id, round_.id, photos=[a, b]),
                proposal(2, author.id, round_.id, photos=[c, "file-that-never-was"]),
                proposal(3, author.id, round_.id, photos=[]),
                proposal(4, author.id, round_.id, photos=[hidden], hidden_at=T0),
                proposal(
                    5,
                    author.id,
                    round_.id,
                    reference="CBT-0001",
                    kecamatan_code=CIBITUNG,
                    desa_code=CIBITUNG_DESA,
                    photos=[other],
                ),
            ]
        )
    return {
        "SET-0001-1.jpg": a_data,
        "SET-0001-2.jpg": b_data,
        "SET-0002-1.jpg": c_data,
        "CBT-0001-1.jpg": other_data,
    }


async def export_with_photos(admin: Resident, before: int = 0) -> zipfile.ZipFile:
    card = await admin.send("/ekspor")
    assert WITH_PHOTOS in card.messages[-1].button_texts()
    chosen = await admin.press(WITH_PHOTOS)
    assert admin.says("Photos: <b>included</b> (a ZIP with the XLSX and the images)") in (
        chosen.edits[-1].text or ""
    )
    await admin.press("📤 Export")
    sent = (await document_for(admin, before)).document
    assert sent is not None and sent.filename.endswith("-foto.zip"), sent
    return zipfile.ZipFile(io.BytesIO(sent.data))


async def test_the_zip_holds_the_xlsx_and_the_photos_named_by_reference(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    expected = await seed(bot, emulator)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    archive = await export_with_photos(admin)
    names = archive.namelist()
    workbook = [n for n in names if n.endswith(".xlsx")]
    assert len(workbook) == 1 and sorted(set(names) - set(workbook)) == sorted(expected)
    assert {name: archive.read(name) for name in expected} == expected
    book = openpyxl.load_workbook(io.BytesIO(archive.read(workbook[0])), read_only=True)
    references = [r[0] for r in book["Usulan"].iter_rows(min_row=3, values_only=True)]
    assert references == ["SET-0001", "SET-0002", "SET-0003", "CBT-0001"]  # not the hidden one

    caption = (await document_for(admin)).caption or ""
    assert parse_html(screens.photos_included(admin.t, 4, 1)).text in caption
    async with db(bot) as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    exported = [e for e in entries if e.action == "export.proposals"]
    assert [e.details["photos"] for e in exported] == [True]


async def test_the_admin_sees_the_photos_being_fetched(
    emulator: BotApiEmulator, bot: RembugApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(bot, emulator)
    monkeypatch.setattr(export_handlers, "PROGRESS_EVERY", 0.05)
    emulator.hang("getFile", 0.4, times=5)  # five photos, fetched four at a time
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    edits: list[str] = []
    chat = admin.user.chat
    add_event = chat.add_event

    def noted(event: BotEvent) -> None:
        if event.kind == "edit" and event.message is not None:
            edits.append(event.message.text or "")
        add_event(event)

    chat.add_event = noted  # type: ignore[method-assign]
    archive = await export_with_photos(admin)
    assert len([n for n in archive.namelist() if n.endswith(".jpg")]) == 4
    assert screens.photos_progress(admin.t, 4, 5) in edits


async def test_the_photos_follow_the_kecamatan_and_the_hidden_choice(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot, emulator)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await admin.send("/ekspor")
    await admin.press(admin.t("📍 Kecamatan: {kecamatan}", kecamatan=admin.t("All kecamatan")))
    await admin.press("Setu")
    await admin.press("▫️ Hidden proposals")
    await admin.press(WITH_PHOTOS)
    await admin.press("📤 Export")
    sent = (await document_for(admin)).document
    assert sent is not None
    photos = sorted(n for n in zipfile.ZipFile(io.BytesIO(sent.data)).namelist() if ".jpg" in n)
    assert photos == ["SET-0001-1.jpg", "SET-0001-2.jpg", "SET-0002-1.jpg", "SET-0004-1.jpg"]


async def test_over_the_50_mb_limit_it_says_so_politely(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot, emulator)
    big = emulator.state.store_file(b"\xff" * 600_000, "photos", "jpg", None, "image/jpeg")
    async with db(bot) as session:
        first = await session.scalar(select(Proposal).where(Proposal.reference == "SET-0003"))
        assert first is not None
        first.photos = [big.file_id]
    deps_of(bot).exports.upload_limit = 500_000  # the XLSX fits, that photo does not
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await admin.send("/ekspor")
    await admin.press(WITH_PHOTOS)
    await admin.press("📤 Export")
    told = parse_html(screens.too_big_with_photos(admin.t)).text
    for _ in range(50):
        if any(m.text == told for m in admin.user.bot_messages()):
            break
        await admin.user.wait_event(timeout=30)
    assert any(m.text == told for m in admin.user.bot_messages())
    assert not [m for m in admin.user.bot_messages() if m.document is not None]


async def test_csv_and_json_offer_no_photos(emulator: BotApiEmulator, bot: RembugApp) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await admin.send("/ekspor")
    await admin.press(WITH_PHOTOS)
    csv = await admin.press("▫️ CSV")
    assert not any("photos" in b.lower() for b in csv.edits[-1].button_texts())
    assert "Photos" not in (csv.edits[-1].text or "")


async def test_opd_staff_get_the_card_of_their_own_perangkat_daerah(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    """OPD staff have no kecamatan: their card must not fail, and it is limited to their OPD
    (test_opd_export.py shows that the file holds nothing else)."""
    async with db(bot) as session:
        await grant_opd(session, 7902, "DLH", ADMIN_ID, T0)
    dewi = resident(emulator, 7902, first_name="Dewi")
    card = await dewi.send("/ekspor")
    assert "Perangkat daerah: Dinas Lingkungan Hidup (its proposals only)" in card.text
    assert "Exports are for" not in card.text
