"""Typed settings, read from the environment or a `.env` file when `main()` runs."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.db import DEFAULT_DATABASE_URL

SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a webhook secret_token


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_DATABASE_URL
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    default_locale: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # Webhook mode (`rembug webhook`): the public HTTPS address Telegram posts to (its path is
    # the path served), the secret Telegram sends back in a header, and the local listener.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # /metrics and /healthz, on their own address that only the machine (Prometheus, the
    # proxy's health check) reaches; METRICS_PORT unset is PORT + 1000, 0 serves neither.
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = Field(default=None, ge=0, le=65535)
    # Bot processes sharing this token and database; each sends BROADCAST_RATE / WORKERS a second.
    workers: int = Field(default=1, ge=1, le=64)
    # Broadcasts and reminders: messages a second overall (Telegram allows about 30), how many
    # sends may be on the wire at once, and when reminders must wait for the morning (WIB).
    broadcast_rate: float = Field(default=25.0, gt=0, le=30)
    broadcast_concurrency: int = Field(default=4, ge=1, le=32)
    reminder_idle_hours: float = Field(default=24.0, gt=0)
    quiet_hours_start: str = "21:00"
    quiet_hours_end: str = "06:00"
    # A perangkat daerah's staff are reminded (once a day, not in quiet hours) of proposals
    # assigned to it that have waited more than this many days for its tanggapan.
    opd_reminder_days: int = Field(default=7, ge=1, le=365)
    # Personal data is kept until the end of this day (in TIMEZONE) and erased from the next;
    # admins are warned before. Unset: kept until it is set (README, "Privacy").
    retention_until: dt.date | None = None

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be the public https:// address Telegram posts updates to")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("retention_until", mode="before")
    @classmethod
    def _calendar_date(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if not value.strip():
            return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("must be a date written as YYYY-MM-DD, e.g. 2027-12-31") from None

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.isdigit() for part in parts):
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Asia/Jakarta") from None
        return value

    @field_validator("quiet_hours_start", "quiet_hours_end")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        hours, _, minutes = value.strip().partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValueError("must be a time of day such as 21:00")
        return f"{int(hours):02d}:{int(minutes):02d}"

    def token(self) -> str:
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise SettingsError(
                "BOT_TOKEN is not set: create a bot with @BotFather in Telegram "
                "(/newbot), then put its token in BOT_TOKEN (environment or .env)."
            )
        return self.bot_token.get_secret_value().strip()

    def metrics_address(self) -> tuple[str, int] | None:
        """Where /metrics and /healthz are served, or None when METRICS_PORT is 0."""
        if self.metrics_port == 0:
            return None
        port = self.port + 1000 if self.metrics_port is None else self.metrics_port
        if port > 65535:
            raise SettingsError(f"PORT + 1000 ({port}) is no port number: set METRICS_PORT")
        return self.metrics_host, port

    def webhook(self) -> tuple[str, str, str]:
        """URL, the path it ends in, and the secret; explains what is missing."""
        if self.webhook_url is None:
            raise SettingsError(
                "WEBHOOK_URL is not set: the public https:// address that your reverse proxy "
                "forwards to this server, e.g. https://rembug.example.go.id/telegram"
            )
        if self.webhook_secret is None:
            raise SettingsError(
                "WEBHOOK_SECRET is not set: a random string of letters, digits, _ and - "
                "(e.g. from `openssl rand -hex 32`); Telegram sends it with every update"
            )
        path = urlsplit(self.webhook_url).path or "/"
        return self.webhook_url, path, self.webhook_secret.get_secret_value()


class SettingsError(Exception):
    """A configuration problem, explained in one line for the operator."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
        # pydantic prefixes the text of a validator's ValueError with "Value error, ".
        reason = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name} is invalid: {reason}. See .env.example.") from None
