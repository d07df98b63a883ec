"""The "Tanggapan PD" sheet of every XLSX export: the response indicator of the perangkat
daerah (bot/opd/indicator.py) for the proposals the export is about (its kecamatan and round;
hidden and withdrawn proposals never count, whatever the export includes), the regency's
line and the 80 % target.

Written whole when the workbook opens (its rows do not depend on the streamed proposals),
through the proposal sheets' writer, so no text can become a formula.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.export.columns import Column, Kind
from bot.export.sheets import ProposalSheet
from bot.opd.indicator import TARGET_PERCENT, Indicator, measure
from bot.reference import Reference
from storage.queries.export import Scope

OPD_SHEET = "Tanggapan PD"
COLUMNS = (
    Column("opd_code", "Kode PD", 16),
    Column("opd_name", "Nama perangkat daerah", 48),
    Column("assigned", "Usulan ditugaskan", 12, Kind.INTEGER),
    Column("answered", "Sudah ditanggapi", 12, Kind.INTEGER),
    Column("waiting", "Belum ditanggapi", 12, Kind.INTEGER),
    Column("share_percent", "Persentase ditanggapi (%)", 14, Kind.INTEGER),
    Column("reaches_target", f"Mencapai target {TARGET_PERCENT} %", 12),
)
COUNTED = (
    "Dihitung: usulan berstatus diajukan, diterima, diprioritaskan atau dilaksanakan yang tidak "
    "disembunyikan, pada PD yang diusulkan saat ini; ditanggapi = PD itu sudah memberi tanggapan."
)


async def load(session: AsyncSession, reference: Reference, scope: Scope) -> Indicator:
    return await measure(
        session, reference, kecamatan_code=scope.kecamatan_code, round_id=scope.round_id
    )


def write_opd_sheet(worksheet: Any, measured: Indicator, formats: dict[str, Any]) -> None:
    sheet = ProposalSheet(worksheet, COLUMNS, formats)
    for line in measured.lines:
        reached = "—" if line.share is None else ("Ya" if line.responsive else "Tidak")
        sheet.add(
            [line.code, line.name, line.assigned, line.answered, line.waiting, line.share, reached]
        )
    row = sheet.row + 1
    sheet.finish()
    for offset, (label, values) in enumerate(_regency(measured)):
        worksheet.write_string(row + offset, 1, label, formats["bold"] if not offset else None)
        for col, value in enumerate(values, start=2):
            if isinstance(value, str):
                worksheet.write_string(row + offset, col, value)
            elif value is not None:
                worksheet.write_number(row + offset, col, value)


def _regency(measured: Indicator) -> list[tuple[str, list[int | str | None]]]:
    return [
        ("Kabupaten Bekasi", []),
        ("Target per PD: persentase usulan ditanggapi (%)", [TARGET_PERCENT]),
        ("PD yang punya usulan ditugaskan", [measured.measured]),
        (f"PD yang menanggapi sedikitnya {TARGET_PERCENT} %", [measured.responsive]),
        ("Persentase PD yang mencapai target (%)", [measured.share]),
        ("Usulan ditugaskan, sudah ditanggapi", [measured.assigned, measured.answered]),
        (COUNTED, []),
    ]
