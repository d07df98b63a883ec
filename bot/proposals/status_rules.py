"""Proposal statuses set by admins: the rules (shared by the bot and `rembug import-status`),
the record of each change, and the history a participant sees in /usulanku.

A change is a ProposalStatusChange row with ``notified_at`` NULL; the bot's notice worker
(bot/proposals/status_notices.py) tells the participant, so a change made on the command line
reaches them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import SUPPORTED_LOCALES, Translator, translator
from bot.proposals import statuses
from bot.proposals.screens.cards import StatusEntry
from bot.proposals.statuses import SETTABLE, Status
from storage.models import Proposal, ProposalStatusChange
from storage.queries import audit
from storage.queries import statuses as queries

REASON_MAX = 500


@dataclass(frozen=True)
class Request:
    """A status an admin wants a proposal to have."""

    reference: str
    status: Status
    reason: str | None = None
    merged_into: str | None = None  # the other proposal's reference (merged)


class Refusal(StrEnum):
    NOT_FOUND = "not_found"
    WITHDRAWN = "withdrawn"
    NOT_SETTABLE = "not_settable"
    NEEDS_REASON = "needs_reason"
    REASON_TOO_LONG = "reason_too_long"
    NEEDS_TARGET = "needs_target"
    TARGET_NOT_FOUND = "target_not_found"
    TARGET_ITSELF = "target_itself"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Checked:
    proposal: Proposal | None
    target: Proposal | None = None
    refusal: Refusal | None = None


def normalised(request: Request) -> Request:
    reason = " ".join((request.reason or "").split()) or None
    target = (request.merged_into or "").strip().upper() or None
    if request.status is not Status.MERGED:
        target = None
    return Request(request.reference.strip().upper(), request.status, reason, target)


async def check(session: AsyncSession, request: Request) -> Checked:
    """Whether the change may be made; nothing is changed."""
    proposal = await queries.by_reference(session, request.reference)
    if proposal is None:
        return Checked(None, refusal=Refusal.NOT_FOUND)
    target = None
    if request.merged_into:
        target = await queries.by_reference(session, request.merged_into)
    return Checked(proposal, target, refusal_for(request, proposal, target))


def refusal_for(request: Request, proposal: Proposal, target: Proposal | None) -> Refusal | None:
    target_id = target.id if target is not None else None
    if request.status.value == proposal.status and (
        request.status not in SETTABLE
        or (request.reason, target_id) == (proposal.status_reason, proposal.merged_into_id)
    ):
        return Refusal.UNCHANGED
    if proposal.status == Status.WITHDRAWN:
        return Refusal.WITHDRAWN
    if request.status not in SETTABLE:
        return Refusal.NOT_SETTABLE
    if request.reason and len(request.reason) > REASON_MAX:
        return Refusal.REASON_TOO_LONG
    if request.status is Status.DECLINED and not request.reason:
        return Refusal.NEEDS_REASON
    if request.status is Status.MERGED:
        if not request.merged_into:
            return Refusal.NEEDS_TARGET
        if target is None or target.status == Status.WITHDRAWN:
            return Refusal.TARGET_NOT_FOUND
        if target.id == proposal.id:
            return Refusal.TARGET_ITSELF
    return None


def apply(
    session: AsyncSession,
    proposal: Proposal,
    request: Request,
    target: Proposal | None,
    by: int | None,
    now: datetime,
    source: str,
) -> ProposalStatusChange:
    """Record a checked change; the participant is told by the notice worker."""
    previous = proposal.status
    proposal.status = request.status.value
    proposal.status_reason = request.reason
    proposal.merged_into_id = target.id if target is not None else None
    change = queries.add_change(
        session, proposal.id, request.status.value, request.reason, proposal.merged_into_id, by, now
    )
    details = {"from": previous, "to": request.status.value, "by": by, "source": source}
    if target is not None:
        details["merged_into"] = target.reference
    audit.record(session, now, "proposal.status", None, proposal.reference, **details)
    return change


async def status_history(
    session: AsyncSession, proposal: Proposal, t: Translator
) -> list[StatusEntry]:
    """What happened to a proposal, newest first, ending with its arrival (and withdrawal)."""
    changes = await queries.history(session, proposal.id)
    targets = {c.merged_into_id for c in changes if c.merged_into_id is not None}
    references = await queries.references_of(session, targets)
    entries = [
        StatusEntry(
            t.date(c.changed_at),
            c.status,
            c.reason,
            references.get(c.merged_into_id) if c.merged_into_id else None,
        )
        for c in changes
    ]
    if proposal.withdrawn_at is not None:
        entries.insert(0, StatusEntry(t.date(proposal.withdrawn_at), Status.WITHDRAWN.value))
    entries.append(StatusEntry(t.date(proposal.submitted_at), Status.SUBMITTED.value))
    return entries


_ALIASES = {
    "diterima": Status.ACCEPTED,
    "dibahas": Status.ACCEPTED,
    "prioritas": Status.PRIORITIZED,
    "diprioritaskan": Status.PRIORITIZED,
    "quickwin": Status.PRIORITIZED,
    "quick-win": Status.PRIORITIZED,
    "digabung": Status.MERGED,
    "gabung": Status.MERGED,
    "ditolak": Status.DECLINED,
    "tidak": Status.DECLINED,
    "dilaksanakan": Status.IMPLEMENTED,
    "selesai": Status.IMPLEMENTED,
}


def parse_status(text: str) -> Status | None:
    """A status as staff write it: its code, its label in either language, or a short
    Indonesian word (diterima, prioritas, digabung, ditolak, dilaksanakan)."""
    typed = " ".join(text.lower().split())
    found = statuses.parse(typed) or _ALIASES.get(typed)
    if found is not None:
        return found
    for status, msgid in statuses.LABELS.items():
        if typed in {msgid.lower(), *(translator(loc)(msgid).lower() for loc in SUPPORTED_LOCALES)}:
            return status
    return None
