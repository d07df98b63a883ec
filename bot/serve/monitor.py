"""/metrics and /healthz for the operator, on their own address (METRICS_HOST:METRICS_PORT,
127.0.0.1 by default), never on the webhook port that faces the internet.

`rembug run` and `rembug webhook` both run under `serve_metrics`. It binds the address, starts
bot.serve.metrics_http as a separate process to answer the requests, and, once a second, hands
it the metrics page rendered here; every DATABASE_EVERY seconds it counts the broadcast queue,
which is also the check that the database answers. So a scrape never touches the bot's event
loop or its database: a flood of them cannot slow the replies (bench/metrics_flood.py).

An address that cannot be bound is logged and the bot runs without metrics: they are for the
operator, and the person waiting for a reply comes first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import sys
from asyncio.subprocess import Process
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from bot.serve.metrics_http import frame
from bot.settings import Settings
from storage.db import Database
from storage.queries import health

log = logging.getLogger(__name__)
PUBLISH_EVERY = 1.0  # seconds between pages handed to the listener
DATABASE_EVERY = 5.0  # seconds between counts of the broadcast queue (the database check)
DATABASE_WITHIN = 2.0  # seconds the count may take before the database counts as unreachable
MAX_UNREAD = 256 * 1024  # bytes of pages the listener has not read yet: skip pages beyond that
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


@asynccontextmanager
async def serve_metrics(settings: Settings, database: Database) -> AsyncIterator[None]:
    address = settings.metrics_address()
    listener = _listen(*address) if address else None
    if address is None or listener is None:
        yield
        return
    with listener:
        child, news = await _start(listener)
    log.info("metrics and health on http://%s:%s", *address)
    publishing = asyncio.create_task(_publish(news, database))
    try:
        yield
    finally:
        publishing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await publishing
        news.close()  # the listener sees the pipe close and stops
        await _reap(child)


def _listen(host: str, port: int) -> socket.socket | None:
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as error:
        log.error(
            "metrics and health are not served: %s:%s cannot be used (%s); "
            "choose another METRICS_HOST or METRICS_PORT",
            host,
            port,
            error.strerror or error,
        )
        return None


async def _start(listener: socket.socket) -> tuple[Process, asyncio.WriteTransport]:
    readable, writable = os.pipe()
    path = os.pathsep.join(filter(None, [PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))
    child = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.serve.metrics_http"),
        *("--listen-fd", str(listener.fileno()), "--news-fd", str(readable)),
        pass_fds=(listener.fileno(), readable),
        env={**os.environ, "PYTHONPATH": path},
    )
    os.close(readable)
    pipe = os.fdopen(writable, "wb", buffering=0)
    news, _ = await asyncio.get_running_loop().connect_write_pipe(asyncio.Protocol, pipe)
    return child, news


async def _publish(news: asyncio.WriteTransport, database: Database) -> None:
    loop = asyncio.get_running_loop()
    database_up, checked = False, -math.inf
    while not news.is_closing():
        if loop.time() - checked >= DATABASE_EVERY:
            checked = loop.time()
            database_up = await _count_queue(database)
        if news.get_write_buffer_size() < MAX_UNREAD:
            news.write(frame(metrics.page(), database_up))
        await asyncio.sleep(PUBLISH_EVERY)
    log.error("the metrics listener process ended: no /metrics, no /healthz until a restart")


async def _count_queue(database: Database) -> bool:
    """The broadcast queue for the page; False when the database did not answer in time."""
    try:
        async with asyncio.timeout(DATABASE_WITHIN), database.sessions() as session:
            metrics.BROADCAST_QUEUE.value = await health.broadcast_queue_depth(session)
    except (OSError, TimeoutError, SQLAlchemyError):
        metrics.BROADCAST_QUEUE.value = None
        return False
    return True


async def _reap(child: Process) -> None:
    try:
        await asyncio.wait_for(child.wait(), 5.0)
    except TimeoutError:
        child.kill()
        await child.wait()
