"""The audit log as CSV (UTF-8 with BOM), streamed, for admins."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.export.neutral import for_csv
from bot.export.rows import WIB
from bot.export.text import CSV_DATE
from storage.db import Database
from storage.queries import export as queries

HEADERS = ("id", "waktu_wib", "tindakan", "pelaku_peserta_id", "subjek", "rincian")


async def write_audit_csv(session: AsyncSession, path: Path) -> int:
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADERS)
        async for chunk in queries.stream_audit(session):
            writer.writerows(_line(row) for row in chunk)
            rows += len(chunk)
    return rows


def _line(row: Sequence[Any]) -> list[str | int]:
    entry_id, at, action, actor, subject, details = row
    return [
        entry_id,
        at.astimezone(WIB).strftime(CSV_DATE),
        for_csv(action),
        "" if actor is None else actor,
        for_csv(subject or ""),
        for_csv(json.dumps(details or {}, ensure_ascii=False, sort_keys=True)),
    ]


async def audit_to_file(database_url: str, path: Path) -> int:
    database = Database(database_url)
    try:
        async with database.sessions() as session:
            return await write_audit_csv(session, path)
    finally:
        await database.dispose()
