"""Replies go out at once; a reply Telegram refuses with 429 is sent again, never dropped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter

log = logging.getLogger(__name__)
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


async def retrying(
    call: Callable[[], Coroutine[Any, Any, JSONResult]], endpoint: str, max_retries: int
) -> JSONResult:
    """Obeys `retry_after` a bounded number of times. Pacing belongs to pacing.py, not here."""
    for attempt in range(max_retries + 1):
        try:
            return await call()
        except RetryAfter as error:
            if attempt == max_retries:
                raise
            delay = seconds(error.retry_after)
            log.info("429 on %s: retrying in %.1f s", endpoint, delay)
            await asyncio.sleep(delay + 0.05)
    raise AssertionError("unreachable")


def seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
