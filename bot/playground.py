"""`rembug playground`: the real bot against the emulator, with a chat page for a browser.

No token, no network: the emulator plays Telegram on 127.0.0.1, the bot is built by the same
factory as `rembug run`, and a participant, a kecamatan coordinator and an admin are ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import func, select
from telegram import Update

from bot import roles
from bot.app import RembugApp, build_application
from bot.conversation import utc_now
from bot.onboarding import save_profile
from bot.settings import Settings
from emulator import BotApiEmulator
from emulator.playground import Roster, install
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import Participant
from storage.queries import participants

# Seeded people. Telegram ids below 100 000 never collide with the "new person" ids.
PARTICIPANT_ID = 1001
COORDINATOR_ID = 2001
ADMIN_ID = 3001
FIRST_NEW_ID = 900_001
KECAMATAN = "32.16.09"  # Cikarang Utara
DESA = "32.16.09.2001"  # Cikarangkota


@dataclass(frozen=True)
class Seed:
    telegram_id: int
    name: str
    role: str  # on the page
    detail: str  # on the page, after the role
    community_role: str  # in the profile


SEEDS = (
    Seed(PARTICIPANT_ID, "Siti", "participant", "Cikarang Utara", "warga"),
    Seed(COORDINATOR_ID, "Budi", "coordinator", "Cikarang Utara", "tokoh"),
    Seed(ADMIN_ID, "Dewi", "admin", "Diskominfosantik", "lainnya"),
)


def database_url(db: str | None) -> tuple[str, tempfile.TemporaryDirectory[str] | None]:
    """The SQLite URL for --db FILE, or a temporary file removed when the playground stops."""
    if db:
        path = Path(db).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{path}", None
    folder = tempfile.TemporaryDirectory(prefix="rembug-playground-")
    return f"sqlite+aiosqlite:///{Path(folder.name) / 'playground.db'}", folder


def playground_settings(base: Settings, emulator: BotApiEmulator, url: str) -> Settings:
    """Only the language and time zone come from the operator's configuration."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=SecretStr(emulator.token),
        telegram_api_url=emulator.url,
        database_url=url,
        admin_ids=frozenset({ADMIN_ID}),
        default_locale=base.default_locale,
        timezone=base.timezone,
        log_level="WARNING",
    )


async def seed(database: Database, locale: str, now: datetime) -> int:
    """Registers the seeded people (once) and the coordinator's role; the next free new id."""
    async with database.transaction() as session:
        for person in SEEDS:
            found = await participants.by_telegram_id(session, person.telegram_id)
            if found is None:
                found = await participants.create(session, person.telegram_id, locale, now)
                answers = {
                    "name": person.name,
                    "kecamatan": KECAMATAN,
                    "desa": DESA,
                    "role": person.community_role,
                }
                save_profile(found, answers, now)
        await roles.grant_coordinator(session, COORDINATOR_ID, KECAMATAN, None, now)
        highest = await session.scalar(select(func.max(Participant.telegram_user_id)))
    return max(FIRST_NEW_ID, (highest or 0) + 1)


async def remember_language(database: Database, telegram_id: int, locale: str) -> None:
    """The page's language switch also changes what a registered person chose in the bot."""
    async with database.transaction() as session:
        found = await participants.by_telegram_id(session, telegram_id)
        if found is not None:
            found.locale = locale


def roster_for(emulator: BotApiEmulator, database: Database, locale: str) -> Roster:
    async def on_language(telegram_id: int, language: str) -> None:
        await remember_language(database, telegram_id, language)

    roster = Roster(emulator, first_new_id=FIRST_NEW_ID, on_language=on_language)
    for person in SEEDS:
        roster.add(person.telegram_id, person.name, locale, person.role, person.detail)
    return roster


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, database: Database) -> AsyncIterator[RembugApp]:
    application = build_application(settings, database)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES
    )
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


@contextlib.asynccontextmanager
async def playground(
    base: Settings, port: int, db: str | None, host: str = "127.0.0.1"
) -> AsyncIterator[str]:
    """Everything running; yields the page's URL. Stops it all on the way out."""
    url, folder = database_url(db)
    emulator = BotApiEmulator(bot_username="rembug_bot", bot_first_name="Rembug")
    database = Database(url)
    roster = roster_for(emulator, database, base.default_locale)
    try:
        # Listen first, so a busy port is reported before any database work.
        await emulator.start(host, port, setup=lambda app: install(app, roster))
        try:
            await upgrade_async(url)
            roster.next_id = await seed(database, base.default_locale, utc_now())
            async with running_bot(playground_settings(base, emulator, url), database):
                yield emulator.url
        finally:
            await emulator.stop()
    finally:
        await database.dispose()
        if folder is not None:
            folder.cleanup()


async def serve(base: Settings, port: int, db: str | None) -> None:
    stop = asyncio.Event()
    # Ctrl-C cancels this task (asyncio.run); a service manager's SIGTERM stops it the same way.
    with contextlib.suppress(NotImplementedError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with playground(base, port, db) as url:
        print(f"Rembug playground: open {url} in your browser (Ctrl-C stops it).", flush=True)
        await stop.wait()
