"""Logging set-up. Nothing personal and no token is ever logged.

Human-readable lines by default, JSON lines with LOG_FORMAT=json. A line written while an
update is handled carries its update id (set by the update processor in a context variable,
which each update's task has its own copy of).
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

update_id_var: ContextVar[int | None] = ContextVar("update_id", default=None)

# Libraries that log request URLs (they contain the token), SQL parameters or whole messages
# at their DEBUG or INFO level: they are held back whatever LOG_LEVEL says.
QUIET = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING,
    "sqlalchemy": logging.WARNING,
    "telegram": logging.INFO,
    "uvicorn.access": logging.WARNING,
}
HUMAN = "%(asctime)s %(levelname)s %(name)s%(update)s: %(message)s"


class UpdateIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        update_id = update_id_var.get()
        record.update_id = update_id
        record.update = f" [update {update_id}]" if update_id is not None else ""
        return True


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


def configure(level: str, fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(UpdateIdFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(HUMAN))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    numeric = logging.getLevelName(level)
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, numeric))
