"""CSV (UTF-8 with BOM, for Excel) and JSON (one array, written as the rows arrive)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.export.columns import Column
from bot.export.neutral import for_csv
from bot.export.rows import RowBuilder, Value

CSV_DATE = "%Y-%m-%d %H:%M"


def csv_cell(value: Value) -> str | int | float:
    """Texts neutralised, dates in a form Excel reads as dates (WIB), numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return for_csv(value)
    if isinstance(value, dt.datetime):
        return value.strftime(CSV_DATE)
    return value


class CsvExport:
    def __init__(self, path: Path, columns: Sequence[Column], builder: RowBuilder) -> None:
        # utf-8-sig writes the BOM Excel needs to read the file as UTF-8.
        self.file = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.builder = builder
        self.writer.writerow([c.header for c in columns])

    def add(self, row: Sequence[Any]) -> None:
        self.writer.writerow([csv_cell(v) for v in self.builder.flat(row)])

    def close(self) -> None:
        self.file.close()


class JsonExport:
    """A JSON array, one object per line, so that nothing is held beyond the current row."""

    def __init__(self, path: Path, builder: RowBuilder) -> None:
        self.file = path.open("w", encoding="utf-8")
        self.builder = builder
        self.separator = "\n"
        self.file.write("[")

    def add(self, row: Sequence[Any]) -> None:
        self.file.write(self.separator)
        self.file.write(json.dumps(self.builder.nested(row), ensure_ascii=False))
        self.separator = ",\n"

    def close(self) -> None:
        self.file.write("\n]\n")
        self.file.close()
