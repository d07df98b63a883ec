from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import Table, Update, bindparam, delete, inspect, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from storage.models import Dialogue


async def get(session: AsyncSession, owner_id: int) -> Dialogue | None:
    return await session.get(Dialogue, owner_id)


async def remove(session: AsyncSession, owner_id: int) -> None:
    await session.execute(delete(Dialogue).where(Dialogue.owner_id == owner_id))


async def note(
    session: AsyncSession | AsyncConnection, owner_id: int, values: dict[str, int | None]
) -> None:
    """Note what a delivery showed: the message holding the current question
    (`question_message_id`; None when it did not arrive, so the next input shows it again) and
    the one saying why the last answer didn't fit (`error_message_id`; the next one replaces
    it)."""
    await session.execute(update(Dialogue).where(Dialogue.owner_id == owner_id).values(**values))


async def write(session: AsyncSession, row: Dialogue) -> None:
    """The row's changed columns in one Core UPDATE now, the row then clean. Every dialogue
    step changes its row; the ORM's flush of it (unit of work, history, events) cost more CPU
    than the UPDATE itself. A row not yet in the database (new, or deleted) is left to the
    flush; so is any change made after this."""
    state = inspect(row)
    if not state.persistent:
        return
    changed = {key: getattr(row, key) for key in state.committed_state if key in _COLUMNS}
    if not changed:
        return
    columns = tuple(sorted(changed))
    values = {f"new_{name}": changed[name] for name in columns}
    with session.no_autoflush:  # (a flush first would write the same row the ORM's way)
        await session.execute(_update_of(columns), {"owner": row.owner_id, **values})
    for key, value in changed.items():
        set_committed_value(row, key, value)


def _table() -> Table:
    table = Dialogue.__table__
    assert isinstance(table, Table)
    return table


_TABLE = _table()
_COLUMNS = frozenset(column.key for column in _TABLE.columns) - {"owner_id"}


@functools.cache
def _update_of(columns: tuple[str, ...]) -> Update:
    """UPDATE of these columns of one owner's row: built once per set of columns."""
    return (
        update(_TABLE)
        .where(_TABLE.c.owner_id == bindparam("owner"))
        .values({name: bindparam(f"new_{name}") for name in columns})
    )


async def note_many(session: AsyncSession, rows: list[tuple[int, dict[str, int | None]]]) -> None:
    """`note` for several owners whose values name the same columns, in one executemany."""
    columns = tuple(sorted(rows[0][1]))
    statement = _update_of(columns)
    params = [
        {"owner": owner, **{f"new_{name}": values[name] for name in columns}}
        for owner, values in rows
    ]
    await session.execute(statement, params)


async def replace(
    session: AsyncSession,
    owner_id: int,
    *,
    flow: str,
    step: str,
    mode: str,
    revision: int,
    answers: dict[str, Any],
    preset: list[Any],
    proposal_id: int | None,
    now: datetime,
) -> tuple[Dialogue, int | None]:
    """The owner's new dialogue in place of any earlier one, and the message id of the earlier
    one's question (its buttons are to be retired)."""
    old = await get(session, owner_id)
    retire = old.question_message_id if old else None
    if old is not None:
        await session.delete(old)
        await session.flush()  # the new row has the same key
    row = Dialogue(
        owner_id=owner_id,
        flow=flow,
        step=step,
        mode=mode,
        revision=revision,
        answers=answers,
        preset=preset,
        proposal_id=proposal_id,
        updated_at=now,
    )
    session.add(row)
    return row, retire
