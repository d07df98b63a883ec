"""Fitting a finished export to Telegram's upload limit."""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path

# XLSX is a zip already; CSV and JSON shrink several times over when zipped.
ZIPPABLE = (".csv", ".json")


def _zip(path: Path) -> Path:
    target = path.with_name(path.name + ".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, arcname=path.name)
    return target


def fit(path: Path, limit: int) -> tuple[Path | None, bool]:
    """(the file to send, whether it was zipped); (None, …) when nothing fits."""
    if path.stat().st_size <= limit:
        return path, False
    if path.suffix not in ZIPPABLE:
        return None, False
    zipped = _zip(path)
    if zipped.stat().st_size <= limit:
        return zipped, True
    return None, True


async def fit_upload(path: Path, limit: int) -> tuple[Path | None, bool]:
    return await asyncio.to_thread(fit, path, limit)
