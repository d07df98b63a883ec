"""Tells participants about status changes: a worker in the running bot sends every change
still without ``notified_at``, whether it was made in the bot or by `rembug import-status`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import translator
from bot.proposals.screens.status import notice
from bot.screens import Screen
from bot.transport.outbox import Outbox
from bot.transport.queued import POLL_SECONDS, Clock, QueuedMessages
from storage.db import Database
from storage.models import ProposalStatusChange
from storage.queries import statuses as queries


class StatusNotices(QueuedMessages):
    def __init__(
        self, database: Database, clock: Clock, outbox: Outbox, poll_seconds: float = POLL_SECONDS
    ):
        columns = (ProposalStatusChange.id, ProposalStatusChange.notified_at)
        super().__init__("status-notices", columns, database, clock, outbox, poll_seconds)

    async def message_for(self, session: AsyncSession, row_id: int) -> tuple[int, Screen] | None:
        found = await queries.with_proposal_and_author(session, row_id)
        if found is None:
            return None
        change, proposal, participant = found
        if participant.telegram_user_id is None or participant.erased_at is not None:
            return None
        targets = {change.merged_into_id} if change.merged_into_id is not None else set()
        other = (await queries.references_of(session, targets)).get(change.merged_into_id or 0)
        t = translator(participant.locale)
        screen = notice(t, proposal.reference, change.status, change.reason, other)
        return participant.telegram_user_id, screen
