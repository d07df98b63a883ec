"""The XLSX workbook for the SKPD meeting (XlsxWriter in constant-memory mode).

Sheets: Ringkasan, Usulan (every proposal), one per dimension (and "Belum diklasifikasi" when
some proposals have none yet), one per suggested perangkat daerah that has proposals, and
Dukungan (who joined which proposal, pseudonymous), Quick win (the shortlist and its formula,
bot/export/quick_win_sheet.py), Tanggapan PD (the OPD response indicator,
bot/export/opd_sheet.py), Prioritas (the residents' "A atau B?" ranking per kecamatan,
bot/export/priority_sheet.py) and, but for an OPD's export, Umpan balik hasil (residents'
answers on the results, bot/export/feedback_sheet.py). Every row goes to Usulan and to its
dimension's and agency's sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from bot.export.columns import Column, supporter_columns
from bot.export.feedback_sheet import FEEDBACK_SHEET, Row, write_feedback_sheet
from bot.export.opd_sheet import OPD_SHEET, write_opd_sheet
from bot.export.priority_sheet import SHEET as PRIORITY_SHEET
from bot.export.priority_sheet import Line, write_priority_sheet
from bot.export.quick_win_sheet import SHEET as QUICK_WIN_SHEET
from bot.export.quick_win_sheet import write_quick_win
from bot.export.rows import Labels, RowBuilder, supporter_flat
from bot.export.sheets import HEADER_ROWS, ProposalSheet, sheet_name
from bot.export.summary import Summary, write_summary
from bot.opd.choosing import Board
from bot.opd.indicator import Indicator
from bot.proposals import statuses
from bot.proposals.script import UNKNOWN_AGENCY
from bot.reference import Reference

DATE_FORMAT = "dd/mm/yyyy hh:mm"
SUPPORTERS_SHEET = "Dukungan"
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Belt and braces: cells are written with typed methods, but never let a string turn
    # into a formula, a number or a link behind our back.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "remove_timezone": True,
}


def _formats(book: Any) -> dict[str, Any]:
    header = {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"}
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "key": book.add_format({"font_size": 8, "font_color": "#808080"}),
        "header": book.add_format({**header, "bottom": 1}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "quoted": book.add_format({"quote_prefix": True}),
        "quoted_wrap": book.add_format({"quote_prefix": True, "text_wrap": True, "valign": "top"}),
        "date": book.add_format({"num_format": DATE_FORMAT, "valign": "top"}),
    }


class XlsxExport:
    def __init__(
        self,
        path: Path,
        reference: Reference,
        columns: Sequence[Column],
        builder: RowBuilder,
        summary: Summary,
        quick_win: Board | None = None,
        opd: Indicator | None = None,
        ranked: list[Line] | None = None,
        feedback: list[Row] | None = None,
    ) -> None:
        self.book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        self.builder = builder
        self.formats = _formats(self.book)
        taken = {"ringkasan", "usulan"}
        write_summary(
            self.book, self.book.add_worksheet("Ringkasan"), summary, reference, self.formats
        )
        self.main = self._sheet("Usulan", columns)
        labels = builder.labels
        self.by_dimension = {
            d.key: self._sheet(sheet_name(d.name_id, taken), columns) for d in reference.dimensions
        }
        if any(n for (_, dimension), n in summary.counts.items() if dimension == ""):
            unclassified = self._sheet(sheet_name(labels.unclassified, taken), columns)
            self.by_dimension[""] = unclassified
        self.by_agency = {
            key: self._sheet(sheet_name(_agency_sheet(key, labels, reference), taken), columns)
            for key in _agency_order(summary, reference)
        }
        self.supporters = ProposalSheet(
            self.book.add_worksheet(sheet_name(SUPPORTERS_SHEET, taken)),
            supporter_columns(summary.identity),
            self.formats,
        )
        if quick_win is not None:
            sheet = self.book.add_worksheet(sheet_name(QUICK_WIN_SHEET, taken))
            write_quick_win(sheet, quick_win, reference, self.formats)
        if opd is not None:
            write_opd_sheet(
                self.book.add_worksheet(sheet_name(OPD_SHEET, taken)), opd, self.formats
            )
        if ranked is not None:
            worksheet = self.book.add_worksheet(sheet_name(PRIORITY_SHEET, taken))
            write_priority_sheet(worksheet, ranked, reference, self.formats)
        if feedback is not None:
            sheet = self.book.add_worksheet(sheet_name(FEEDBACK_SHEET, taken))
            write_feedback_sheet(sheet, feedback, self.formats)
        keys = [c.key for c in columns]
        self._dimension_at = keys.index("dimension_code")
        self._agency_at = keys.index("agency_code")
        self._status_at = keys.index("status")

    def _sheet(self, name: str, columns: Sequence[Column]) -> ProposalSheet:
        return ProposalSheet(self.book.add_worksheet(name), columns, self.formats)

    def add(self, row: Sequence[Any]) -> None:
        values = self.builder.flat(row)
        self.main.add(values)
        dimension = self.by_dimension.get(str(values[self._dimension_at] or ""))
        if dimension is not None:
            dimension.add(values)
        agency = self.by_agency.get(str(values[self._agency_at]))
        if agency is not None:
            agency.add(values)

    def add_supporter(self, row: Sequence[Any]) -> None:
        self.supporters.add(supporter_flat(row))

    def close(self) -> None:
        rows = self.main.finish()
        # A drop-down of the status codes, for filling in the column import-status reads.
        col = self._status_at
        if rows:
            last = HEADER_ROWS + rows - 1
            choices = {"validate": "list", "source": list(statuses.CODES)}
            self.main.ws.data_validation(HEADER_ROWS, col, last, col, choices)
        for sheet in (*self.by_dimension.values(), *self.by_agency.values(), self.supporters):
            sheet.finish()
        self.book.close()


def _agency_order(summary: Summary, reference: Reference) -> list[str]:
    """Agencies with proposals in the export, in the reference list's order, "unknown" last."""
    known = [a.key for a in reference.agencies if summary.agencies.get(a.key)]
    others = sorted(k for k in summary.agencies if k not in known and k != UNKNOWN_AGENCY)
    tail = [UNKNOWN_AGENCY] if summary.agencies.get(UNKNOWN_AGENCY) else []
    return known + others + tail


def _agency_sheet(key: str, labels: Labels, reference: Reference) -> str:
    agency = reference.agency(key)
    if agency is not None:
        return f"PD {agency.code}"
    return "PD belum diketahui" if key == UNKNOWN_AGENCY else f"PD {labels.agencies.get(key, key)}"
