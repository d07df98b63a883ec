"""Files that hold personal data are the owner's only, even under the usual umask 022: the
data folder 0700; the SQLite database, its -wal and -shm, backups and exports 0600; and the
systemd units run Rembug with UMask=0077."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database

from .durability_helpers import run_cli

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """What a login shell or a plain service gives: new files readable by everyone."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_database_folder_and_files_are_private(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'nested' / 'rembug.db'}"
    os.chmod(tmp_path, 0o755)
    database = Database(url)
    try:
        async with database.transaction() as session:
            await session.execute(text("CREATE TABLE t (x INTEGER)"))
            await session.execute(text("INSERT INTO t VALUES (1)"))
        folder = tmp_path / "data" / "nested"
        written = sorted(p.name for p in folder.iterdir())
        assert written == ["rembug.db", "rembug.db-shm", "rembug.db-wal"]  # WAL, in use
        assert {name: mode(folder / name) for name in written} == dict.fromkeys(written, 0o600)
        assert (mode(tmp_path / "data"), mode(folder)) == (0o700, 0o700)
        assert mode(tmp_path) == 0o755, "a folder that existed is left as it was"
    finally:
        await database.dispose()


def test_an_existing_database_is_made_private(tmp_path: Path) -> None:
    loose = tmp_path / "rembug.db"
    loose.touch(mode=0o644)
    assert mode(loose) == 0o644
    Database(f"sqlite+aiosqlite:///{loose}")
    assert mode(loose) == 0o600


def test_migrations_backups_and_exports_are_private(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'rembug.db'}"}
    assert run_cli("db", "upgrade", cwd=tmp_path, **env).returncode == 0
    assert (mode(tmp_path / "data"), mode(tmp_path / "data" / "rembug.db")) == (0o700, 0o600)
    backup = run_cli("db", "backup", str(tmp_path / "copy.db"), cwd=tmp_path, **env)
    assert backup.returncode == 0, backup.stderr
    assert mode(tmp_path / "copy.db") == 0o600
    for args in (
        ("export", "--format", "csv", "--with-identity", "--output", "names.csv"),
        ("export", "--format", "xlsx", "--with-identity", "--output", "names.xlsx"),
        ("audit-export", "--output", "audit.csv"),
    ):
        done = run_cli(*args, cwd=tmp_path, **env)
        assert done.returncode == 0, done.stderr
        assert mode(tmp_path / args[-1]) == 0o600, args


@pytest.mark.parametrize(
    "unit", ["rembug.service", "rembug-webhook@.service", "rembug-retention.service"]
)
def test_systemd_units_create_private_files(unit: str) -> None:
    lines = (DEPLOY / unit).read_text().splitlines()
    assert "UMask=0077" in lines
