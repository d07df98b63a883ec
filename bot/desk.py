"""The admins' desk: consultation rounds, moderation and status, statistics, and the worker
that tells participants about status changes. Built once by build_application."""

from __future__ import annotations

from dataclasses import dataclass

from bot.participants.service import Clock, Conversation
from bot.proposals.moderation import Moderation
from bot.proposals.status_notices import StatusNotices
from bot.staff.rounds import Rounds
from bot.staff.scripts import DECLINE, HIDE, MERGE, ROUND
from bot.stats import Statistics
from storage.db import Database


@dataclass(frozen=True)
class Desk:
    rounds: Rounds
    moderation: Moderation
    statistics: Statistics
    notices: StatusNotices
    clock: Clock


def build_desk(conversation: Conversation, database: Database, admin_ids: frozenset[int]) -> Desk:
    reference, dialogues = conversation.reference, conversation.dialogues
    notices = StatusNotices(database, conversation.clock)
    rounds = Rounds(dialogues, admin_ids)
    moderation = Moderation(reference, dialogues, admin_ids, notices.wake_after_commit)
    conversation.guide.on_finish(ROUND.name, rounds.finish)
    for flow in (HIDE, DECLINE, MERGE):
        conversation.guide.on_finish(flow.name, moderation.finish)
    return Desk(
        rounds,
        moderation,
        Statistics(reference),
        notices,
        conversation.clock,
    )
