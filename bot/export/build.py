"""Builds an export file from the database, streaming: memory does not grow with the rows.

`off_loop(export_to_file(...))` runs the whole build in a worker thread with its own event
loop and its own database engine, so the bot's event loop keeps answering other people
meanwhile.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.export import feedback_sheet, opd_sheet, priority_sheet
from bot.export.columns import columns_for
from bot.export.rows import WIB, Labels, RowBuilder
from bot.export.summary import Summary
from bot.export.text import CsvExport, JsonExport
from bot.export.xlsx import XlsxExport
from bot.opd.choosing import board
from bot.reference import Reference
from storage.db import Database
from storage.queries import export as queries
from storage.queries.export import Scope

Progress = Callable[[int, int], None]
_T = TypeVar("_T")


class Format(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True)
class Request:
    format: Format
    scope: Scope = field(default_factory=Scope)
    identity: bool = False


@dataclass(frozen=True)
class Result:
    path: Path
    rows: int
    size: int


class Writer(Protocol):
    def add(self, row: Sequence[Any]) -> None: ...
    def close(self) -> None: ...


async def summarise(
    session: AsyncSession, request: Request, now: dt.datetime, total: int
) -> Summary:
    scope = request.scope
    name = await queries.round_name(session, scope.round_id) if scope.round_id else None
    return Summary(
        created_at=now.astimezone(WIB),
        round_name=name,
        kecamatan_code=scope.kecamatan_code,
        identity=request.identity,
        include_hidden=scope.include_hidden,
        include_withdrawn=scope.include_withdrawn,
        total=total,
        counts=await queries.by_kecamatan_and_dimension(session, scope),
        proposers=await queries.proposers_by_kecamatan(session, scope),
        registered=await queries.registered_by_kecamatan(session, scope.kecamatan_code),
        agencies=await queries.by_agency(session, scope),
        supports=await queries.supports_count(session, scope),
        agency=scope.agency,
        names_withheld=await queries.names_withheld(session, scope) if request.identity else 0,
    )


async def _open(
    session: AsyncSession,
    reference: Reference,
    request: Request,
    path: Path,
    now: dt.datetime,
    total: int,
) -> Writer:
    scope = request.scope
    columns = columns_for(request.identity, scope.include_hidden)
    builder = RowBuilder(Labels.indonesian(reference), request.identity, scope.include_hidden)
    if request.format is Format.CSV:
        return CsvExport(path, columns, builder)
    if request.format is Format.JSON:
        return JsonExport(path, builder)
    summary = await summarise(session, request, now, total)
    shortlist = await board(session, queries.conditions(scope))
    opd = await opd_sheet.load(session, reference, scope)
    ranked = await priority_sheet.load(session, scope)
    feedback = await feedback_sheet.load(session, reference, scope)
    return XlsxExport(
        path,
        reference,
        columns,
        builder,
        summary,
        quick_win=shortlist,
        opd=opd,
        ranked=ranked,
        feedback=feedback,
    )


async def write_export(
    session: AsyncSession,
    reference: Reference,
    request: Request,
    path: Path,
    now: dt.datetime,
    progress: Progress | None = None,
) -> int:
    """Writes the file; returns the number of proposals in it."""
    total = await queries.count(session, request.scope)
    writer = await _open(session, reference, request, path, now, total)
    done = 0
    try:
        async for chunk in queries.stream_proposals(session, request.scope, request.identity):
            for row in chunk:
                writer.add(row)
            done += len(chunk)
            if progress is not None:
                progress(done, max(total, done))
        if isinstance(writer, XlsxExport):  # a sheet of its own; CSV and JSON have a count
            async for chunk in queries.stream_supporters(session, request.scope, request.identity):
                for row in chunk:
                    writer.add_supporter(row)
    finally:
        writer.close()
    return done


async def export_to_file(
    database_url: str,
    reference: Reference,
    request: Request,
    path: Path,
    now: dt.datetime,
    progress: Progress | None = None,
) -> Result:
    """The export on a database engine of its own (so it can live in any thread)."""
    database = Database(database_url)
    try:
        async with database.sessions() as session:
            rows = await write_export(session, reference, request, path, now, progress)
    finally:
        await database.dispose()
    return Result(path, rows, _size(path))


def _size(path: Path) -> int:
    return path.stat().st_size


async def off_loop(work: Coroutine[Any, Any, _T]) -> _T:
    """Runs `work` in a worker thread with an event loop of its own, so the caller's loop
    keeps answering meanwhile; the work opens its own database engine (`export_to_file`,
    the audit log's `audit_to_file`)."""
    return await asyncio.to_thread(asyncio.run, work)
