"""Telegram-like flood limits: token buckets per chat, per group and global."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class Limits:
    """Flood limits; off by default so functional tests run at full speed."""

    enabled: bool = False
    global_per_second: float = 30.0
    global_burst: int = 30
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    group_per_minute: float = 20.0
    group_burst: int = 5


class TokenBucket:
    """Refills `rate` tokens a second up to `capacity`."""

    def __init__(self, rate: float, capacity: float, clock: Clock = time.monotonic) -> None:
        self.rate = rate
        self.capacity = max(capacity, 1.0)
        self.clock = clock
        self.tokens = self.capacity
        self.stamp = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_time(self) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self._refill()
        if self.tokens >= 1.0:
            return 0.0
        return (1.0 - self.tokens) / self.rate

    def take(self) -> None:
        self._refill()
        self.tokens -= 1.0


def retry_after_seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


class RateLimiter:
    """Decides whether a send or edit may pass; returns retry_after seconds otherwise."""

    def __init__(self, limits: Limits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.global_bucket = TokenBucket(limits.global_per_second, limits.global_burst, clock)
        self.chats: dict[int, TokenBucket] = {}

    def _chat_bucket(self, chat_id: int, is_group: bool) -> TokenBucket:
        bucket = self.chats.get(chat_id)
        if bucket is None:
            lim = self.limits
            if is_group:
                bucket = TokenBucket(lim.group_per_minute / 60.0, lim.group_burst, self.clock)
            else:
                bucket = TokenBucket(lim.per_chat_per_second, lim.per_chat_burst, self.clock)
            self.chats[chat_id] = bucket
        return bucket

    def acquire(self, chat_id: int, is_group: bool, *, counts_global: bool) -> int | None:
        """Consume tokens and return None, or return retry_after without consuming any."""
        if not self.limits.enabled:
            return None
        buckets = [self._chat_bucket(chat_id, is_group)]
        if counts_global:
            buckets.append(self.global_bucket)
        wait = max(bucket.wait_time() for bucket in buckets)
        if wait > 0:
            return retry_after_seconds(wait)
        for bucket in buckets:
            bucket.take()
        return None
