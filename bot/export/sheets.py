"""Worksheet names Excel accepts, and one proposal sheet written row by row.

The workbook is in constant-memory mode: each sheet's rows go to disk as soon as the next
row starts, so rows must arrive in order, which a cursor per sheet guarantees.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from bot.export.columns import Column, Kind
from bot.export.neutral import is_risky
from bot.export.rows import Value

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROWS = 2  # the machine keys, then the Indonesian headers


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A name ≤ 31 characters without []:*?/\\, unique (case-insensitively) among `taken`."""
    base = _FORBIDDEN.sub(" ", wanted).strip().strip("'").strip() or "Sheet"
    base = re.sub(r"\s+", " ", base)[:MAX_SHEET_NAME].rstrip()
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    taken.add(name.lower())
    return name


class ProposalSheet:
    """A sheet of proposals: two header rows, frozen, filtered, typed cells."""

    def __init__(self, worksheet: Any, columns: Sequence[Column], formats: dict[str, Any]) -> None:
        self.ws = worksheet
        self.kinds = [c.kind for c in columns]
        self.formats = formats
        self.row = HEADER_ROWS
        # Row by row: in constant-memory mode a row is flushed once the next one is started.
        for index, column in enumerate(columns):
            wrap = formats["wrap"] if column.kind is Kind.LONG else None
            worksheet.set_column(index, index, column.width, wrap)
            worksheet.write_string(0, index, column.key, formats["key"])
        worksheet.set_row(1, 30)
        for index, column in enumerate(columns):
            worksheet.write_string(1, index, column.header, formats["header"])
        worksheet.freeze_panes(HEADER_ROWS, 1)

    def add(self, values: Sequence[Value]) -> None:
        ws, row, formats = self.ws, self.row, self.formats
        for col, (value, kind) in enumerate(zip(values, self.kinds, strict=True)):
            if value is None:
                continue
            if isinstance(value, str):
                if is_risky(value):
                    key = "quoted_wrap" if kind is Kind.LONG else "quoted"
                    ws.write_string(row, col, value, formats[key])
                else:
                    ws.write_string(row, col, value)
            elif isinstance(value, dt.datetime):
                ws.write_datetime(row, col, value, formats["date"])
            else:
                ws.write_number(row, col, value)
        self.row += 1

    def finish(self) -> int:
        """Adds the autofilter over what was written; returns the number of data rows."""
        last_col = len(self.kinds) - 1
        self.ws.autofilter(HEADER_ROWS - 1, 0, max(self.row - 1, HEADER_ROWS - 1), last_col)
        return self.row - HEADER_ROWS
