"""The "Quick win" sheet: the formula, then per dimension the top ten possible quick wins
with the parts of their scores, then the quick wins admins chose (bot/opd/choosing.py).

Computed from the same proposals as the export (its round, kecamatan or perangkat daerah),
so a coordinator's or an OPD's file shows the shortlist within what they may see.
"""

from __future__ import annotations

from typing import Any

from bot.opd.choosing import Board
from bot.opd.shortlist import FORMULA_ID, TOP
from bot.reference import Reference

SHEET = "Quick win"
TITLE = "Daftar pendek quick win per dimensi"
NOTE_ROW = 2  # the formula, above the table
TABLE_ROW = 5  # the header of the top-ten table
HEADERS = (
    ("Dimensi", 26),
    ("Peringkat", 9),
    ("Nomor usulan", 13),
    ("Kode perangkat daerah", 14),
    ("Skor", 8),
    ("Poin dukungan", 10),
    ("Jumlah dukungan", 10),
    ("Poin warga diwakili", 11),
    ("Warga diwakili (terhitung)", 12),
    ("Poin urgensi", 9),
    ("Poin kecepatan hasil", 10),
    ("Dipilih sebagai quick win", 12),
)


def write_quick_win(
    sheet: Any, board: Board, reference: Reference, formats: dict[str, Any]
) -> None:
    """Writes the whole sheet, row by row (the workbook is in constant-memory mode)."""
    for col, (_, width) in enumerate(HEADERS):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, TITLE, formats["title"])
    sheet.write_string(NOTE_ROW - 1, 0, "Rumus skor", formats["bold"])
    sheet.set_row(NOTE_ROW, 60)
    sheet.merge_range(NOTE_ROW, 0, NOTE_ROW, len(HEADERS) - 1, FORMULA_ID, formats["wrap"])
    scope = f"{TOP} teratas per dimensi, di antara usulan yang termuat dalam ekspor ini."
    if board.unclassified:
        scope += f" {board.unclassified} usulan belum diklasifikasi tidak masuk daftar."
    sheet.write_string(NOTE_ROW + 1, 0, scope)
    for col, (header, _) in enumerate(HEADERS):
        sheet.write_string(TABLE_ROW, col, header, formats["header"])
    chosen = {c.proposal_id for c in board.chosen}
    row = TABLE_ROW
    for dimension in reference.dimensions:
        for item in board.ranked.get(dimension.key, []):
            row += 1
            s, c = item.score, item.candidate
            sheet.write_string(row, 0, dimension.name_id)
            sheet.write_number(row, 1, item.rank)
            sheet.write_string(row, 2, c.reference)
            sheet.write_string(row, 3, c.agency)
            for col, number in enumerate(
                (s.total, s.supports, c.supports, s.people, s.people_counted, s.urgency, s.speed),
                start=4,
            ):
                sheet.write_number(row, col, number)
            sheet.write_string(row, 11, "Ya" if c.proposal_id in chosen else "")
    if row > TABLE_ROW:
        sheet.autofilter(TABLE_ROW, 0, row, len(HEADERS) - 1)
    _chosen_table(sheet, board, reference, formats, row + 3)


def _chosen_table(
    sheet: Any, board: Board, reference: Reference, formats: dict[str, Any], start: int
) -> None:
    sheet.write_string(start, 0, "Quick win yang dipilih", formats["bold"])
    for col, header in enumerate(("Dimensi", "Jumlah dipilih", "Nomor usulan")):
        sheet.write_string(start + 1, col, header, formats["header"])
    for row, dimension in enumerate(reference.dimensions, start=start + 2):
        picked = board.chosen_in(dimension.key)
        sheet.write_string(row, 0, dimension.name_id)
        sheet.write_number(row, 1, len(picked))
        sheet.write_string(row, 2, ", ".join(c.reference for c in picked))
