"""Failures the emulator can play on request, for tests of how the bot copes with them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Redirect hops carry this query parameter: every hop is sent on again, as a misconfigured
# proxy does, until the client gives up.
LOOP = "redirect_loop"


@dataclass
class Faults:
    # Bot API method (lower case) → how many of its next calls run into a redirect loop.
    redirect_loops: Counter[str] = field(default_factory=Counter)
    # Tokens answered with 401 Unauthorized, as Telegram answers a revoked token.
    revoked_tokens: set[str] = field(default_factory=set)

    def loops(self, method: str) -> bool:
        """True when this call of `method` is to be answered with a redirect loop."""
        if self.redirect_loops[method.lower()] <= 0:
            return False
        self.redirect_loops[method.lower()] -= 1
        return True
