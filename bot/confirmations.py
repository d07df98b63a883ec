"""Confirmation buttons ("Yes, erase" / "No") work once, and only on the newest such screen.

Showing a confirmation offers a fresh nonce, kept for the person and the kind of confirmation
(storage/queries/confirmations.py) and carried by both of its buttons. A tap counts only with
the nonce of the newest screen of its kind, for the same subject, and uses it up whether it
says yes or no: a declined, used or superseded confirmation has expired and changes nothing.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from storage.queries import confirmations as queries

_NONCE = re.compile(r"[0-9a-f]{8}")


class Confirm(StrEnum):
    ERASE = "erase"  # /hapusdata
    WITHDRAW = "withdraw"  # a proposal, in /usulanku
    ROUND = "round"  # close or cancel a consultation round
    COORDINATOR = "coordinator"  # remove a coordinator
    OPD_STAFF = "opd_staff"  # remove a member of a perangkat daerah's staff
    STATUS = "status"  # the status menu of a proposal
    BROADCAST = "broadcast"  # send or discard a broadcast draft
    QUICK_WIN = "quick_win"  # choose or unmark a quick win (/quickwin)
    RESPONSE = "response"  # save a tanggapan at the OPD desk (the draft is the subject)


async def offer(
    session: AsyncSession, telegram_id: int, kind: Confirm, subject: str, now: datetime
) -> str:
    """A new nonce for a confirmation screen about `subject`; older ones of `kind` expire."""
    nonce = secrets.token_hex(4)
    pending = await queries.pending(session, telegram_id)
    pending[kind.value] = {"subject": subject, "nonce": nonce}
    await queries.keep(session, telegram_id, pending, now)
    return nonce


async def take(
    session: AsyncSession,
    telegram_id: int,
    kind: Confirm,
    subject: str,
    nonce: str,
    now: datetime,
) -> bool:
    """True once for the newest screen's nonce (yes or no alike); False when it has expired."""
    if not _NONCE.fullmatch(nonce):
        return False
    pending = await queries.pending(session, telegram_id)
    if pending.get(kind.value) != {"subject": subject, "nonce": nonce}:
        return False
    del pending[kind.value]
    await queries.keep(session, telegram_id, pending, now)
    return True


async def expire(session: AsyncSession, telegram_id: int, kind: Confirm, now: datetime) -> None:
    """The pending confirmation of `kind` expires (what it asked about changed meanwhile)."""
    pending = await queries.pending(session, telegram_id)
    if pending.pop(kind.value, None) is not None:
        await queries.keep(session, telegram_id, pending, now)


async def forget(session: AsyncSession, telegram_id: int) -> None:
    await queries.forget(session, telegram_id)
