"""The real bot running against the emulator, shared by the `bot` fixture and the tests that
need it started another way (inside a debug log)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import RembugApp, build_application, lifecycle
from bot.settings import Settings
from storage.migrate import upgrade_async


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[RembugApp]:
    """The real application, polling the emulator, as `rembug run` would run it."""
    await upgrade_async(settings.database_url)
    application = build_application(settings)
    assert application.updater is not None
    # lifecycle() runs the start and stop hooks as run_polling does (commands published, the
    # delivery and notice workers running).
    async with lifecycle(application):
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
