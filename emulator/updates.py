"""The bot's update queue with getUpdates semantics and redelivery."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from emulator.models import Signal

DEFAULT_ALLOWED = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


@dataclass
class _Queued:
    update_id: int
    kind: str
    payload: dict[str, Any]
    delivered: bool = False


class UpdateQueue:
    """Pending updates in update_id order; an update is forgotten once confirmed."""

    def __init__(self, first_update_id: int = 100_000_001) -> None:
        self._next_id = first_update_id
        self._pending: list[_Queued] = []
        self._history: dict[int, _Queued] = {}
        self.allowed: frozenset[str] = DEFAULT_ALLOWED
        self.signal = Signal()

    def continue_after(self, update_id: int) -> None:
        """Number new updates after `update_id`, as Telegram does for a bot it has served
        before (a bot that keeps its database remembers the ids it handled)."""
        self._next_id = max(self._next_id, update_id + 1)

    def push(self, kind: str, body: dict[str, Any]) -> int:
        update_id = self._next_id
        self._next_id += 1
        item = _Queued(update_id, kind, {"update_id": update_id, kind: body})
        self._history[update_id] = item
        self._pending.append(item)
        self.signal.notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Queue an old update again, as Telegram does when it never saw the confirmation."""
        old = self._history.get(update_id)
        if old is None:
            raise KeyError(f"unknown update_id {update_id}")
        if any(item.update_id == update_id for item in self._pending):
            for item in self._pending:
                if item.update_id == update_id:
                    item.delivered = False
        else:
            fresh = _Queued(update_id, old.kind, copy.deepcopy(old.payload))
            self._pending.append(fresh)
            self._pending.sort(key=lambda item: item.update_id)
        self.signal.notify()

    def payload(self, update_id: int) -> dict[str, Any]:
        return copy.deepcopy(self._history[update_id].payload)

    def confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
            return
        # Redelivered updates have not been handed out yet, so an old offset must not drop them.
        self._pending = [
            item for item in self._pending if not (item.delivered and item.update_id < offset)
        ]

    def drop_all(self) -> None:
        self._pending.clear()

    def set_allowed(self, allowed: list[str] | None) -> None:
        if allowed is None:
            return
        self.allowed = frozenset(allowed) if allowed else DEFAULT_ALLOWED

    def take(self, limit: int) -> list[dict[str, Any]]:
        self._pending = [item for item in self._pending if item.kind in self.allowed]
        batch = self._pending[:limit]
        for item in batch:
            item.delivered = True
        return [copy.deepcopy(item.payload) for item in batch]

    # --- webhook delivery: one update at a time, confirmed by the bot's 2xx -------------

    def waiting(self) -> list[tuple[int, dict[str, Any]]]:
        """Pending updates not handed out yet, oldest first (allowed kinds only)."""
        self._pending = [item for item in self._pending if item.kind in self.allowed]
        return [(i.update_id, i.payload) for i in self._pending if not i.delivered]

    def hand_out(self, update_id: int) -> dict[str, Any]:
        for item in self._pending:
            if item.update_id == update_id:
                item.delivered = True
                return copy.deepcopy(item.payload)
        raise KeyError(update_id)

    def settle(self, update_id: int) -> None:
        """The bot answered 2xx: the update is done."""
        self._pending = [item for item in self._pending if item.update_id != update_id]

    def hand_back(self, update_id: int) -> None:
        """Delivery failed: the update waits for the next attempt."""
        for item in self._pending:
            if item.update_id == update_id:
                item.delivered = False
        self.signal.notify()

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def last_update_id(self) -> int | None:
        return self._next_id - 1 if self._history else None
