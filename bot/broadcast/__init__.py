"""Broadcasts (siaran) and reminders: rows, not loops.

Design note
-----------
* A broadcast is composed as a draft (bot.broadcast.composer), then queued or scheduled. When
  it is due the worker writes one Delivery row per recipient in one INSERT … SELECT whose
  audience filter always carries the kecamatan (and re-checks the author's role first).
* The worker (bot.broadcast.worker) sends at Telegram's pace: a token bucket shared with
  every other message the bot sends (bot.transport.pacing), default 25/s, small burst, so the
  bot stays under ~30/s overall; a recipient gets one message per broadcast, well under 1/s a
  chat. A 429 pauses all broadcast sending for its retry_after and the row goes back to
  pending (never dropped); a 403 marks the participant blocked and is not retried; network
  errors are retried up to 3 times, then the row is failed.
* Exactly once: each row is claimed (pending → sending) in its own short committed
  transaction right after its token is granted and right before its one HTTP call, and
  recorded (sent / blocked / failed) right after Telegram answers. No transaction is open
  while a request is on the wire, and at most BROADCAST_CONCURRENCY rows are ever 'sending'.
* A crash (even SIGKILL) leaves those few rows in 'sending'. Telegram has no idempotency key
  and a bot cannot read back a private chat, so whether they arrived cannot be known. At
  start-up they become 'unconfirmed' and are NOT sent again: the request is written to the
  socket microseconds after the claim commits, while the answer and the record take longer,
  so a row caught in flight has almost always arrived; sending again would mostly duplicate.
  The final report counts them apart ("unconfirmed"), so the author knows the worst case.
* Scheduled broadcasts and reminders are rows with a time; the worker polls for due ones
  (and is woken when something is queued), so they survive restarts.
* Quiet hours hold reminders only (see bot.broadcast.reminders).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast import screens
from bot.broadcast.composer import Composer
from bot.broadcast.reminders import Reminders
from bot.broadcast.worker import DeliveryWorker
from bot.people import Speaker
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response
from storage.models import Broadcast
from storage.queries import audit
from storage.queries import broadcast as queries


@dataclass(eq=False)
class Broadcasting:
    """What the broadcast handlers call."""

    composer: Composer
    reminders: Reminders
    worker: DeliveryWorker
    staff_of: StaffOf
    clock: Callable[[], datetime]

    async def stop(self, session: AsyncSession, speaker: Speaker, broadcast_id: int) -> Response:
        """Batalkan: the rest is not sent; rows already on the wire finish."""
        t, now = speaker.t, self.clock()
        staff = await self.staff_of(session, speaker.person.telegram_id)
        broadcast = await queries.get(session, broadcast_id)
        if broadcast is None or broadcast.status not in ("scheduled", "sending"):
            return Response(alert=screens.gone(t))
        if not _may_stop(staff, broadcast):
            return Response(alert=screens.not_allowed(t))
        await queries.cancel_pending(session, broadcast.id, now)
        broadcast.status, broadcast.finished_at = "cancelled", now
        audit.record(
            session, now, "broadcast.cancelled", None, str(broadcast.id), by=staff.telegram_id
        )
        counts = await queries.counts(session, broadcast.id)
        return Response([Reply(screens.cancelled(t, broadcast, counts), edit=True)])


def _may_stop(staff: Staff, broadcast: Broadcast) -> bool:
    if broadcast.kecamatan_code is None:
        return staff.is_admin
    return staff.may_coordinate(broadcast.kecamatan_code)
