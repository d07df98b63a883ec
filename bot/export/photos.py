"""The "with photos" export: a ZIP holding the XLSX and the proposals' photos, each named by
its proposal's reference (CKU-0042-1.jpg, CKU-0042-2.jpg …), for an OPD meeting without
phones. The photos are fetched from Telegram through the transport's Files port; one that
cannot be fetched is left out and counted. The ZIP stops growing at the upload limit."""

from __future__ import annotations

import asyncio
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.export.build import Progress
from bot.transport.files import Downloaded
from bot.transport.outbox import NotDelivered
from storage.db import Database
from storage.queries import export as queries
from storage.queries.export import Scope

# What the ZIP's directory adds per entry (header and central record), rounded up.
ENTRY_OVERHEAD = 200
AT_ONCE = 4  # photos fetched side by side: a few, so replies to others are not held up


class FileSource(Protocol):
    async def download(self, file_id: str) -> Downloaded: ...


@dataclass(frozen=True)
class Packed:
    path: Path | None  # None: the ZIP would be over the limit
    size: int
    photos: int
    missing: int


async def photos_of(database_url: str, scope: Scope) -> list[tuple[str, list[str]]]:
    """The photos' file ids, on a database engine of its own (run with off_loop)."""
    database = Database(database_url)
    try:
        async with database.sessions() as session:
            return await queries.photos(session, scope)
    finally:
        await database.dispose()


async def pack(
    xlsx: Path,
    wanted: list[tuple[str, list[str]]],
    files: FileSource,
    limit: int,
    progress: Progress,
) -> Packed:
    """`progress(fetched, total)` after each batch of photos: fetching them takes longest."""
    target = xlsx.with_name(xlsx.stem + "-foto.zip")
    photos = missing = 0
    # "CKU-0042-2": the proposal's second photo, as the desk shows them, whatever is missing.
    named = [(f"{ref}-{n}", file_id) for ref, ids in wanted for n, file_id in enumerate(ids, 1)]
    # Stored, not deflated: JPEG and XLSX are compressed already.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        await asyncio.to_thread(archive.write, xlsx, xlsx.name)
        size = target.stat().st_size + ENTRY_OVERHEAD
        if size > limit:
            return Packed(None, size, photos, missing)
        for start in range(0, len(named), AT_ONCE):
            batch = named[start : start + AT_ONCE]
            fetched = await asyncio.gather(*(_fetch(files, file_id) for _, file_id in batch))
            for (stem, _), image in zip(batch, fetched, strict=True):
                if image is None:
                    missing += 1
                    continue
                size += len(image.content) + ENTRY_OVERHEAD
                if size > limit:
                    return Packed(None, size, photos, missing)
                await asyncio.to_thread(
                    archive.writestr, f"{stem}.{image.extension}", image.content
                )
                photos += 1
            progress(start + len(batch), len(named))
    return Packed(target, target.stat().st_size, photos, missing)


async def _fetch(files: FileSource, file_id: str) -> Downloaded | None:
    """The photo, or None when Telegram does not hand it out (any more)."""
    try:
        return await files.download(file_id)
    except NotDelivered:
        return None
