"""The bot's Prometheus metrics (prometheus_client), and the page that shows them.

The page is not rendered per request: bot.serve.monitor renders it about once a second and
hands it to a separate process that answers /metrics and /healthz (bot.serve.metrics_http),
so scrapes cost the bot nothing however many come.

One worker: the numbers are this process's own. Several `rembug webhook` workers: set
PROMETHEUS_MULTIPROC_DIR (process environment, before start) to one folder shared by every
worker; each keeps its numbers in a small file there and every worker's page then shows the
totals of all of them (prometheus_client's multiprocess mode). Without it each worker shows
its own and Prometheus adds them up.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from bot.settings import SettingsError

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _shared_folder() -> str | None:
    """prometheus_client reads the variable when the metrics below are created."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if not folder:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)  # set but empty: one worker's numbers
        return None
    try:
        Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise SettingsError(
            f"PROMETHEUS_MULTIPROC_DIR {folder} cannot be created ({error.strerror}): point it "
            "at a folder the bot may write, or leave it unset for one worker."
        ) from None
    return folder


SHARED_FOLDER = _shared_folder()
# No *_created series: the names stay those the README lists.
disable_created_metrics()  # type: ignore[no-untyped-call]
REGISTRY = CollectorRegistry()

UPDATES_PROCESSED = Counter(
    "rembug_updates_processed_total",
    "Updates handled by this process (failed ones included).",
    registry=REGISTRY,
)
UPDATES_FAILED = Counter(
    "rembug_updates_failed_total",
    "Updates whose handler raised an error (the person was told).",
    registry=REGISTRY,
)
SQL_STATEMENTS = Counter(
    "rembug_sql_statements_total",
    "SQL statements this process sent to the database (bench/dialogue.py divides them by the "
    "updates).",
    registry=REGISTRY,
)
REPLY_SECONDS = Histogram(
    "rembug_reply_seconds",
    "Seconds from taking an update to having answered it (database work and replies).",
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
BROADCAST_SENT = Counter(
    "rembug_broadcast_messages_sent_total",
    "Broadcast and reminder messages Telegram accepted (rate() gives the send rate).",
    registry=REGISTRY,
)
TOO_MANY_REQUESTS = Counter(
    "rembug_telegram_429_total",
    "Times Telegram answered 429 Too Many Requests.",
    registry=REGISTRY,
)
WEBHOOK_REFUSED = Counter(
    "rembug_webhook_refused_total",
    "Webhook requests refused for a missing or wrong secret.",
    registry=REGISTRY,
)


class QueueDepth(Collector):
    """Counted in the database (all workers together) from time to time; left off the page
    while the database does not answer."""

    def __init__(self) -> None:
        self.value: int | None = None

    def collect(self) -> Iterable[Metric]:
        if self.value is not None:
            yield GaugeMetricFamily(
                "rembug_broadcast_queue_depth",
                "Broadcast messages still to send (all workers together).",
                value=self.value,
            )


BROADCAST_QUEUE = QueueDepth()
REGISTRY.register(BROADCAST_QUEUE)


def _every_worker() -> CollectorRegistry | None:
    if SHARED_FOLDER is None:
        return None
    registry = CollectorRegistry()
    MultiProcessCollector(registry, SHARED_FOLDER)  # type: ignore[no-untyped-call]
    registry.register(BROADCAST_QUEUE)
    return registry


_PAGE_REGISTRY = _every_worker() or REGISTRY


def page() -> bytes:
    """The whole page in Prometheus' text format (version 0.0.4)."""
    return generate_latest(_PAGE_REGISTRY)
