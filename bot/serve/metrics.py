"""A tiny in-process metrics registry, exposed by the webhook server at /metrics in
Prometheus' text format (version 0.0.4). Counters only grow; the histogram is cumulative.

Each worker process has its own numbers: Prometheus scrapes every worker and sums them.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left
from collections.abc import Iterable

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Counter:
    def __init__(self, name: str, help_text: str) -> None:
        self.name, self.help = name, help_text
        self.value = 0.0
        self._lock = threading.Lock()

    def inc(self, amount: float = 1.0) -> None:
        with self._lock:
            self.value += amount

    def render(self) -> list[str]:
        return [*_head(self.name, self.help, "counter"), f"{self.name} {_num(self.value)}"]


class Histogram:
    def __init__(self, name: str, help_text: str, buckets: Iterable[float]) -> None:
        self.name, self.help = name, help_text
        self.bounds = tuple(sorted(buckets))
        self.counts = [0] * (len(self.bounds) + 1)  # the last one is +Inf
        self.total = 0.0
        self._lock = threading.Lock()

    def observe(self, seconds: float) -> None:
        with self._lock:
            self.counts[bisect_left(self.bounds, seconds)] += 1
            self.total += seconds

    def render(self) -> list[str]:
        lines = _head(self.name, self.help, "histogram")
        running = 0
        for bound, count in zip((*self.bounds, math.inf), self.counts, strict=True):
            running += count
            le = "+Inf" if bound == math.inf else _num(bound)
            lines.append(f'{self.name}_bucket{{le="{le}"}} {running}')
        lines.append(f"{self.name}_sum {_num(self.total)}")
        lines.append(f"{self.name}_count {running}")
        return lines


class Gauge:
    """Read when scraped (e.g. the broadcast queue, counted in the database)."""

    def __init__(self, name: str, help_text: str) -> None:
        self.name, self.help = name, help_text

    def render_value(self, value: float) -> list[str]:
        return [*_head(self.name, self.help, "gauge"), f"{self.name} {_num(value)}"]


def _head(name: str, help_text: str, kind: str) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]


def _num(value: float) -> str:
    return repr(float(value)) if value != int(value) else str(int(value))


UPDATES_PROCESSED = Counter(
    "rembug_updates_processed_total", "Updates handled by this process (failed ones included)."
)
UPDATES_FAILED = Counter(
    "rembug_updates_failed_total", "Updates whose handler raised an error (the person was told)."
)
REPLY_SECONDS = Histogram(
    "rembug_reply_seconds",
    "Seconds from taking an update to having answered it (database work and replies).",
    LATENCY_BUCKETS,
)
BROADCAST_SENT = Counter(
    "rembug_broadcast_messages_sent_total",
    "Broadcast and reminder messages Telegram accepted (rate() gives the send rate).",
)
TOO_MANY_REQUESTS = Counter(
    "rembug_telegram_429_total", "Times Telegram answered 429 Too Many Requests."
)
BROADCAST_QUEUE = Gauge(
    "rembug_broadcast_queue_depth", "Broadcast messages still to send (all workers together)."
)
WEBHOOK_REFUSED = Counter(
    "rembug_webhook_refused_total", "Webhook requests refused for a missing or wrong secret."
)

COUNTERS: tuple[Counter | Histogram, ...] = (
    UPDATES_PROCESSED,
    UPDATES_FAILED,
    REPLY_SECONDS,
    BROADCAST_SENT,
    TOO_MANY_REQUESTS,
    WEBHOOK_REFUSED,
)


def exposition(queue_depth: float | None) -> str:
    """The whole page; the queue depth is left out when the database did not answer."""
    lines: list[str] = []
    for metric in COUNTERS:
        lines.extend(metric.render())
    if queue_depth is not None:
        lines.extend(BROADCAST_QUEUE.render_value(queue_depth))
    return "\n".join(lines) + "\n"
