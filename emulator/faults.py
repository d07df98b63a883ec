"""Failures the emulator can play on request, for tests of how the bot copes with them: a
proxy's redirect loop, a revoked token, and the Bot API itself failing a call (a 500, a 502
from its front proxy, an answer that comes too late, a 429 flood)."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from aiohttp import web

from emulator.errors import ApiError, too_many_requests

# Redirect hops carry this query parameter: every hop is sent on again, as a misconfigured
# proxy does, until the client gives up.
LOOP = "redirect_loop"

# What Telegram's nginx front answers when the Bot API server behind it is down: a page, not JSON.
BAD_GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
PHRASES = {500: "Internal Server Error", 503: "Service Unavailable", 504: "Gateway Timeout"}


@dataclass(frozen=True)
class Failure:
    """How one call goes wrong: an error status (the call does nothing), or a delay before the
    call is carried out as usual (the client may have given up by then)."""

    status: int | None = None
    delay: float = 0.0
    retry_after: int = 1


@dataclass
class Faults:
    # Bot API method (lower case) → how many of its next calls run into a redirect loop.
    redirect_loops: Counter[str] = field(default_factory=Counter)
    # Tokens answered with 401 Unauthorized, as Telegram answers a revoked token.
    revoked_tokens: set[str] = field(default_factory=set)
    # Bot API method (lower case) → how its next calls fail, in order.
    planned: defaultdict[str, deque[Failure]] = field(default_factory=lambda: defaultdict(deque))
    # Calls being held back right now (a slow answer), by method.
    delaying: Counter[str] = field(default_factory=Counter)

    def loops(self, method: str) -> bool:
        """True when this call of `method` is to be answered with a redirect loop."""
        if self.redirect_loops[method.lower()] <= 0:
            return False
        self.redirect_loops[method.lower()] -= 1
        return True

    def plan(self, method: str, failure: Failure, times: int) -> None:
        self.planned[method.lower()].extend([failure] * times)

    def pending(self, method: str) -> int:
        """Planned failures of `method` not over yet (still to come, or being played)."""
        key = method.lower()
        return len(self.planned.get(key, ())) + self.delaying[key]

    def clear(self) -> None:
        self.planned.clear()

    async def play(self, method: str) -> web.Response | None:
        """The error answer planned for this call of `method`, or None: no failure planned, or
        its delay is over and the call goes on."""
        queue = self.planned.get(method.lower())
        if not queue:
            return None
        failure = queue.popleft()
        if failure.status is None:
            self.delaying[method.lower()] += 1
            try:
                await asyncio.sleep(failure.delay)
            finally:
                self.delaying[method.lower()] -= 1
            return None
        if failure.status == 429:
            return _json(too_many_requests(failure.retry_after))
        if failure.status == 502:
            return web.Response(status=502, text=BAD_GATEWAY_PAGE, content_type="text/html")
        return _json(ApiError(failure.status, PHRASES.get(failure.status, PHRASES[500])))


def _json(error: ApiError) -> web.Response:
    return web.json_response(error.payload(), status=error.code)
