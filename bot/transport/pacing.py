"""Telegram's pace for the whole bot: one token bucket shared by broadcasts and replies.

Broadcast sends wait for a token before they are claimed; every other message the bot sends
(answers in dialogues, progress edits) takes its token at once, so a busy hour of replies
slows the broadcast instead of pushing the bot over ~30 messages a second. A 429 anywhere
pauses the broadcast for its `retry_after`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot import metrics
from bot.transport.limiter import JSONResult, retrying, seconds

Clock = Callable[[], float]
# Endpoints that count against Telegram's overall limit of ~30 new messages a second.
SENDING = ("send", "copy", "forward")
PACED = {"paced": True}  # rate_limit_args of a broadcast send that already holds a token


class Pace:
    """A token bucket (rate a second, small burst) with a pause for 429s. No fixed sleeps:
    a waiter sleeps exactly until the next token is due."""

    def __init__(self, rate: float, burst: float = 2.0, clock: Clock = time.monotonic) -> None:
        self.rate = rate
        self.capacity = max(1.0, burst)
        self.clock = clock
        self.tokens = self.capacity
        self.stamp = clock()
        self.paused_until = 0.0
        self.retry_afters = 0
        self._turn = asyncio.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def spend(self) -> None:
        """A message that cannot wait (a reply): it may put the bucket in debt."""
        self._refill()
        self.tokens -= 1.0

    async def take(self) -> None:
        """Wait for a token, one waiter at a time so tokens go out in order."""
        async with self._turn:
            while True:
                self._refill()
                wait = max(self.paused_until - self.clock(), 0.0)
                if not wait and self.tokens >= 1.0:
                    self.tokens -= 1.0
                    return
                await asyncio.sleep(wait or (1.0 - self.tokens) / self.rate)

    def refund(self) -> None:
        """A token taken for a row another worker sent: nothing went out."""
        self._refill()
        self.tokens = min(self.capacity, self.tokens + 1.0)

    def pause(self, seconds: float) -> None:
        self.retry_afters += 1
        metrics.TOO_MANY_REQUESTS.inc()
        self.paused_until = max(self.paused_until, self.clock() + seconds)


class PacedLimiter(BaseRateLimiter[Any]):
    """PTB's rate limiter: interactive sends spend from the shared Pace and retry a 429 in
    place; broadcast sends (rate_limit_args=PACED) hand their 429 back to the worker."""

    def __init__(self, pace: Pace, max_retries: int = 5) -> None:
        self.pace = pace
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> JSONResult:
        async def watched(*a: Any, **k: Any) -> JSONResult:
            try:
                return await callback(*a, **k)
            except RetryAfter as error:
                self.pace.pause(seconds(error.retry_after))
                raise

        if rate_limit_args == PACED:
            return await watched(*args, **kwargs)
        if endpoint.lower().startswith(SENDING):
            self.pace.spend()
        return await retrying(lambda: watched(*args, **kwargs), endpoint, self.max_retries)
