"""Moderation and status: /usulan REF (a proposal with its buttons), /sembunyikan REF reason,
/tampilkan REF, /status REF STATUS [other REF] [reason]. Buttons use callback kind "o":
o:v:<id> (card) · o:h:<id> (hide: asks the reason) · o:u:<id> (show again) ·
o:s:<id> (status menu) · o:S:<id>:<status>:<nonce> (set it) · o:B:<id>:<nonce> (back to the
card; the menu's nonce: bot/confirmations.py).
/klasifikasi lists the proposals sent without a dimension; classifying uses callback kind "y"
(layout in bot/proposals/classification.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot import callbacks as cb
from bot.dialogue.text import command_words
from bot.handlers.common import Context, deps, reply, responding, tapped, unit_of_work


def register(application: Application, private: filters.BaseFilter) -> None:  # type: ignore[type-arg]
    commands = {
        "usulan": on_show,
        "sembunyikan": on_hide,
        "tampilkan": on_unhide,
        "status": on_status,
        "klasifikasi": on_unclassified,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, private))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^v1:o:"))
    application.add_handler(CallbackQueryHandler(on_classify, pattern=r"^v1:y:"))


def _args(context: Context) -> tuple[str, list[str]]:
    words = command_words(context.args or [])
    return (words[0] if words else ""), words[1:]


async def on_show(update: Update, context: Context) -> None:
    ref, _ = _args(context)
    async with unit_of_work(update, context) as (session, speaker):
        response = await deps(context).moderation.show(session, speaker, ref)
    await reply(update, context, response)


async def on_hide(update: Update, context: Context) -> None:
    ref, words = _args(context)
    moderation = deps(context).moderation
    async with unit_of_work(update, context) as (session, speaker):
        response = await moderation.hide(session, speaker, ref, " ".join(words))
    await reply(update, context, response)


async def on_unhide(update: Update, context: Context) -> None:
    ref, _ = _args(context)
    moderation = deps(context).moderation
    async with unit_of_work(update, context) as (session, speaker):
        response = await moderation.unhide(session, speaker, ref)
    await reply(update, context, response)


async def on_status(update: Update, context: Context) -> None:
    ref, words = _args(context)
    moderation = deps(context).moderation
    async with unit_of_work(update, context) as (session, speaker):
        response = await moderation.set_status(session, speaker, ref, words)
    await reply(update, context, response)


async def on_button(update: Update, context: Context) -> None:
    tap = tapped(update)
    proposal_id = tap.number(0) if tap is not None and len(tap.args) in (1, 2, 3) else None
    moderation = deps(context).moderation
    async with unit_of_work(update, context) as (session, speaker):
        if tap is not None and proposal_id is not None:
            action, args = tap.action, tap.args
            status = args[1] if action == "S" and len(args) >= 2 else None
            nonce = args[-1] if len(args) == (3 if action == "S" else 2) else ""
            response = await moderation.button(session, speaker, action, proposal_id, status, nonce)
        else:
            response = moderation.stale(speaker)
    await reply(update, context, response)


on_unclassified = responding(lambda d: d.moderation.classification.listing)


async def on_classify(update: Update, context: Context) -> None:
    tap = tapped(update) or cb.Callback(cb.Kind.CLASSIFY, ())
    classification = deps(context).moderation.classification
    async with unit_of_work(update, context) as (session, speaker):
        response = await classification.button(session, speaker, tap)
    await reply(update, context, response)
