"""Logging set-up. Nothing personal and no token is ever logged.

Human-readable lines by default, JSON lines with LOG_FORMAT=json. A line written while an
update is handled carries its update id (set by the update processor in a context variable,
which each update's task has its own copy of).

Two guards sit on the handler itself, so that no logger's own level can open them: the
libraries' chatty levels (their DEBUG lines hold whole messages, names and SQL parameters)
never pass, whatever LOG_LEVEL says; and every line, tracebacks included, has any bot token
replaced before it is written.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

from bot.redaction import REDACTED, redact

update_id_var: ContextVar[int | None] = ContextVar("update_id", default=None)

# Libraries that log request URLs (they contain the token), SQL parameters or whole messages
# at their DEBUG or INFO level: they are held back whatever LOG_LEVEL says.
QUIET = {
    "aiohttp.access": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING,
    "sqlalchemy": logging.WARNING,
    "telegram": logging.INFO,
    "uvicorn.access": logging.WARNING,
}
MIN_SECRET = 8
HUMAN = "%(asctime)s %(levelname)s %(name)s%(update)s: %(message)s"


class UpdateIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        update_id = update_id_var.get()
        record.update_id = update_id
        record.update = f" [update {update_id}]" if update_id is not None else ""
        return True


class LibraryFloor(logging.Filter):
    """Drops a library's lines below its floor in QUIET, even if its logger was opened wider."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= _floor(record.name)


@functools.cache
def _floor(name: str) -> int:
    while name:
        if name in QUIET:
            return QUIET[name]
        name = name.rpartition(".")[0]
    return logging.NOTSET


class Redacting(logging.Formatter):
    """Formats with `inner`, then replaces bot tokens and the given secrets in the whole line."""

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.inner = inner
        # A very short secret would blot out ordinary words; the token's shape is caught anyway.
        self.secrets = tuple(s for s in secrets if len(s) >= MIN_SECRET)

    def format(self, record: logging.LogRecord) -> str:
        line = self.inner.format(record)
        for secret in self.secrets:
            line = line.replace(secret, REDACTED)
        return redact(line)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id = getattr(record, "update_id", None)
        if update_id is not None:
            line["update_id"] = update_id
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(
    level: str, fmt: str = "text", secrets: Iterable[str] = (), stream: TextIO | None = None
) -> None:
    """Root logging at `level` to stderr (or `stream`); `secrets` (the token, the webhook
    secret) are replaced wherever they would appear."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(LibraryFloor())
    handler.addFilter(UpdateIdFilter())
    inner = JsonFormatter() if fmt == "json" else logging.Formatter(HUMAN)
    handler.setFormatter(Redacting(inner, secrets))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    numeric = logging.getLevelName(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, numeric))
