"""The small process that answers GET /metrics and GET /healthz on METRICS_HOST:METRICS_PORT.

bot.serve.monitor starts it with the listening socket already bound and a pipe on which the
bot sends, about once a second, the metrics page and whether its database answered. Scrapes
are answered from the latest of these, so any number of them costs the bot nothing; this
process runs at a lower CPU priority than the bot and imports neither the bot nor a database
driver. It stops when the bot's end of the pipe closes (the bot stopped, or died).

    /metrics  the latest page (Prometheus text format 0.0.4); 503 while there is none or it is
              older than STALE_AFTER
    /healthz  200 "ok" when the bot sent news within STALE_AFTER and its database answered at
              the last check; 503 with the reason otherwise
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import socket
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
HEADER = struct.Struct("!IB")  # the page's length in bytes, whether the database answered
STALE_AFTER = 15.0  # seconds without news: the bot's event loop is stuck or gone
LOWER_PRIORITY = 19  # nice: under CPU contention the bot goes first


def frame(page: bytes, database_up: bool) -> bytes:
    return HEADER.pack(len(page), int(database_up)) + page


@dataclass
class Latest:
    page: bytes = b""
    database_up: bool = False
    received_at: float | None = None

    def fresh(self) -> bool:
        return self.received_at is not None and time.monotonic() - self.received_at < STALE_AFTER

    def health(self) -> tuple[int, str]:
        if self.received_at is None:
            return 503, "starting\n"
        if not self.fresh():
            return 503, "the bot has not reported for a while\n"
        if not self.database_up:
            return 503, "database unreachable\n"
        return 200, "ok\n"


class News(asyncio.Protocol):
    """Reads the frames the bot writes into the pipe."""

    def __init__(self, latest: Latest, gone: asyncio.Event) -> None:
        self.latest, self.gone = latest, gone
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= HEADER.size:
            length, database_up = HEADER.unpack_from(self.buffer)
            end = HEADER.size + length
            if len(self.buffer) < end:
                return
            self.latest.page = bytes(self.buffer[HEADER.size : end])
            self.latest.database_up = bool(database_up)
            self.latest.received_at = time.monotonic()
            del self.buffer[:end]

    def connection_lost(self, exc: Exception | None) -> None:
        self.gone.set()


def web(latest: Latest) -> Starlette:
    async def metrics(request: Request) -> Response:
        if not latest.fresh():
            return PlainTextResponse("no recent figures from the bot\n", 503)
        return Response(latest.page, media_type=CONTENT_TYPE)

    async def healthz(request: Request) -> Response:
        status, text = latest.health()
        return PlainTextResponse(text, status)

    return Starlette(
        routes=[
            Route("/metrics", metrics, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The bot decides when this process ends (by closing the pipe): a Ctrl-C sent to the
        # whole process group must not take health away while the bot finishes its updates.
        yield


async def serve(listen_fd: int, news_fd: int) -> None:
    latest, gone = Latest(), asyncio.Event()
    loop = asyncio.get_running_loop()
    pipe = os.fdopen(news_fd, "rb", buffering=0)
    await loop.connect_read_pipe(lambda: News(latest, gone), pipe)
    config = uvicorn.Config(web(latest), log_config=None, access_log=False, lifespan="off")
    server = _Server(config)
    listener = socket.socket(fileno=listen_fd)

    async def stop_when_the_bot_is_gone() -> None:
        await gone.wait()
        server.should_exit = True

    watcher = asyncio.create_task(stop_when_the_bot_is_gone())
    try:
        await server.serve(sockets=[listener])
    finally:
        watcher.cancel()


def main() -> None:
    parser = argparse.ArgumentParser(description="Rembug's /metrics and /healthz listener")
    parser.add_argument("--listen-fd", type=int, required=True)
    parser.add_argument("--news-fd", type=int, required=True)
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # uvicorn's warnings (a malformed request …) would land, unformatted, in the bot's log; a
    # scraper that gets no page sees that for itself.
    logging.disable(logging.ERROR)
    with contextlib.suppress(OSError):
        os.nice(LOWER_PRIORITY)
    asyncio.run(serve(args.listen_fd, args.news_fd))


if __name__ == "__main__":
    main()
