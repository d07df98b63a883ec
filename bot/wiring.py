"""What build_application wires once and every handler reaches through `bot_data["deps"]`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.broadcast import Broadcasting
from bot.desk import Desk
from bot.export.service import Exports
from bot.participants.service import Conversation
from bot.settings import Settings
from bot.staff.coordination import Coordination
from bot.transport.turn import UpdateTurn
from storage.db import Database


@dataclass(frozen=True)
class Deps:
    settings: Settings
    database: Database
    conversation: Conversation
    coordination: Coordination
    turn: UpdateTurn
    broadcasting: Broadcasting | None = None
    exports: Exports | None = None
    desk: Desk | None = None  # rounds, moderation and status, statistics
