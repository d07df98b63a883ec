"""`rembug import-status FILE`: statuses filled in on an exported sheet (XLSX or CSV), read
back and applied in bulk. All or nothing: a file with a problem changes nothing.

The export writes machine keys in its first header row (and Indonesian headers in the
second); both are recognised, so a hand-made sheet with either kind of header works too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import translator
from bot.proposals.screens.status import REFUSALS
from bot.proposals.status_rules import (
    Checked,
    Refusal,
    Request,
    apply,
    check,
    normalised,
    parse_status,
)
from bot.proposals.statuses import Status
from storage.models import Proposal
from storage.queries import statuses as queries

COLUMNS = {
    "reference": ("reference", "nomor usulan", "nomor", "referensi"),
    "status": ("status", "status (kode)", "kode status"),
    "reason": ("status_reason", "reason", "alasan status", "alasan"),
    "merged_into": ("merged_into", "digabung ke usulan", "digabung ke"),
}
HEADER_WORDS = {name for names in COLUMNS.values() for name in names}
SHEET = "Usulan"
HEADER_SEARCH_ROWS = 5


class SheetError(Exception):
    """The file can't be read as a status sheet; the message says why, for the operator."""


@dataclass(frozen=True)
class Row:
    line: int
    reference: str
    status: str
    reason: str | None
    merged_into: str | None


@dataclass(frozen=True)
class Change:
    line: int
    request: Request
    checked: Checked
    before: str


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchanged: int = 0


def read_rows(path: Path) -> list[Row]:
    if not path.is_file():
        raise SheetError(f"{path}: no such file")
    if path.suffix.lower() == ".xlsx":
        return list(_rows(_xlsx_cells(path)))
    if path.suffix.lower() == ".csv":
        return list(_rows(_csv_cells(path)))
    raise SheetError(f"{path}: expected an .xlsx or .csv file")


def _xlsx_cells(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if v is None else str(v).strip() for v in values]
    finally:
        workbook.close()


def _csv_cells(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
        except csv.Error:
            dialect = csv.excel
        for values in csv.reader(handle, dialect):
            yield [v.strip() for v in values]


def _rows(cells: Iterator[list[str]]) -> Iterator[Row]:
    positions: dict[str, int] | None = None
    for line, values in enumerate(cells, start=1):
        if positions is None:
            positions = _header(values)
            if positions is None and line >= HEADER_SEARCH_ROWS:
                raise SheetError("no header row with 'reference' and 'status' columns found")
            continue
        reference = _cell(values, positions, "reference")
        if not reference or reference.lower() in HEADER_WORDS:
            continue  # a blank line, or the export's second (Indonesian) header row
        yield Row(
            line,
            reference,
            _cell(values, positions, "status"),
            _cell(values, positions, "reason") or None,
            _cell(values, positions, "merged_into") or None,
        )
    if positions is None:
        raise SheetError("no header row with 'reference' and 'status' columns found")


def _header(values: list[str]) -> dict[str, int] | None:
    lowered = [v.lower() for v in values]
    found = {
        key: next(i for i, v in enumerate(lowered) if v in names)
        for key, names in COLUMNS.items()
        if any(v in names for v in lowered)
    }
    return found if "reference" in found and "status" in found else None


def _cell(values: list[str], positions: dict[str, int], key: str) -> str:
    index = positions.get(key)
    return values[index] if index is not None and index < len(values) else ""


async def plan(session: AsyncSession, rows: list[Row]) -> Plan:
    result, seen = Plan(), set[str]()
    t = translator("en")
    for row in rows:
        status = parse_status(row.status) if row.status else None
        if not row.status:
            result.unchanged += 1
            continue
        if status is None:
            result.problems.append(
                f"line {row.line}: {row.reference}: unknown status {row.status!r}"
            )
            continue
        request = normalised(Request(row.reference, status, row.reason, row.merged_into))
        if request.reference in seen:
            result.problems.append(f"line {row.line}: {request.reference} appears twice")
            continue
        seen.add(request.reference)
        proposal = await queries.by_reference(session, request.reference)
        if proposal is not None:
            request = _without_stale_reason(request, proposal)
        checked = await check(session, request)
        if checked.refusal is Refusal.UNCHANGED:
            result.unchanged += 1
        elif checked.refusal is not None or checked.proposal is None:
            why = REFUSALS[checked.refusal or Refusal.NOT_FOUND]
            text = t(why, reference=request.reference, other=request.merged_into or "—")
            result.problems.append(f"line {row.line}: {text}")
        else:
            result.changes.append(Change(row.line, request, checked, checked.proposal.status))
    return result


def _without_stale_reason(request: Request, proposal: Proposal) -> Request:
    """The sheet repeats the stored reason in every row: it is no note for a new status."""
    new_status = request.status.value != proposal.status
    if (
        new_status
        and request.status is not Status.DECLINED
        and request.reason == proposal.status_reason
    ):
        return Request(request.reference, request.status, None, request.merged_into)
    return request


def apply_plan(session: AsyncSession, planned: Plan, source: str, now: datetime) -> int:
    for change in planned.changes:
        proposal = change.checked.proposal
        assert proposal is not None
        apply(session, proposal, change.request, change.checked.target, None, now, source)
    return len(planned.changes)
