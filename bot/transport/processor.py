"""Updates of one person run one after another; different people run side by side."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot import metrics
from bot.logs import update_id_var

log = logging.getLogger(__name__)


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._pending: Counter[int] = Counter()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # Each update runs in its own task, so the id stays with this update's log lines.
        if isinstance(update, Update):
            update_id_var.set(update.update_id)
        started = time.monotonic()
        try:
            await self._in_turn(update, coroutine)
        finally:
            elapsed = time.monotonic() - started
            metrics.UPDATES_PROCESSED.inc()
            metrics.REPLY_SECONDS.observe(elapsed)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("%s handled in %.3f s", _kind(update), elapsed)

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _sender(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._pending[key] += 1
        try:
            async with lock:
                await coroutine
        finally:
            self._pending[key] -= 1
            if not self._pending[key]:
                del self._pending[key]
                del self._locks[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _kind(update: object) -> str:
    """What kind of update, for the log: never its content."""
    if isinstance(update, Update):
        found = next((k for k in Update.ALL_TYPES if getattr(update, k, None) is not None), None)
        return found or "update"
    return type(update).__name__


def _sender(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else None
