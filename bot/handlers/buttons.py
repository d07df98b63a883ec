"""Taps on inline buttons. The data comes from the client: decode strictly, check again."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answers import Problem
from bot.dialogue.problems import explain
from bot.handlers.common import Context, deps, reply, tapped, unit_of_work
from bot.i18n import SUPPORTED_LOCALES
from bot.participants.service import Conversation
from bot.people import Speaker
from bot.screens import Response


async def on_button(update: Update, context: Context) -> None:
    decoded = tapped(update)
    conversation = deps(context).conversation
    async with unit_of_work(update, context) as (session, speaker):
        response = await route(conversation, session, speaker, decoded)
    await reply(update, context, response)


async def route(
    conversation: Conversation, session: AsyncSession, speaker: Speaker, data: cb.Callback | None
) -> Response:
    if data is None:
        return _stale(speaker)
    fields = data.fields
    if data.kind is Kind.STEP:
        step = cb.parse_step(data)
        return await conversation.step_button(session, speaker, step) if step else _stale(speaker)
    if data.kind is Kind.CONSENT and len(fields) == 3 and fields[1] in SUPPORTED_LOCALES:
        kecamatan = None if fields[2] == "-" else fields[2]
        if fields[0] in ("yes", "named", "no", "lang"):
            return await conversation.consent(session, speaker, fields[0], fields[1], kecamatan)
    if data.kind is Kind.LANGUAGE and len(fields) == 1 and fields[0] in SUPPORTED_LOCALES:
        return await conversation.set_language(session, speaker, fields[0])
    if data.kind is Kind.MENU and len(fields) == 1:
        return await conversation.menu(session, speaker, fields[0])
    if data.kind is Kind.PROFILE and len(fields) == 1:
        return await conversation.edit_profile(session, speaker, fields[0])
    if data.kind is Kind.NAMING and len(fields) == 1:  # n:<yes|no> (the service checks it)
        return await conversation.naming(session, speaker, fields[0])
    # u:<action>:<proposal id>[:<nonce>] and d:<yes|no>:<nonce> (nonces: bot/confirmations.py)
    mine = data.kind is Kind.MINE and len(fields) in (2, 3)
    proposal_id = cb.parse_id(fields[1]) if mine else None
    if proposal_id is not None:
        nonce = fields[2] if len(fields) == 3 else ""
        action = fields[0]
        return await conversation.my_proposal_action(session, speaker, action, proposal_id, nonce)
    if data.kind is Kind.ERASE and len(fields) in (1, 2) and fields[0] in ("yes", "no"):
        now, nonce = conversation.clock(), fields[1] if len(fields) == 2 else ""
        return await conversation.rights.erase(session, speaker, fields[0] == "yes", nonce, now)
    return _stale(speaker)


def _stale(speaker: Speaker) -> Response:
    return Response(alert=explain(Problem("stale"), None, speaker.t))
