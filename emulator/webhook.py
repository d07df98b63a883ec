"""Webhook delivery (setWebhook, deleteWebhook, getWebhookInfo) and the one-poller rule.

With a webhook set, the emulator POSTs each update as JSON to the URL, with the secret in
``X-Telegram-Bot-Api-Secret-Token``, like Telegram: up to ``max_connections`` requests at once,
one at a time per chat (so a person's updates stay in order), an update is done when the bot
answers 2xx, otherwise it is sent again after a short pause. getUpdates is refused (409) while
a webhook is set, and so is a getUpdates that arrives while another client's long poll is
still open (another bot instance polling with the same token).

For tests of several workers behind a load balancer: ``spread_over(urls)`` sends each update to
the next URL in turn instead of the registered one, ``duplicate=True`` sends it to all.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from emulator.errors import ApiError, bad_request
from emulator.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
RETRY_PAUSE = 0.2
WEBHOOK_ACTIVE = ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first",
)
SECOND_POLLER = ApiError(
    409,
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
)


@dataclass
class Webhook:
    url: str
    secret: str | None
    max_connections: int = 40


@dataclass
class Poll:
    """One getUpdates request in progress."""

    connected: Callable[[], bool]


@dataclass
class WebhookPusher:
    queue: UpdateQueue
    config: Webhook | None = None
    posts: int = 0  # requests made to the bot (a duplicated update counts once per target)
    failures: int = 0
    last_error: tuple[int, str] | None = None
    _targets: list[str] = field(default_factory=list)
    _duplicate: bool = False
    _turn: itertools.count[int] = field(default_factory=itertools.count)
    _task: asyncio.Task[None] | None = None
    _busy_chats: set[int] = field(default_factory=set)
    _poll: Poll | None = None

    # --- what the Bot API methods call ---------------------------------------------------

    def set(self, url: str, secret: str | None, max_connections: int | None) -> None:
        if secret is not None and not SECRET.match(secret):
            raise bad_request("secret token contains unallowed characters")
        if not url.startswith(("https://", "http://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        connections = max_connections or 40
        if not 1 <= connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        self.config = Webhook(url, secret, connections)
        self.last_error = None
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="emulator-webhook")
        self.queue.signal.notify()

    def delete(self) -> None:
        self.config = None
        self.queue.signal.notify()

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.config.url if self.config else "",
            "has_custom_certificate": False,
            "pending_update_count": self.queue.pending_count,
        }
        if self.config is not None:
            info["max_connections"] = self.config.max_connections
            info["allowed_updates"] = sorted(self.queue.allowed)
        if self.last_error is not None:
            info["last_error_date"], info["last_error_message"] = self.last_error
        return info

    def begin_poll(self, connected: Callable[[], bool]) -> Poll:
        if self.config is not None:
            raise WEBHOOK_ACTIVE
        if self._poll is not None and self._poll.connected():
            raise SECOND_POLLER
        self._poll = Poll(connected)
        return self._poll

    def end_poll(self, poll: Poll) -> None:
        if self._poll is poll:
            self._poll = None

    # --- the test API --------------------------------------------------------------------

    def spread_over(self, urls: list[str], *, duplicate: bool = False) -> None:
        """Post to these URLs in turn (or to all of them) instead of the registered one."""
        self._targets, self._duplicate = list(urls), duplicate

    async def close(self) -> None:
        self.config = None
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # --- delivery ------------------------------------------------------------------------

    async def _run(self) -> None:
        running: set[asyncio.Task[None]] = set()
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            try:
                while self.config is not None:
                    for update_id, payload in self._ready(len(running)):
                        task = asyncio.create_task(self._deliver(http, update_id, payload))
                        running.add(task)
                        task.add_done_callback(running.discard)
                    await self.queue.signal.wait(RETRY_PAUSE)
            finally:
                for task in running:
                    task.cancel()
                await asyncio.gather(*running, return_exceptions=True)

    def _ready(self, in_flight: int) -> list[tuple[int, dict[str, Any]]]:
        assert self.config is not None
        room = self.config.max_connections - in_flight
        chosen: list[tuple[int, dict[str, Any]]] = []
        seen: set[int] = set()
        for update_id, payload in self.queue.waiting():
            chat = _chat_of(payload)
            if len(chosen) >= room or chat in seen or chat in self._busy_chats:
                seen.add(chat)
                continue
            seen.add(chat)
            self._busy_chats.add(chat)
            chosen.append((update_id, self.queue.hand_out(update_id)))
        return chosen

    async def _deliver(
        self, http: aiohttp.ClientSession, update_id: int, payload: dict[str, Any]
    ) -> None:
        chat = _chat_of(payload)
        try:
            outcomes = await asyncio.gather(
                *(self._post(http, url, payload) for url in self._urls())
            )
        finally:
            self._busy_chats.discard(chat)
        if any(outcomes):
            self.queue.settle(update_id)
            self.queue.signal.notify()
            return
        await asyncio.sleep(RETRY_PAUSE)
        self.queue.hand_back(update_id)

    def _urls(self) -> list[str]:
        assert self.config is not None
        if not self._targets:
            return [self.config.url]
        if self._duplicate:
            return list(self._targets)
        return [self._targets[next(self._turn) % len(self._targets)]]

    async def _post(self, http: aiohttp.ClientSession, url: str, payload: dict[str, Any]) -> bool:
        assert self.config is not None
        headers = {SECRET_HEADER: self.config.secret} if self.config.secret else {}
        self.posts += 1
        try:
            async with http.post(url, json=payload, headers=headers) as response:
                if 200 <= response.status < 300:
                    return True
                problem = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as error:
            problem = f"Connection failed: {type(error).__name__}"
        self.failures += 1
        self.last_error = (int(time.time()), problem)
        return False


def _chat_of(payload: dict[str, Any]) -> int:
    for key, body in payload.items():
        if key == "update_id" or not isinstance(body, dict):
            continue
        sender = body.get("from") or body.get("chat") or body.get("user") or {}
        if isinstance(sender, dict) and "id" in sender:
            return int(sender["id"])
    return 0
