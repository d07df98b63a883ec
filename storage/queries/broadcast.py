"""Broadcasts, their audiences and one Delivery row per recipient. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import for_claim
from storage.models import Broadcast, Delivery, Dialogue, Participant, Proposal

REMINDED_AT_MOST_EVERY = timedelta(days=1)


def reachable() -> list[ColumnElement[bool]]:
    """Who may receive anything: registered, not erased, subscribed, not blocking the bot."""
    return [
        Participant.telegram_user_id.is_not(None),
        Participant.registered_at.is_not(None),
        Participant.erased_at.is_(None),
        Participant.subscribed.is_(True),
        Participant.blocked_at.is_(None),
    ]


def audience_filter(
    kecamatan_code: str | None, audience: dict[str, Any], now: datetime
) -> list[ColumnElement[bool]]:
    """The recipients; always scoped to the kecamatan (None only for an admin's regency-wide
    broadcast), whatever else the audience says."""
    where = reachable()
    if kecamatan_code is not None:
        where.append(Participant.kecamatan_code == kecamatan_code)
    mode = audience.get("mode")
    if mode == "desa":
        where.append(Participant.desa_code.in_([str(d) for d in audience.get("desa") or []]))
    elif mode == "role":
        where.append(Participant.community_role.in_([str(r) for r in audience.get("roles") or []]))
    elif mode == "pending":
        where.append(~exists().where(_live_proposal()))
    elif mode == "idle":
        where.extend(_idle(now, float(audience.get("hours", 24))))
    elif mode != "all":
        where.append(literal(False))
    return where


def _live_proposal() -> ColumnElement[bool]:
    return and_(Proposal.participant_id == Participant.id, Proposal.withdrawn_at.is_(None))


def _idle(now: datetime, hours: float) -> list[ColumnElement[bool]]:
    started = exists().where(
        Dialogue.owner_id == Participant.telegram_user_id,
        Dialogue.flow == "proposal",
        Dialogue.updated_at < now - timedelta(hours=hours),
    )
    recently = now - REMINDED_AT_MOST_EVERY
    not_recently = or_(
        Participant.last_reminded_at.is_(None), Participant.last_reminded_at < recently
    )
    return [started, not_recently]


async def count_audience(
    session: AsyncSession, kecamatan_code: str | None, audience: dict[str, Any], now: datetime
) -> int:
    query = select(func.count(Participant.id)).where(
        *audience_filter(kecamatan_code, audience, now)
    )
    return int((await session.execute(query)).scalar_one())


async def get(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    return await session.get(Broadcast, broadcast_id)


async def get_locked(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    """The broadcast, unless another worker holds it right now (it is finishing it)."""
    query = select(Broadcast).where(Broadcast.id == broadcast_id)
    found = await session.execute(
        for_claim(session, query).execution_options(populate_existing=True)
    )
    return found.scalar_one_or_none()


async def materialize(session: AsyncSession, broadcast: Broadcast, now: datetime) -> int:
    """Write one pending Delivery per recipient, in one statement, before anything is sent."""
    where = audience_filter(broadcast.kecamatan_code, broadcast.audience, now)
    rows = select(
        literal(broadcast.id),
        Participant.id,
        Participant.telegram_user_id,
        literal("pending"),
        literal(0),
        literal(now),
    ).where(*where)
    columns = ["broadcast_id", "participant_id", "chat_id", "status", "attempts", "updated_at"]
    await session.execute(insert(Delivery).from_select(columns, rows))
    if broadcast.kind == "reminder":
        await session.execute(
            update(Participant)
            .where(Participant.id.in_(_recipients(broadcast.id)))
            .values(last_reminded_at=now)
        )
    return await _count(session, broadcast.id)


def _recipients(broadcast_id: int) -> Any:
    return select(Delivery.participant_id).where(Delivery.broadcast_id == broadcast_id)


async def _count(session: AsyncSession, broadcast_id: int) -> int:
    query = select(func.count(Delivery.id)).where(Delivery.broadcast_id == broadcast_id)
    return int((await session.execute(query)).scalar_one())


async def due(session: AsyncSession, now: datetime) -> Sequence[Broadcast]:
    query = (
        select(Broadcast)
        .where(Broadcast.status == "scheduled", Broadcast.scheduled_at <= now)
        .order_by(Broadcast.scheduled_at, Broadcast.id)
    )
    return (await session.execute(for_claim(session, query))).scalars().all()


async def running(session: AsyncSession) -> Sequence[Broadcast]:
    query = select(Broadcast).where(Broadcast.status == "sending").order_by(Broadcast.id)
    return (await session.execute(query)).scalars().all()


async def next_scheduled(session: AsyncSession) -> datetime | None:
    query = select(func.min(Broadcast.scheduled_at)).where(Broadcast.status == "scheduled")
    return (await session.execute(query)).scalar_one_or_none()


@dataclass(frozen=True)
class Pending:
    delivery_id: int
    broadcast_id: int
    participant_id: int
    chat_id: int
    locale: str
    reachable: bool


async def pending(session: AsyncSession, broadcast_ids: Sequence[int], limit: int) -> list[Pending]:
    """The next rows to send, oldest first, with what is needed to send them."""
    if not broadcast_ids:
        return []
    still = and_(*reachable())
    query = (
        select(Delivery.id, Delivery.broadcast_id, Participant.id, Delivery.chat_id)
        .add_columns(Participant.locale, still)
        .join(Participant, Participant.id == Delivery.participant_id)
        .where(Delivery.status == "pending", Delivery.broadcast_id.in_(broadcast_ids))
        .order_by(Delivery.id)
        .limit(limit)
    )
    rows = (await session.execute(for_claim(session, query))).all()
    return [Pending(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


async def claim(session: AsyncSession, delivery_id: int, now: datetime) -> bool:
    """pending → sending, unless another worker or a cancel got there first."""
    statement = (
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "pending")
        .values(status="sending", attempts=Delivery.attempts + 1, updated_at=now)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def record(session: AsyncSession, delivery_id: int, status: str, now: datetime) -> None:
    statement = update(Delivery).where(Delivery.id == delivery_id)
    await session.execute(statement.values(status=status, updated_at=now))


async def requeue(session: AsyncSession, delivery_id: int, now: datetime) -> None:
    """Back to pending after a 429: Telegram refused it, so it was not sent; not an attempt."""
    statement = update(Delivery).where(Delivery.id == delivery_id)
    values = {"status": "pending", "attempts": Delivery.attempts - 1, "updated_at": now}
    await session.execute(statement.values(**values))


async def attempts(session: AsyncSession, delivery_id: int) -> int:
    found = await session.get(Delivery, delivery_id)
    return found.attempts if found else 0


async def mark_blocked(session: AsyncSession, participant_id: int, now: datetime) -> None:
    statement = update(Participant).where(Participant.id == participant_id)
    await session.execute(statement.values(blocked_at=now))


async def counts(session: AsyncSession, broadcast_id: int) -> dict[str, int]:
    query = (
        select(Delivery.status, func.count(Delivery.id))
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.status)
    )
    return {status: int(n) for status, n in (await session.execute(query)).all()}


async def settle_in_flight(
    session: AsyncSession, now: datetime, older_than: timedelta | None = None
) -> int:
    """After a crash: rows left 'sending' were on the wire; see bot.broadcast for why they
    become 'unconfirmed' rather than being sent again. With several workers only rows claimed
    longer ago than `older_than` are settled: a younger one may be another worker's send."""
    where = [Delivery.status == "sending"]
    if older_than is not None:
        where.append(Delivery.updated_at < now - older_than)
    statement = update(Delivery).where(*where).values(status="unconfirmed", updated_at=now)
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0))


async def cancel_pending(session: AsyncSession, broadcast_id: int, now: datetime) -> int:
    statement = (
        update(Delivery)
        .where(Delivery.broadcast_id == broadcast_id, Delivery.status == "pending")
        .values(status="cancelled", updated_at=now)
    )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0))


async def unfinished(session: AsyncSession, broadcast_id: int) -> int:
    query = select(func.count(Delivery.id)).where(
        Delivery.broadcast_id == broadcast_id, Delivery.status.in_(("pending", "sending"))
    )
    return int((await session.execute(query)).scalar_one())


async def set_subscribed(session: AsyncSession, participant: Participant, value: bool) -> None:
    participant.subscribed = value


async def save_draft(
    session: AsyncSession,
    draft: Broadcast | None,
    author_telegram_id: int,
    now: datetime,
    *,
    kecamatan_code: str | None,
    text: str,
    with_propose_button: bool,
    audience: dict[str, Any],
) -> Broadcast:
    """A composed broadcast, new (`draft` None) or changed, as a draft with its id."""
    if draft is None:
        draft = Broadcast(
            kind="broadcast", author_telegram_id=author_telegram_id, status="draft", created_at=now
        )
        session.add(draft)
    draft.kecamatan_code = kecamatan_code
    draft.text = text
    draft.with_propose_button = with_propose_button
    draft.scheduled_at = now
    draft.audience = audience
    await session.flush()
    return draft


async def create_reminder(
    session: AsyncSession,
    author_telegram_id: int,
    kecamatan_code: str | None,
    audience: dict[str, Any],
    when: datetime,
    now: datetime,
    progress: tuple[int, int],
) -> Broadcast:
    """A reminder scheduled for `when`; `progress` is the (chat, message) showing its status."""
    return await queue_letter(
        session, "reminder", author_telegram_id, kecamatan_code, audience, now, progress, when
    )


async def queue_letter(
    session: AsyncSession,
    kind: str,
    author_telegram_id: int,
    kecamatan_code: str | None,
    audience: dict[str, Any],
    now: datetime,
    progress: tuple[int, int] | None,
    when: datetime | None = None,
) -> Broadcast:
    """A broadcast without a typed text (a reminder, or a kind written per recipient by a
    bot.broadcast.worker.Letter), due at `when` (default now); `progress` is the (chat,
    message) that shows its progress to its author."""
    letter = Broadcast(
        kind=kind,
        author_telegram_id=author_telegram_id,
        kecamatan_code=kecamatan_code,
        audience=audience,
        text="",
        with_propose_button=False,
        status="scheduled",
        scheduled_at=when or now,
        created_at=now,
        progress_chat_id=progress[0] if progress else None,
        progress_message_id=progress[1] if progress else None,
    )
    session.add(letter)
    await session.flush()  # its id goes to the audit log
    return letter


async def attach_progress(
    session: AsyncSession, broadcast_id: int, chat_id: int, message_id: int
) -> str | None:
    """The message that shows a broadcast's progress, sent after it was queued; returns the
    broadcast's status as it is once the row is locked ("done": it finished without it)."""
    attached = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id)
        .values(progress_chat_id=chat_id, progress_message_id=message_id)
        .returning(Broadcast.status)
    )
    status: str | None = attached.scalar_one_or_none()
    return status
