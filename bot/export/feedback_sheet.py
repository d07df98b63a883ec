"""The "Umpan balik hasil" sheet of every XLSX export of admins and coordinators: residents'
answers to "do these results represent your kecamatan?" (bot/results), one row each, in the
export's round and kecamatan. Pseudonymous: the answer and the sentence, the author's
pseudonym (empty once erased), never a name. An OPD's export has no such sheet.

Written whole when the workbook opens, through the proposal sheets' writer (no formulas)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.export.columns import Column, Kind
from bot.export.sheets import ProposalSheet
from bot.reference import Reference
from storage.queries import results
from storage.queries.export import Scope

FEEDBACK_SHEET = "Umpan balik hasil"
ANSWERS = {"yes": "Ya", "partly": "Sebagian", "no": "Tidak"}
COLUMNS = (
    Column("round_id", "ID putaran", 9, Kind.INTEGER),
    Column("kecamatan_code", "Kode kecamatan", 12),
    Column("kecamatan", "Kecamatan", 20),
    Column("pseudonym", "Pseudonim", 12),
    Column("answer", "Mewakili suara warga?", 12),
    Column("sentence", "Kalimat tambahan", 60, Kind.LONG),
    Column("answered_at", "Dijawab (WIB)", 17, Kind.DATE),
)
Row = list[Any]


async def load(session: AsyncSession, reference: Reference, scope: Scope) -> list[Row] | None:
    """The sheet's rows, or None for an OPD's export."""
    if scope.agency is not None:
        return None
    found = []
    for feedback, pseudonym in await results.rows(session, scope.round_id, scope.kecamatan_code):
        kecamatan = reference.kecamatan_by_code(feedback.kecamatan_code)
        found.append(
            [
                feedback.round_id,
                feedback.kecamatan_code,
                kecamatan.name if kecamatan else None,
                pseudonym,
                ANSWERS.get(feedback.answer, feedback.answer),
                feedback.comment,
                feedback.answered_at,
            ]
        )
    return found


def write_feedback_sheet(worksheet: Any, rows: list[Row], formats: dict[str, Any]) -> None:
    sheet = ProposalSheet(worksheet, COLUMNS, formats)
    for row in rows:
        sheet.add(row)
    sheet.finish()
