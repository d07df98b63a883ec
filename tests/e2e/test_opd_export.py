"""/ekspor for OPD staff: only the proposals assigned to their own perangkat daerah, names
only of participants who agreed; another OPD's proposals cannot be reached, not even with
another member's buttons; a revoked member is refused."""

from __future__ import annotations

import csv
import io

import openpyxl
from sqlalchemy import select

from bot.app import RembugApp
from bot.export import screens
from bot.export.rows import WITHHELD
from bot.roles import grant_opd, revoke_role
from emulator import BotApiEmulator
from storage.models import AuditEntry

from .journey import Resident, resident
from .shortlist_seed import DINKES_REFERENCES, DLH_REFERENCES, seed_shortlist
from .staff import db, deps_of, snapshot
from .test_export_bot import document_for

DLH_ID, DINKES_ID, REVOKED_ID = 7601, 7602, 7603
VISIBLE_DLH = DLH_REFERENCES - {"SET-0015", "SET-0016"}  # hidden and withdrawn left out


async def opd_members(bot: RembugApp) -> None:
    async with db(bot) as session:
        now = deps_of(bot).conversation.clock()
        await grant_opd(session, DLH_ID, "DLH", None, now)
        await grant_opd(session, DINKES_ID, "Dinkes", None, now)
        role = await grant_opd(session, REVOKED_ID, "DLH", None, now)
        await revoke_role(session, role.id, None, now)


def references_in(data: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {str(row[0]) for row in book["Usulan"].iter_rows(min_row=3, values_only=True)}


async def export_file(person: Resident, before: int = 0) -> bytes:
    sent = (await document_for(person, before)).document
    assert sent is not None
    return sent.data


async def test_an_opd_exports_only_its_own_proposals(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed_shortlist(deps_of(bot).database)
    await opd_members(bot)
    dlh = resident(emulator, DLH_ID, "en", "Staf DLH")
    card = await dlh.send("/ekspor")
    assert (
        dlh.says(
            "Perangkat daerah: <b>{agency}</b> (its proposals only)",
            agency="Dinas Lingkungan Hidup",
        )
        in card.text
    )
    assert "15 proposals match." in card.text
    assert "▫️ Hidden proposals" not in dlh.buttons()
    await dlh.tap("📤 Export")
    data = await export_file(dlh)
    assert references_in(data) == VISIBLE_DLH
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    shortlisted = {r[2] for r in book["Quick win"].iter_rows(min_row=7, values_only=True)}
    assert "SET-0022" not in shortlisted and "SET-0021" in shortlisted  # Dinkes' is not theirs

    # Names: only B agreed to be named to OPD staff; A was never asked, D said no.
    card_id = card.messages[-1].message_id
    await dlh.press("▫️ CSV", message_id=card_id)
    await dlh.press("▫️ " + dlh.t("Names of those who agreed"), message_id=card_id)
    await dlh.press("📤 Export", message_id=card_id)
    table = list(csv.reader(io.StringIO((await export_file(dlh, 1)).decode("utf-8-sig"))))
    names = {row[0]: row[table[0].index("Nama peserta")] for row in table[1:]}
    assert names["SET-0002"] == "Warga Nomor 2"
    assert names["SET-0001"] == WITHHELD and names["SET-0003"] == WITHHELD
    assert {row[0] for row in table[1:]} == VISIBLE_DLH

    async with db(bot) as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    exports = [e.details for e in entries if e.action == "export.proposals"]
    assert [(d["agency"], d["identity"], d["by"]) for d in exports] == [
        ("DLH", False, DLH_ID),
        ("DLH", True, DLH_ID),
    ]


async def test_another_opds_scope_is_refused(emulator: BotApiEmulator, bot: RembugApp) -> None:
    await seed_shortlist(deps_of(bot).database)
    await opd_members(bot)
    dlh = resident(emulator, DLH_ID, "en", "Staf DLH")
    dinkes = resident(emulator, DINKES_ID, "id", "Staf Dinkes")
    revoked = resident(emulator, REVOKED_ID, "en", "Mantan")
    card = await dlh.send("/ekspor")
    export_data = next(
        b.callback_data for row in card.messages[-1].buttons for b in row if "Export" in b.text
    )
    assert export_data is not None
    # DLH's own button, tapped by Dinkes' staff: the scope is Dinkes', from the role.
    await dinkes.send("/ekspor")
    await dinkes.user.press_data(export_data)
    assert references_in(await export_file(dinkes)) == DINKES_REFERENCES

    before = await snapshot(bot)
    hidden = export_data.replace(":000", ":010")  # forged: hidden proposals
    refused = await dlh.user.press_data(hidden)
    assert refused.callback_answer is not None
    assert refused.callback_answer.text == screens.not_allowed(dlh.t)
    assert (await revoked.send("/ekspor")).text == revoked.says(
        "Exports are for admins, kecamatan coordinators and perangkat daerah staff."
    )
    forged = await revoked.user.press_data(export_data)
    assert forged.callback_answer is not None
    assert forged.callback_answer.text == screens.not_allowed(revoked.t)
    assert await snapshot(bot) == before
    assert len([m for m in revoked.user.bot_messages() if m.document]) == 0
