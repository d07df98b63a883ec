"""`rembug playground`: the real bot against the emulator, with a chat page for a browser.

No token, no network: the emulator plays Telegram on 127.0.0.1, the bot is built by the same
factory as `rembug run`, and a participant, a kecamatan coordinator, a member of staff of
Dinas Lingkungan Hidup (to try the OPD desk) and an admin are ready, and a practice round in
prioritas (bot/serve/playground_round.py) has proposals to compare.
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
from telegram import BotCommand, BotCommandScopeChat, Update

from bot import roles
from bot.app import RembugApp, build_application
from bot.clock import utc_now
from bot.participants.onboarding import save_profile
from bot.people import Person
from bot.serve.playground_round import seed_practice_round
from bot.settings import Settings
from emulator import BotApiEmulator
from emulator.playground import Roster, install
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import Participant
from storage.queries import participants, updates

# Seeded people. Telegram ids below 100 000 never collide with the "new person" ids.
PARTICIPANT_ID = 1001
COORDINATOR_ID = 2001
ADMIN_ID = 3001
OPD_ID = 4001
FIRST_NEW_ID = 900_001
KECAMATAN = "32.16.09"  # Cikarang Utara
DESA = "32.16.09.2001"  # Cikarangkota
OPD = "DLH"  # Dinas Lingkungan Hidup, where proposals about rubbish and rivers go


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
    Seed(OPD_ID, "Rina", "opd", "Dinas Lingkungan Hidup", "lainnya"),
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
    """Registers the seeded people (once), the coordinator's and the OPD member's roles; the
    next free new id."""
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
        await roles.grant_opd(session, OPD_ID, OPD, None, now)
        highest = await session.scalar(select(func.max(Participant.telegram_user_id)))
    return max(FIRST_NEW_ID, (highest or 0) + 1)


async def last_update_id(database: Database) -> int:
    async with database.transaction() as session:
        return await updates.highest(session) or 0


async def publish_menu(application: RembugApp, telegram_id: int) -> None:
    """A staff member's own command menu, as the bot sets it when a role is granted in chat."""
    deps = application.bot_data["deps"]
    async with deps.database.transaction() as session:
        commands = await deps.coordination.command_menu(session, Person(telegram_id, None))
    if commands:
        scope = BotCommandScopeChat(telegram_id)
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in commands], scope=scope)


class Hooks:
    """What the page's language switch changes besides the Telegram app's language."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.application: RembugApp | None = None

    async def on_language(self, telegram_id: int, language: str) -> None:
        # A registered person's language is kept by the bot, not taken from the Telegram app.
        async with self.database.transaction() as session:
            found = await participants.by_telegram_id(session, telegram_id)
            if found is not None:
                found.locale = language
        if self.application is not None:
            await publish_menu(self.application, telegram_id)


def roster_for(emulator: BotApiEmulator, hooks: Hooks, locale: str) -> Roster:
    roster = Roster(emulator, first_new_id=FIRST_NEW_ID, on_language=hooks.on_language)
    for person in SEEDS:
        roster.add(person.telegram_id, person.name, locale, person.role, person.detail)
    return roster


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, database: Database) -> AsyncIterator[RembugApp]:
    """The application started and stopped in the order `run_polling` uses, hooks included
    (post_init publishes the commands and starts the broadcast and notice workers)."""
    application = build_application(settings, database)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        yield application
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


@contextlib.asynccontextmanager
async def playground(
    base: Settings, port: int, db: str | None, host: str = "127.0.0.1"
) -> AsyncIterator[str]:
    """Everything running; yields the page's URL. Stops it all on the way out."""
    url, folder = database_url(db)
    emulator = BotApiEmulator(bot_username="rembug_bot", bot_first_name="Rembug")
    database = Database(url)
    hooks = Hooks(database)
    roster = roster_for(emulator, hooks, base.default_locale)
    try:
        # Listen first, so a busy port is reported before any database work.
        await emulator.start(host, port, setup=lambda app: install(app, roster))
        try:
            await upgrade_async(url)
            roster.next_id = await seed(database, base.default_locale, utc_now())
            await seed_practice_round(database, KECAMATAN, DESA, base.default_locale, utc_now())
            # A kept --db remembers the update ids it handled: the new emulator must not
            # reuse them, or the bot would skip everything as already handled.
            emulator.state.updates.continue_after(await last_update_id(database))
            settings = playground_settings(base, emulator, url)
            async with running_bot(settings, database) as application:
                hooks.application = application
                for person in SEEDS:
                    await publish_menu(application, person.telegram_id)
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
