"""`rembug run`: long polling, with one rule Telegram enforces: one poller per bot token.

A second instance polling with the same token gets 409 Conflict from Telegram. Within its
first minute a poller takes that as "another instance is already running" and stops with one
line saying so (exit status 1); later, a 409 means a newcomer just tried (Telegram may end
either request), so it is logged and polling goes on. Several processes for one bot are what
webhook mode is for.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram import Update
from telegram.error import Conflict, TelegramError

from bot.app import RembugApp, lifecycle
from bot.serve.monitor import serve_metrics

log = logging.getLogger(__name__)
STARTUP_GRACE = 60.0  # seconds
# A short pause between polls lets a busy bot take updates in batches instead of one HTTP
# round trip per update; it adds at most this much to a reply. (bench/dialogue.py: a 20 ms
# pause added up to 20 ms to every reply of a lightly loaded bot and saved about 2 % of CPU at
# 200 participants; 5 ms keeps most of the batching.)
POLL_INTERVAL = 0.005  # seconds
ANOTHER_POLLER = (
    "another instance is already receiving updates for this bot token (Telegram answered "
    "409 Conflict). Stop it first; to run several workers, use `rembug webhook`."
)


class AnotherPoller(Exception):
    """Telegram refused our getUpdates because another poller (or a webhook) is active."""


async def poll(application: RembugApp) -> None:
    """Poll until SIGINT/SIGTERM; raises AnotherPoller when the token is already in use."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    stop = asyncio.Event()
    conflict: list[Conflict] = []

    def on_error(error: TelegramError) -> None:
        if isinstance(error, Conflict) and loop.time() - started < STARTUP_GRACE:
            conflict.append(error)
            stop.set()
        elif isinstance(error, Conflict):
            log.warning("409 Conflict: another instance tried to poll with this token")
        else:
            log.error("polling for updates failed: %s", error)

    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    updater = application.updater
    assert updater is not None
    deps = application.bot_data["deps"]
    try:
        async with lifecycle(application), serve_metrics(deps.settings, deps.database):
            await updater.start_polling(
                poll_interval=POLL_INTERVAL,
                allowed_updates=Update.ALL_TYPES,
                error_callback=on_error,
            )
            await stop.wait()
            await updater.stop()
    finally:
        # When starting failed half-way (getMe), the HTTP sessions are still open; no-op else.
        await application.bot.shutdown()
    if conflict:
        raise AnotherPoller(str(conflict[0]))
