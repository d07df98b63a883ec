"""The one factory that builds the bot; `rembug run`, the tests and the benchmarks use it.
Its services and dialogue flows are wired by bot/wiring.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, TypeAlias

from sqlalchemy import event
from telegram import BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import metrics
from bot.clock import utc_now
from bot.handlers import register
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.proposals.similar import prepare_reading
from bot.screens.menu import command_descriptions
from bot.settings import Settings
from bot.transport.files import Files
from bot.transport.http import AiohttpRequest
from bot.transport.outbox import Outbox
from bot.transport.pacing import Pace, PacedLimiter
from bot.transport.processor import PerUserUpdateProcessor
from bot.wiring import Deps, build_deps
from storage.db import Database
from storage.queries import updates

# Telegram redelivers within hours at most; a month of update ids is a wide margin.
PROCESSED_UPDATES_KEPT = timedelta(days=30)

# Replies to 64 people handled at once, the broadcast worker and the notices, with room to spare.
API_CONNECTIONS = 128

RembugApp: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings, database: Database | None = None) -> RembugApp:
    api = settings.telegram_api_url
    # Several worker processes share Telegram's limit for the bot: each takes its part.
    pace = Pace(settings.broadcast_rate / settings.workers)
    application = (
        ApplicationBuilder()
        .token(settings.token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .request(AiohttpRequest(connections=API_CONNECTIONS))
        .get_updates_request(AiohttpRequest(connections=1))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(PerUserUpdateProcessor())
        .rate_limiter(PacedLimiter(pace))
        .post_init(_on_startup)
        .post_stop(_stop_worker)
        .post_shutdown(_close_database)
        .build()
    )
    database = database or Database(settings.database_url)
    for engine in database.sync_engines:
        event.listen(engine, "before_cursor_execute", _count_statement)
    outbox, files = Outbox(application.bot), Files(application.bot)
    application.bot_data["deps"] = build_deps(settings, database, pace, outbox, files)
    register(application)
    return application


def _count_statement(*_: object) -> None:
    metrics.SQL_STATEMENTS.inc()


@asynccontextmanager
async def lifecycle(application: RembugApp) -> AsyncIterator[None]:
    """Start and stop the Application as run_polling does, for servers that feed it updates
    themselves (webhook mode): on leaving, every update already queued is handled first."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            yield
        finally:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def _on_startup(application: RembugApp) -> None:
    prepare_reading()
    await _publish_commands(application)
    deps = application.bot_data["deps"]
    async with deps.database.transaction() as session:
        await updates.forget_older_than(session, utc_now(), PROCESSED_UPDATES_KEPT)
    deps.broadcasting.worker.start()
    deps.notices.start()
    deps.retention.start()
    deps.owed_notices.start()
    deps.opd_reminders.start()
    deps.phase_watcher.start()


async def _stop_worker(application: RembugApp) -> None:
    deps = application.bot_data.get("deps")
    if isinstance(deps, Deps):
        await deps.broadcasting.worker.stop()
        await deps.notices.stop()
        await deps.retention.stop()
        await deps.owed_notices.stop()
        await deps.opd_reminders.stop()
        await deps.phase_watcher.stop()


async def _publish_commands(application: RembugApp) -> None:
    """setMyCommands in both languages; Indonesian is also the default for everyone else."""
    scope = BotCommandScopeAllPrivateChats()
    for locale in SUPPORTED_LOCALES:
        commands = [BotCommand(c, d) for c, d in command_descriptions(translator(locale))]
        await application.bot.set_my_commands(commands, scope=scope, language_code=locale)
        if locale == "id":
            await application.bot.set_my_commands(commands, scope=scope)


async def _close_database(application: RembugApp) -> None:
    deps = application.bot_data.get("deps")
    if isinstance(deps, Deps):
        await deps.database.dispose()
