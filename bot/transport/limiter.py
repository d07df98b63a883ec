"""Replies go out at once; a reply Telegram refuses with 429 is sent again, never dropped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class RetryAfterLimiter(BaseRateLimiter[None]):
    """Obeys `retry_after` a bounded number of times. Pacing belongs to broadcasts, not here."""

    def __init__(self, max_retries: int = 5) -> None:
        self.max_retries = max_retries
        self.retries = 0

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
        rate_limit_args: None,
    ) -> JSONResult:
        for attempt in range(self.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == self.max_retries:
                    raise
                self.retries += 1
                delay = seconds(error.retry_after)
                log.info("429 on %s: retrying in %.1f s", endpoint, delay)
                await asyncio.sleep(delay + 0.05)
        raise AssertionError("unreachable")


def seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
