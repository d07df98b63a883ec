"""/ekspor and its buttons (callback kind "e", layout in bot/export/options.py).

The file is built after the tap's unit of work has committed, in a background task whose
heavy part runs in a worker thread; a progress message is edited in place meanwhile.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.export import options, screens
from bot.export.service import Exports, Job, Outcome
from bot.handlers.common import Context, deps, reply, respond, tapped, unit_of_work
from bot.i18n import Translator

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0  # seconds between edits of the progress message (Telegram allows ~1/s)


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(["ekspor", "export"], on_export, private))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:e:"))


def _exports(context: Context) -> Exports:
    return deps(context).exports


async def on_export(update: Update, context: Context) -> None:
    await respond(update, context, _exports(context).menu)


async def on_button(update: Update, context: Context) -> None:
    assert update.effective_chat is not None
    tap = options.read(tapped(update))
    exports = _exports(context)
    async with unit_of_work(update, context) as (session, speaker):
        response, job = await exports.press(session, speaker, tap)
    if job is None:
        await reply(update, context, response)
        return
    # Committed: the job starts whatever becomes of the tap's answer (a 500, a timeout, a 429
    # would otherwise leave the admin's export slot taken), and its own message says how it goes.
    exports.hold(job)
    context.application.create_task(_deliver(context.bot, exports, update.effective_chat.id, job))
    try:
        await reply(update, context, response)
    except TelegramError as error:
        log.info("export tap not answered (%s); the export goes on", type(error).__name__)


class _Progress:
    """Written by the worker thread (proposals) or the event loop (photos), read by the event
    loop: plain values, no lock needed."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.photos = False  # fetching the photos, after the proposals were written

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def photo(self, done: int, total: int) -> None:
        self.photos, self.done, self.total = True, done, total

    def seen(self) -> tuple[bool, int]:
        return self.photos, self.done

    def text(self, t: Translator) -> str:
        if self.photos:
            return screens.photos_progress(t, self.done, self.total)
        return screens.progress(t, self.done, self.total)


async def _deliver(bot: Bot, exports: Exports, chat_id: int, job: Job) -> None:
    try:
        await _prepare_and_send(bot, exports, chat_id, job)
    finally:  # however it ended (even cancelled at shutdown): the slot is free, the folder gone
        exports.finish(job)


async def _prepare_and_send(bot: Bot, exports: Exports, chat_id: int, job: Job) -> None:
    t = job.t
    first = screens.audit_preparing(t) if job.audit_log else screens.preparing(t, job.count)
    try:
        status = await bot.send_message(chat_id, first)
    except TelegramError as error:
        log.info("an export was dropped: %s", error)
        return
    try:
        outcome = await _build_showing_progress(bot, exports, job, chat_id, status.message_id)
        await _send(bot, chat_id, status.message_id, job, outcome)
    except Exception:
        log.exception("an export failed")
        await _edit(bot, chat_id, status.message_id, screens.failed(t))


async def _build_showing_progress(
    bot: Bot, exports: Exports, job: Job, chat_id: int, message_id: int
) -> Outcome:
    progress = _Progress()
    task = asyncio.ensure_future(exports.build(job, progress, progress.photo))
    shown = (False, 0)
    while not task.done():
        await asyncio.wait({task}, timeout=PROGRESS_EVERY)
        if not task.done() and progress.seen() > shown:
            shown = progress.seen()
            await _edit(bot, chat_id, message_id, progress.text(job.t))
    return task.result()


async def _send(bot: Bot, chat_id: int, message_id: int, job: Job, outcome: Outcome) -> None:
    t = job.t
    if outcome.path is None:
        if job.options.with_photos:
            await _edit(bot, chat_id, message_id, screens.too_big_with_photos(t))
        else:
            await _edit(bot, chat_id, message_id, screens.too_big(t, outcome.size / 1_000_000))
        return
    if job.audit_log:
        caption = screens.audit_ready(t, outcome.rows)
    else:
        caption = screens.ready(t, outcome.rows, job.options.identity)
    if outcome.zipped:
        caption += "\n" + screens.zipped(t)
    if job.options.with_photos and not job.audit_log:
        caption += "\n" + screens.photos_included(t, outcome.photos, outcome.missing)
    with outcome.path.open("rb") as file:
        await bot.send_document(chat_id, file, filename=outcome.path.name, caption=caption)
    await _edit(bot, chat_id, message_id, caption)


async def _edit(bot: Bot, chat_id: int, message_id: int, text: str) -> None:
    try:
        await bot.edit_message_text(text, chat_id, message_id)
    except BadRequest as error:
        log.debug("progress message not edited: %s", error)
    except TelegramError as error:
        log.info("progress message not edited: %s", error)
