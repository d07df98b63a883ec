"""The migrations build the schema the models describe, with one round open — on SQLite, and
on PostgreSQL in the PostgreSQL run (`alembic check` on both)."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import text

from storage.db import Database
from storage.migrate import check, upgrade


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    async def read() -> list[tuple[object, ...]]:
        database = Database(url)
        try:
            async with database.transaction() as session:
                return [tuple(row) for row in await session.execute(text(sql))]
        finally:
            await database.dispose()

    return asyncio.run(read())


def test_fresh_database_matches_models_and_has_an_open_round(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    check(empty_database_url)  # raises when models and migrations disagree (alembic check)
    rounds = _rows(empty_database_url, "SELECT name, closes_at FROM rounds")
    assert rounds == [("Putaran 1", None)]


def test_upgrade_twice_changes_nothing(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    upgrade(empty_database_url)
    assert _rows(empty_database_url, "SELECT count(*) FROM rounds") == [(1,)]


def test_upgrade_keeps_deliveries_and_lets_them_outlive_their_recipient(
    empty_database_url: str,
) -> None:
    """0003 on a database in use: a delivery written under 0002 stays, and can then be
    signed off (erasure sets its participant and chat to NULL)."""
    from alembic import command

    from storage.migrate import alembic_config

    command.upgrade(alembic_config(empty_database_url), "0002")
    now = "'2026-01-01 00:00:00+00:00'"
    for statement in (
        "INSERT INTO participants (id, pseudonym, telegram_user_id, locale, consented_at, "
        f"subscribed) VALUES (1, 'P-1', 424242, 'id', {now}, true)",
        "INSERT INTO broadcasts (id, kind, author_telegram_id, audience, text, "
        "with_propose_button, status, scheduled_at, created_at) VALUES (1, 'broadcast', 7, "
        f"'{{}}', 'Halo', false, 'done', {now}, {now})",
        "INSERT INTO deliveries (id, broadcast_id, participant_id, chat_id, status, attempts, "
        f"updated_at) VALUES (1, 1, 1, 424242, 'sent', 1, {now})",
    ):
        _rows(empty_database_url, statement + " RETURNING 1")
    upgrade(empty_database_url)
    _rows(
        empty_database_url,
        "UPDATE deliveries SET participant_id = NULL, chat_id = NULL RETURNING 1",
    )
    assert _rows(empty_database_url, "SELECT status, chat_id FROM deliveries") == [("sent", None)]


def test_upgrade_moves_pending_confirmations_out_of_the_dialogues(
    empty_database_url: str,
) -> None:
    """0004: a confirmation pending under 0003 (a dialogues row under the negated id) moves to
    its own table, beside the person's dialogue in progress, which stays."""
    from alembic import command

    from storage.migrate import alembic_config

    command.upgrade(alembic_config(empty_database_url), "0003")
    now = "'2026-01-01 00:00:00+00:00'"
    pending = '{"erase": {"subject": "", "nonce": "0a1b2c3d"}}'
    for owner, flow, answers in ((-424242, "confirm", pending), (424242, "proposal", "{}")):
        _rows(
            empty_database_url,
            "INSERT INTO dialogues (owner_id, flow, step, mode, revision, answers, preset, "
            f"updated_at) VALUES ({owner}, '{flow}', '-', 'ask', 0, '{answers}', '[]', {now}) "
            "RETURNING 1",
        )
    upgrade(empty_database_url)
    assert _rows(empty_database_url, "SELECT owner_id, flow FROM dialogues") == [
        (424242, "proposal")
    ]
    moved = _rows(empty_database_url, "SELECT owner_id, pending FROM pending_confirmations")
    [(owner, kept)] = moved
    assert owner == 424242
    assert (json.loads(kept) if isinstance(kept, str) else kept) == json.loads(pending)
