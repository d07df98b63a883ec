"""The last line: log the failure with its update id (no personal data), and apologise,
unless what the update did was saved (its transaction committed; only the reply failed)."""

from __future__ import annotations

import logging

from telegram import Update

from bot import metrics
from bot.handlers.common import Context, deps
from bot.i18n import locale_for, translator
from bot.screens import Reply, Response, Screen
from bot.screens.menu import apology
from bot.transport.delivery import ReplyNotDelivered, safe_deliver
from bot.transport.turn import DuplicateUpdate

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    error = context.error
    if isinstance(error, DuplicateUpdate):
        log.info("update %s was already handled; skipped", error.args[0])
        return
    update_id = update.update_id if isinstance(update, Update) else None
    metrics.UPDATES_FAILED.inc()
    if isinstance(error, ReplyNotDelivered):
        cause = type(error.__cause__).__name__
        log.warning("update %s: saved, but its reply was not delivered (%s)", update_id, cause)
    else:
        log.error("update %s failed", update_id, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if await _saved(context, update.update_id, error):
        # "Please try again" would be wrong: the answer is stored, and sent again it would be
        # taken as the answer to the next question. That question shows at their next message.
        return
    user = update.effective_user
    default = deps(context).settings.default_locale
    t = translator(locale_for(user.language_code if user else None, default))
    response = Response(
        [Reply(Screen(apology(t)))], alert=apology(t) if update.callback_query else None
    )
    try:
        await safe_deliver(context.bot, update.effective_chat.id, response, update.callback_query)
    except Exception:  # the apology itself failed; the log line above already tells
        log.warning("could not apologise for update %s", update_id)


async def _saved(context: Context, update_id: int, error: Exception | None) -> bool:
    if isinstance(error, ReplyNotDelivered):
        return True
    try:
        return await deps(context).turn.committed(update_id)
    except Exception:  # likely the database, which the update needed too: apologise
        log.warning("update %s: could not tell whether it was saved", update_id)
        return False
