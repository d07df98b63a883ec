"""`rembug webhook`: Telegram posts updates to an ASGI app (Starlette under uvicorn), after
python-telegram-bot's custom-webhook example.

* ``POST <path of WEBHOOK_URL>``, the only thing this port serves: the secret header is compared
  in constant time; a missing or wrong one gets 403 and nothing is read. The body is read as it
  arrives and refused with 413 once it passes MAX_UPDATE_BYTES; what is not a Telegram update
  gets 400 (never 500). An update is put on the Application's update_queue and answered 200 at
  once; the per-person processor handles it in the background (one transaction, committed
  before the reply, as in polling mode).
* ``/metrics`` and ``/healthz`` are on their own address (bot.serve.monitor), not here.
* SIGTERM / SIGINT: uvicorn stops accepting and lets requests in progress finish; then the
  Application handles every update already accepted, the broadcast worker finishes the sends on
  the wire and leaves the rest pending for the next start (or another worker).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, Update

from bot import metrics
from bot.app import RembugApp, lifecycle
from bot.serve.monitor import serve_metrics
from bot.settings import Settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few kB; Telegram never sends files inline
LARGEST_UPDATE_ID = 2**63 - 1  # processed_updates.update_id is a BIGINT


class TooLarge(Exception):
    """The body passed MAX_UPDATE_BYTES."""


@dataclass
class WebhookApp:
    application: RembugApp
    path: str
    secret: str

    def asgi(self) -> Starlette:
        return Starlette(routes=[Route(self.path, self.telegram, methods=["POST"])])

    async def telegram(self, request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            metrics.WEBHOOK_REFUSED.inc()
            return Response(status_code=403)
        try:
            body = await read_within(request, MAX_UPDATE_BYTES)
        except TooLarge:
            return Response(status_code=413)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is left to read it
        update = update_from(body, self.application.bot)
        if update is None:
            log.warning("webhook: a request that is not a Telegram update was refused")
            return Response(status_code=400)
        await self.application.update_queue.put(update)
        return Response()


async def read_within(request: Request, limit: int) -> bytes:
    """The body, read chunk by chunk as it arrives: never more than `limit` bytes in memory."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge
    return bytes(body)


def update_from(body: bytes, bot: Bot) -> Update | None:
    """The update in a webhook body, or None when the body is not one."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not _is_update_id(data.get("update_id")):
        return None
    try:
        return Update.de_json(data, bot)
    except Exception:  # PTB's parsers trust their input: whatever they raise means "not an update"
        return None


def _is_update_id(value: Any) -> bool:
    return type(value) is int and 0 <= value <= LARGEST_UPDATE_ID  # bool is no update id


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Like uvicorn's, without raising the signal again once the listener has stopped:
        # that would end the process before the Application handled the accepted updates.
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


class WebhookServer:
    """The listener and the Application together; `run` returns after SIGTERM/SIGINT (or
    `stop()`), when every update already accepted has been handled."""

    def __init__(self, application: RembugApp, settings: Settings) -> None:
        self.application, self.settings = application, settings
        self.url, path, self.secret = settings.webhook()
        self.web = WebhookApp(application, path, self.secret)
        config = uvicorn.Config(
            self.web.asgi(),
            host=settings.host,
            port=settings.port,
            log_config=None,  # our logging set-up (bot.logs) formats uvicorn's lines too
            access_log=False,
            lifespan="off",
        )
        self.server = _Server(config)

    async def run(self, *, register: bool) -> None:
        database = self.application.bot_data["deps"].database
        async with lifecycle(self.application), serve_metrics(self.settings, database):
            if register:
                await self.application.bot.set_webhook(
                    self.url, secret_token=self.secret, allowed_updates=Update.ALL_TYPES
                )
                log.info("webhook registered with Telegram")
            await self.server.serve()
            log.info("no more updates are taken; finishing those in progress")

    @property
    def started(self) -> bool:
        return self.server.started

    def stop(self) -> None:
        self.server.should_exit = True
