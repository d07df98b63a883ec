"""`rembug webhook`: Telegram posts updates to an ASGI app (Starlette under uvicorn), after
python-telegram-bot's custom-webhook example.

* ``POST <path of WEBHOOK_URL>``, the only thing this port serves: the secret header is compared
  in constant time; a missing or wrong one gets 403 and nothing is read. A good update is put on
  the Application's update_queue and answered 200 at once; the per-person processor handles it
  in the background (one transaction, committed before the reply, as in polling mode).
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

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update

from bot.app import RembugApp, lifecycle
from bot.serve import metrics
from bot.serve.monitor import serve_metrics
from bot.settings import Settings

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few kB; Telegram never sends files inline


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
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return Response(status_code=413)
        try:
            update = Update.de_json(json.loads(body), self.application.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook: a request that is not an update was refused")
            return Response(status_code=400)
        await self.application.update_queue.put(update)
        return Response()


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
            log_config=None,  # our logging set-up (bot.serve.logs) formats uvicorn's lines too
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
