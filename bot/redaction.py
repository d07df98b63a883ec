"""The bot token, kept out of every text that leaves the process: error texts and log lines.

Its one shape is here, for the transport (whose errors may quote the URL, and the URL holds
the token) and for the log formatter."""

from __future__ import annotations

import re

# A bot token as @BotFather issues it (the bot's id, a colon, 35 characters), also with the
# colon percent-encoded as it may be inside a URL.
TOKEN = re.compile(r"\d{3,}(?::|%3[Aa])[A-Za-z0-9_-]{30,}")
TOKEN_BYTES = re.compile(TOKEN.pattern.encode())
REDACTED = "<token>"


def redact(text: str) -> str:
    """The text with any bot token in it replaced."""
    return TOKEN.sub(REDACTED, text)


def redact_bytes(data: bytes) -> bytes:
    return TOKEN_BYTES.sub(REDACTED.encode(), data)
