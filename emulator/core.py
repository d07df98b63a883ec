"""BotApiEmulator: the server plus the API tests and benchmarks drive it with."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from emulator.faults import Failure
from emulator.methods_basic import scope_key
from emulator.models import Chat, Stats, UserInfo
from emulator.ratelimit import Limits
from emulator.server import make_app
from emulator.sim import SimUser
from emulator.state import EmulatorState
from emulator.waiting import Reaction, Timing, collect
from emulator.webhook import WebhookPusher


def make_token(bot_id: int = 123456) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return f"{bot_id}:AA" + "".join(secrets.choice(alphabet) for _ in range(33))


class BotApiEmulator:
    """An in-process Telegram Bot API server with simulated users."""

    def __init__(
        self,
        bot_username: str = "rembug_bot",
        limits: Limits | None = None,
        *,
        token: str | None = None,
        bot_first_name: str = "Rembug",
        settle: float = 0.05,
        timeout: float = 10.0,
        quiet: float = 0.3,
    ) -> None:
        self.state = EmulatorState(bot_username, limits or Limits(), bot_first_name)
        self.token = token or make_token()
        self.state.bot_id = int(self.token.split(":", 1)[0])
        self.timing = Timing(settle=settle, timeout=timeout, quiet=quiet)
        self.url = ""
        self._limits = limits or Limits()
        self._runner: web.AppRunner | None = None
        self._users: dict[int, SimUser] = {}

    # --- lifecycle -----------------------------------------------------------------------

    async def start(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        setup: Callable[[web.Application], None] | None = None,
    ) -> None:
        """Listen on host:port (0: any free port); `setup` may add routes, e.g. the playground."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            sock.close()
            raise
        self.state.closing = False
        app = make_app(self.state)
        if setup is not None:
            setup(app)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://{host}:{sock.getsockname()[1]}"

    async def stop(self) -> None:
        # Long polls are parked on the update signal; release them before shutting down.
        self.state.closing = True
        self.state.updates.signal.notify()
        await self.state.webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- configuration -------------------------------------------------------------------

    @property
    def limits(self) -> Limits:
        return self._limits

    @limits.setter
    def limits(self, limits: Limits) -> None:
        self._limits = limits
        self.state.set_limits(limits)

    @property
    def settle(self) -> float:
        return self.timing.settle

    @settle.setter
    def settle(self, value: float) -> None:
        self.timing.settle = value

    @property
    def stats(self) -> Stats:
        return self.state.stats

    @property
    def webhook(self) -> WebhookPusher:
        """Webhook delivery: `spread_over(urls)`, `info()`, `posts`, `failures`."""
        return self.state.webhook

    @property
    def bot_id(self) -> int:
        return self.state.bot_id

    # --- failures on request ---------------------------------------------------------------

    def redirect_loop(self, method: str, calls: int = 1) -> None:
        """The next `calls` calls of `method` are redirected to themselves until the client
        gives up, as behind a misconfigured proxy."""
        self.state.faults.redirect_loops[method.lower()] += calls

    def revoke_token(self) -> None:
        """From now on every call with this emulator's token gets 401 Unauthorized, as when
        the token was revoked in @BotFather."""
        self.state.faults.revoked_tokens.add(self.token)

    def fail(self, method: str, status: int = 500, times: int = 1) -> None:
        """The next `times` calls of `method` are answered with `status` and do nothing:
        500 as JSON, 502 as the front proxy's HTML page, as Telegram answers when it is down."""
        self.state.faults.plan(method, Failure(status=status), times)

    def hang(self, method: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls of `method` are carried out and answered only after `seconds`
        (longer than the client waits: it gives up, yet the message arrives)."""
        self.state.faults.plan(method, Failure(delay=seconds), times)

    def flood(self, method: str, times: int, retry_after: int = 1) -> None:
        """The next `times` calls of `method` get 429 Too Many Requests, whatever the limits."""
        self.state.faults.plan(method, Failure(status=429, retry_after=retry_after), times)

    def failures_pending(self, method: str) -> int:
        """How many planned failures of `method` are not over yet (a slow answer is over once
        the call was carried out)."""
        return self.state.faults.pending(method)

    def recover(self) -> None:
        """Planned failures not played yet are dropped: the Bot API works again."""
        self.state.faults.clear()

    # --- participants --------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        language_code: str | None = "id",
        username: str | None = None,
        last_name: str | None = None,
    ) -> SimUser:
        """The user with that id (created on first use; later calls return the same one)."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        if user_id <= 0:
            raise ValueError("user ids are positive")
        info = UserInfo(user_id, first_name, language_code, username, last_name)
        chat = Chat(id=user_id, type="private", user=info)
        self.state.chats[user_id] = chat
        user = SimUser(self.state, self.timing, info, chat)
        self._users[user_id] = user
        return user

    def group(self, chat_id: int, title: str = "Group", chat_type: str = "group") -> Chat:
        existing = self.state.chats.get(chat_id)
        if existing is not None:
            return existing
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = Chat(id=chat_id, type=chat_type, title=title)
        self.state.chats[chat_id] = chat
        return chat

    def chat(self, chat_id: int) -> Chat:
        return self.state.chats[chat_id]

    # --- inspection ----------------------------------------------------------------------

    def commands(
        self, language_code: str | None = None, scope: dict[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        return list(self.state.commands.get(scope_key(language_code, scope), []))

    def last_update_id(self, user: SimUser | None = None) -> int:
        found = user.last_update_id if user is not None else self.state.updates.last_update_id
        if found is None:
            raise LookupError("no update has been created yet")
        return found

    @property
    def pending_updates(self) -> int:
        return self.state.updates.pending_count

    async def redeliver(
        self, update_id: int, *, expect_reply: bool = False, settle: float | None = None
    ) -> Reaction:
        """Queue an old update again (same id and payload) and collect what the bot does."""
        chat = self._update_chat(self.state.updates.payload(update_id))
        start = len(chat.events) if chat is not None else 0
        self.state.updates.redeliver(update_id)
        if chat is None:
            return Reaction(update_id)
        timing = Timing(settle or self.timing.settle, self.timing.timeout, self.timing.quiet)
        what = f"redelivered update {update_id}"
        events = await collect(chat, start, timing, expect_reply=expect_reply, what=what)
        chat.seen = len(chat.events)
        return Reaction(update_id, events)

    def _update_chat(self, payload: dict[str, Any]) -> Chat | None:
        for key, body in payload.items():
            if key == "update_id" or not isinstance(body, dict):
                continue
            chat = body.get("chat") or body.get("message", {}).get("chat")
            if isinstance(chat, dict):
                return self.state.chats.get(int(chat["id"]))
        return None
