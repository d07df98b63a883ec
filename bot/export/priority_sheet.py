"""The "Prioritas" sheet of every XLSX export: the residents' ranking ("A atau B?",
bot/priorities/ranking.py) of each kecamatan in each round the export covers, one row per
proposal. Pseudonymous: proposals and counts only, never who answered what.

A ranking belongs to its kecamatan: it is computed over all its visible proposals, and the
sheet lists those the export holds (an OPD's export: its own proposals, with their rank in the
kecamatan). Written whole when the workbook opens, through the proposal sheets' writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.export.columns import Column, Kind
from bot.export.sheets import ProposalSheet
from bot.priorities.standings import standings
from bot.reference import Reference
from storage.models import Proposal
from storage.queries import comparisons, export
from storage.queries.export import Scope

SHEET = "Prioritas"
COLUMNS = (
    Column("round_id", "ID putaran", 9, Kind.INTEGER),
    Column("kecamatan_code", "Kode kecamatan", 11),
    Column("kecamatan", "Kecamatan", 18),
    Column("rank", "Peringkat", 9, Kind.INTEGER),
    Column("reference", "Nomor usulan", 13),
    Column("strength", "Kekuatan (Bradley–Terry)", 12, Kind.NUMBER),
    Column("low", "Interval 95 % bawah", 12, Kind.NUMBER),
    Column("high", "Interval 95 % atas", 12, Kind.NUMBER),
    Column("comparisons", "Jumlah perbandingan", 12, Kind.INTEGER),
    Column("wins", "Menang (seri = ½)", 10, Kind.NUMBER),
    Column("thin", "Belum cukup data", 10),
)


@dataclass(frozen=True)
class Line:
    round_id: int
    kecamatan_code: str
    rank: int | None  # None: never compared
    reference: str
    strength: float
    low: float
    high: float
    comparisons: int
    wins: float
    thin: bool


async def load(session: AsyncSession, scope: Scope) -> list[Line]:
    """Every ranked proposal the export holds, by round, kecamatan and rank."""
    places = await comparisons.ranked_places(session, scope.round_id, scope.kecamatan_code)
    lines: list[Line] = []
    for round_id, code in places:
        ranked = await standings(session, round_id, code)
        query = select(Proposal.id, Proposal.reference).where(
            Proposal.id.in_([r.proposal_id for r in ranked]), *export.conditions(scope)
        )
        held = {row[0]: row[1] for row in await session.execute(query)}
        for place, item in enumerate(ranked, start=1):
            if item.proposal_id not in held:
                continue
            lines.append(
                Line(
                    round_id,
                    code,
                    place if item.comparisons else None,
                    held[item.proposal_id],
                    round(item.strength, 3),
                    round(item.low, 3),
                    round(item.high, 3),
                    item.comparisons,
                    item.wins,
                    item.thin,
                )
            )
    return lines


def write_priority_sheet(
    worksheet: Any, lines: list[Line], reference: Reference, formats: dict[str, Any]
) -> None:
    sheet = ProposalSheet(worksheet, COLUMNS, formats)
    for line in lines:
        kecamatan = reference.kecamatan_by_code(line.kecamatan_code)
        sheet.add(
            [
                line.round_id,
                line.kecamatan_code,
                kecamatan.name if kecamatan else "",
                line.rank,
                line.reference,
                line.strength,
                line.low,
                line.high,
                line.comparisons,
                line.wins,
                "Ya" if line.thin else "Tidak",
            ]
        )
    sheet.finish()
