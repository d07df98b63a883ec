"""Erasure (UU 27/2022): every copy of a person's Telegram id and name goes, in every table;
what they contributed stays, coarsened so that it leads back to nobody. Never commits.

`erase_person` serves /hapusdata; `erase_everyone` the retention date (the same steps over all
rows at once). Proposals stay (they are the consultation's substance) under their anonymous
author row, which gets a new pseudonym: an identity export made earlier cannot be matched to
it. Their map point, typed place and photos go; the kecamatan and desa stay. Supports stay as
an anonymous +1; their comments go. "A atau B?" answers stay in the ranking, leading to nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from storage.dialect import dialect_of
from storage.models import (
    AuditEntry,
    Broadcast,
    Comparison,
    Delivery,
    Dialogue,
    Invitation,
    KecamatanTarget,
    Participant,
    PendingConfirmation,
    Proposal,
    ProposalStatusChange,
    ResultFeedback,
    StaffRole,
    Support,
)
from storage.queries import comparisons
from storage.queries.participants import new_pseudonym

# A delivery not yet sent to someone erased is never sent.
UNSENT = ("pending",)
# The advisory lock key of the retention pass; Telegram user ids, the other keys, are positive.
RETENTION_LOCK = -1
AUDIT_BATCH = 500
# Every column that holds a Telegram id (the audit log holds them inside its details).
_TELEGRAM_ID_COLUMNS: tuple[QueryableAttribute[int | None], ...] = (
    Participant.telegram_user_id,
    StaffRole.telegram_user_id,
    StaffRole.granted_by,
    StaffRole.revoked_by,
    Invitation.created_by,
    Invitation.used_by,
    Broadcast.author_telegram_id,
    Broadcast.progress_chat_id,
    ProposalStatusChange.changed_by,
    KecamatanTarget.updated_by,
    Dialogue.owner_id,
    Delivery.chat_id,
    Participant.mandate_by,
)


@dataclass(frozen=True)
class Who:
    """Whose data: one person (a Telegram id, and their participant row if they have one), or
    everyone (`telegram_ids` None)."""

    telegram_ids: frozenset[int] | None
    participant_ids: frozenset[int] | None

    @classmethod
    def everyone(cls) -> Who:
        return cls(None, None)

    def telegram(self, column: QueryableAttribute[Any]) -> ColumnElement[bool]:
        if self.telegram_ids is None:
            return column.is_not(None)
        return column.in_(self.telegram_ids)

    def participant(self, column: QueryableAttribute[Any]) -> ColumnElement[bool]:
        if self.participant_ids is None:
            return column.is_not(None)
        return column.in_(self.participant_ids)


@dataclass(frozen=True)
class Erased:
    """What an erasure did, for the confirmation and the retention report."""

    participants: int
    proposals_kept: int
    staff_roles_ended: int


async def erase_person(session: AsyncSession, telegram_id: int, now: datetime) -> Erased:
    """Everything about this Telegram user, whether participant, staff or both."""
    found = await session.scalar(
        select(Participant.id).where(Participant.telegram_user_id == telegram_id)
    )
    who = Who(frozenset({telegram_id}), frozenset({found} if found is not None else ()))
    return await _erase(session, who, now)


async def anything_about(session: AsyncSession, telegram_id: int) -> bool:
    """Whether any row holds this Telegram id: a participant, or staff who never took part
    (roles, invitations, broadcasts, signatures, a dialogue, the audit log)."""
    for column in _TELEGRAM_ID_COLUMNS:
        found = await session.scalar(select(column).where(column == telegram_id).limit(1))
        if found is not None:
            return True
    query = select(AuditEntry).where(mentions({telegram_id}))
    entries = await session.scalars(query)
    return any(_mentioned(e, frozenset({telegram_id})) for e in entries)


def _mentioned(entry: AuditEntry, ids: frozenset[int]) -> bool:
    return entry.subject in {str(i) for i in ids} or names_any(entry.details, ids)


async def erase_everyone(session: AsyncSession, now: datetime) -> Erased:
    """The retention date has passed: nobody's Telegram id or name stays, staff included.
    Several workers may try at once (PostgreSQL): one erases, the others then find nothing."""
    if dialect_of(session) == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(RETENTION_LOCK)))
    if not await _anyone_to_erase(session):
        return Erased(0, 0, 0)
    return await _erase(session, Who.everyone(), now)


async def _anyone_to_erase(session: AsyncSession) -> bool:
    """Whether a participant still has an identity or a Telegram id is left anywhere."""
    query = select(Participant.id).where(_identified()).limit(1)
    if (await session.scalar(query)) is not None:
        return True
    return bool(await _telegram_ids_in_audit_scope(session, Who.everyone()))


def _identified() -> ColumnElement[bool]:
    return or_(Participant.telegram_user_id.is_not(None), Participant.display_name.is_not(None))


async def _erase(session: AsyncSession, who: Who, now: datetime) -> Erased:
    ids = await _telegram_ids_in_audit_scope(session, who)
    people = await _forget_participants(session, who, now)
    kept = await _coarsen_proposals(session, who)
    await _forget_support_comments(session, who)
    await comparisons.forget_voters(session, who.participant(Comparison.participant_id))
    await _forget_result_feedback(session, who)
    await _forget_deliveries(session, who, now)
    await _forget_dialogues(session, who)
    ended = await _forget_staff(session, who)
    await _forget_authors(session, who)
    await _scrub_audit(session, who, ids)
    return Erased(people, kept, ended)


async def _forget_dialogues(session: AsyncSession, who: Who) -> None:
    """The dialogue in progress and the pending confirmations."""
    await session.execute(delete(Dialogue).where(who.telegram(Dialogue.owner_id)))
    owned = who.telegram(PendingConfirmation.owner_id)
    await session.execute(delete(PendingConfirmation).where(owned))


async def _forget_participants(session: AsyncSession, who: Who, now: datetime) -> int:
    query = (
        select(Participant)
        .where(
            or_(who.telegram(Participant.telegram_user_id), who.participant(Participant.id)),
            _identified(),
        )
        .order_by(Participant.id)
    )
    rows = list((await session.execute(query)).scalars())
    for participant in rows:
        participant.telegram_user_id = None
        participant.display_name = None
        participant.group_name = None
        participant.represents = None
        participant.represents_unit = None
        participant.community_role = None
        participant.name_visible = None
        participant.mandate = None
        participant.mandate_by = None
        participant.mandate_at = None
        participant.pseudonym = new_pseudonym()
        participant.blocked_at = None
        participant.last_reminded_at = None
        participant.subscribed = True
        participant.erased_at = now
    await session.flush()
    return len(rows)


async def _coarsen_proposals(session: AsyncSession, who: Who) -> int:
    """Exact places and photos could point to a house or a face: desa only, no photos."""
    mine = who.participant(Proposal.participant_id)
    statement = (
        update(Proposal)
        .where(mine)
        .values(latitude=None, longitude=None, location_text=None, photos=[])
    )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0))


async def _forget_support_comments(session: AsyncSession, who: Who) -> None:
    """A support stays as an anonymous +1, like their proposals; its comment, in their own
    words, goes."""
    theirs = who.participant(Support.participant_id)
    await session.execute(
        update(Support).where(theirs, Support.comment.is_not(None)).values(comment=None)
    )


async def _forget_result_feedback(session: AsyncSession, who: Who) -> None:
    """An answer on the results stays counted, leading to nobody; the sentence, in their own
    words, goes."""
    theirs = who.participant(ResultFeedback.participant_id)
    await session.execute(
        update(ResultFeedback).where(theirs).values(participant_id=None, comment=None)
    )


async def _forget_deliveries(session: AsyncSession, who: Who, now: datetime) -> None:
    """The row still counts in its broadcast's report, but names nobody."""
    theirs = or_(who.participant(Delivery.participant_id), who.telegram(Delivery.chat_id))
    status = case((Delivery.status.in_(UNSENT), "cancelled"), else_=Delivery.status)
    statement = (
        update(Delivery)
        .where(theirs)
        .values(participant_id=None, chat_id=None, status=status, updated_at=now)
    )
    await session.execute(statement)


async def _forget_staff(session: AsyncSession, who: Who) -> int:
    """Their own roles end (the row would name them); what they did for others stays, unsigned."""
    result = await session.execute(
        delete(StaffRole).where(who.telegram(StaffRole.telegram_user_id))
    )
    for column in (StaffRole.granted_by, StaffRole.revoked_by):
        await _clear(session, StaffRole, column, who)
    for column in (Invitation.created_by, Invitation.used_by):
        await _clear(session, Invitation, column, who)
    return int(getattr(result, "rowcount", 0))


async def _forget_authors(session: AsyncSession, who: Who) -> None:
    for column in (Broadcast.author_telegram_id, Broadcast.progress_chat_id):
        await _clear(session, Broadcast, column, who)
    await _clear(session, ProposalStatusChange, ProposalStatusChange.changed_by, who)
    await _clear(session, KecamatanTarget, KecamatanTarget.updated_by, who)
    await _clear(session, Participant, Participant.mandate_by, who)


async def _clear(
    session: AsyncSession, model: type[Any], column: QueryableAttribute[Any], who: Who
) -> None:
    await session.execute(update(model).where(who.telegram(column)).values({column.key: None}))


# --- the audit log: ids inside the details -----------------------------------------------------


async def _telegram_ids_in_audit_scope(session: AsyncSession, who: Who) -> frozenset[int]:
    """Every Telegram id the erasure covers, read before the rows that hold them change."""
    if who.telegram_ids is not None:
        return who.telegram_ids
    found: set[int] = set()
    for column in _TELEGRAM_ID_COLUMNS:
        found.update(v for v in (await session.scalars(select(column).distinct())) if v is not None)
    return frozenset(found)


async def _scrub_audit(session: AsyncSession, who: Who, ids: frozenset[int]) -> None:
    """Audit entries stay (what happened, when), but no longer say who did it."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if who.telegram_ids is not None:
        query = query.where(mentions(who.telegram_ids))
    everyone = who.telegram_ids is None
    texts = frozenset(str(i) for i in ids)
    last = 0
    while True:
        batch = list(await session.scalars(query.where(AuditEntry.id > last).limit(AUDIT_BATCH)))
        if not batch:
            return
        for entry in batch:
            _scrub_entry(entry, ids, texts, everyone)
        await session.flush()
        last = batch[-1].id


def mentions(ids: Iterable[int]) -> ColumnElement[bool]:
    """Audit entries that may hold one of these ids (a coarse text match; check each)."""
    details = cast(AuditEntry.details, String)
    return or_(
        *(details.contains(str(i)) for i in ids),
        AuditEntry.subject.in_([str(i) for i in ids]),
    )


def names_any(value: Any, ids: frozenset[int]) -> bool:
    """Whether a JSON value holds one of these ids (as a number or as text) anywhere."""
    texts = frozenset(str(i) for i in ids)
    return bool(_without(value, ids, texts, everyone=False) != value)


def _scrub_entry(
    entry: AuditEntry, ids: frozenset[int], texts: frozenset[str], everyone: bool
) -> None:
    if entry.subject in texts:
        entry.subject = None
    cleaned = _without(entry.details, ids, texts, everyone)
    if cleaned != entry.details:
        entry.details = cleaned


def _without(value: Any, ids: frozenset[int], texts: frozenset[str], everyone: bool) -> Any:
    if isinstance(value, dict):
        # After the retention date "by" goes whatever it holds (a server login names a person).
        return {
            k: None if everyone and k == "by" else _without(v, ids, texts, everyone)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without(v, ids, texts, everyone) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in ids:
        return None
    if isinstance(value, str) and value in texts:
        return None
    return value
