"""The migrations build the schema the models describe, with one round open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.migrate import check, upgrade


def test_fresh_database_matches_models_and_has_an_open_round(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "rembug.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url)
    check(url)  # raises when models and migrations disagree (alembic check)
    with sqlite3.connect(path) as connection:
        rounds = connection.execute("SELECT name, closes_at FROM rounds").fetchall()
    assert rounds == [("Putaran 1", None)]


def test_upgrade_twice_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'rembug.db'}"
    upgrade(url)
    upgrade(url)
    with sqlite3.connect(tmp_path / "rembug.db") as connection:
        assert connection.execute("SELECT count(*) FROM rounds").fetchone() == (1,)
