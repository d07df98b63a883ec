"""Answers never land under the wrong question when the Bot API fails the reply.

The answer to the causes question is saved and the dialogue moves on to the solution, but
Telegram answers the reply (the solution question) with a 500, a 502, a hang or a 429 flood.
The person must always see the question their next answer goes to: the reply is tried again,
nobody is told to "try again" for an answer that was saved, and a text sent again for a
question never shown is not filed under it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from emulator import BotApiEmulator, Reaction
from storage.models import Dialogue

from .durability_helpers import current_question, step_number, wait_step
from .journey import PROPOSAL_STEPS, Idea, Resident, choose_topic, register, resident
from .staff import db

IDEA = Idea()
TRY_AGAIN = "Sorry, something went wrong on our side. Please try again in a moment."
SAVED = "✅ Saved — <b>{step}</b>: {answer}"
STALE = "That button is from an earlier question. Please use the latest message."
HANG = 6.5  # seconds: longer than the bot's HTTP client waits for an answer (5 s)

Outage = Callable[[BotApiEmulator], None]
OUTAGES: dict[str, Outage] = {
    "500": lambda emu: emu.fail("sendMessage", 500),
    "502": lambda emu: emu.fail("sendMessage", 502),
    "hang": lambda emu: emu.hang("sendMessage", HANG),
    "429x8": lambda emu: emu.flood("sendMessage", 8, retry_after=1),
}


pytestmark = pytest.mark.usefixtures("fast_settle")


CAUSES = "What do you think <b>causes</b> it?"


async def at_causes(r: Resident) -> None:
    """Registered, in a proposal, shown the causes question (step 3: the problem comes first
    now, then its topic, suggested and confirmed, which answers the perangkat daerah too).
    These tests used to start at the problem (step 3 after two taps): the first typed answer
    followed by another typed question is now the causes."""
    await register(r)
    await r.send("/usul")
    at = await choose_topic(r, IDEA, await r.send(IDEA.problem))
    assert r.step(3) in at.text and r.says(CAUSES) in at.text, at.text


async def draft(bot: RembugApp, telegram_id: int) -> Dialogue:
    async with db(bot) as session:
        row = (
            await session.execute(select(Dialogue).where(Dialogue.owner_id == telegram_id))
        ).scalar_one()
        session.expunge(row)
        return row


async def idle(bot: RembugApp, emulator: BotApiEmulator, method: str, within: float = 30) -> None:
    """Wait until every planned failure of `method` is over and the bot has finished with the
    updates it fetched (its retries included)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while emulator.failures_pending(method) or bot.update_processor.current_concurrent_updates:
        assert loop.time() < deadline, "the bot is still busy"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # an apology (the error handler) would go out now


async def outage_over(bot: RembugApp, emulator: BotApiEmulator, within: float = 30) -> None:
    """Once the bot met the failures, wait until it gave up on the update; then the Bot API
    works again."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not emulator.stats.errors[500] or bot.update_processor.current_concurrent_updates:
        assert loop.time() < deadline, "the bot is still busy"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    emulator.recover()


def told_to_try_again(r: Resident, *reactions: Reaction) -> bool:
    shown = [m.text or "" for m in r.user.bot_messages()]
    alerts = [x.callback_answer.text or "" for x in reactions if x.callback_answer]
    return any(r.says(TRY_AGAIN) in text for text in [*shown, *alerts])


def saved_line(r: Resident, step: str, answer: str) -> str:
    return r.says(SAVED, step=r.t(step), answer=answer)


async def answers_of(bot: RembugApp, r: Resident) -> dict[str, Any]:
    return dict((await draft(bot, r.user.id)).answers)


@pytest.mark.parametrize("outage", OUTAGES)
async def test_the_next_question_arrives_when_its_first_delivery_fails(
    emulator: BotApiEmulator, bot: RembugApp, outage: str
) -> None:
    r = resident(emulator, 8601)
    await at_causes(r)

    OUTAGES[outage](emulator)
    await r.user.send(IDEA.causes, expect_reply=False)
    await wait_step(r.user, 4, PROPOSAL_STEPS, within=30)
    await idle(bot, emulator, "sendMessage")

    assert not told_to_try_again(r), r.user.chat.describe()
    at = await r.send(IDEA.solution)
    assert r.step(5) in at.text, at.text
    answers = await answers_of(bot, r)
    assert (answers["causes"], answers["solution"]) == (IDEA.causes, IDEA.solution)


async def test_a_text_sent_again_while_the_reply_hangs_is_not_filed_as_the_next_answer(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 8602)
    await at_causes(r)

    emulator.hang("sendMessage", HANG)
    await r.user.send(IDEA.causes, expect_reply=False)
    await asyncio.sleep(1.0)
    # Nothing came back yet: the person sends the same text again.
    await r.user.send(IDEA.causes, expect_reply=False)
    await idle(bot, emulator, "sendMessage")

    answers = await answers_of(bot, r)
    assert "solution" not in answers, answers
    assert answers["causes"] == IDEA.causes
    # Told what was saved, above the solution question (the late original arrives too).
    shown = [m.text or "" for m in r.user.bot_messages()]
    told = [text for text in shown if saved_line(r, "Causes", IDEA.causes) in text]
    assert told and step_number(told[0]) == 4, r.user.chat.describe()
    assert step_number(current_question(r.user).text or "") == 4, r.user.chat.describe()
    assert not told_to_try_again(r), r.user.chat.describe()
    at = await r.send(IDEA.solution)
    assert r.step(5) in at.text
    assert (await answers_of(bot, r))["solution"] == IDEA.solution


async def test_after_an_outage_the_text_sent_again_shows_the_question_it_was_not_shown(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 8603)
    await at_causes(r)

    emulator.fail("sendMessage", 500, times=1000)  # Telegram fails every message for a while
    await r.user.send(IDEA.causes, expect_reply=False)
    await outage_over(bot, emulator)

    # The person still sees the causes question, and nobody told them to try again …
    assert step_number(current_question(r.user).text or "") == 3, r.user.chat.describe()
    assert not told_to_try_again(r), r.user.chat.describe()
    # … so they send the causes again: they are not taken as the solution.
    again = await r.send(IDEA.causes)
    assert saved_line(r, "Causes", IDEA.causes) in again.text, again.text
    assert r.step(4) in again.text, again.text
    answers = await answers_of(bot, r)
    assert "solution" not in answers and answers["causes"] == IDEA.causes

    at = await r.send(IDEA.solution)
    assert r.step(5) in at.text, at.text
    assert (await answers_of(bot, r))["solution"] == IDEA.solution


async def test_the_same_words_for_two_questions_in_a_row_are_both_answers(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    """Only a message sent before its question arrived is set aside: someone who answers the
    causes and the solution with the same words, each after seeing its question, moves on."""
    r = resident(emulator, 8606)
    await at_causes(r)
    same = "Belum tahu, nanti kami rembugkan dulu dengan warga RT."
    at = await r.send(same)
    assert r.step(4) in at.text, at.text
    at = await r.send(same)
    assert r.step(5) in at.text, at.text
    answers = await answers_of(bot, r)
    assert (answers["causes"], answers["solution"]) == (same, same)


async def at_urgency(r: Resident) -> None:
    await at_causes(r)
    await r.send(IDEA.causes)
    at = await r.send(IDEA.solution)
    assert r.step(5) in at.text, at.text


async def test_a_failed_edit_after_a_tap_shows_the_next_question_anew(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 8604)
    await at_urgency(r)

    emulator.fail("editMessageText", 500)
    tap = await r.user.press(r.t(IDEA.urgency), expect_reply=False)
    await wait_step(r.user, 6, PROPOSAL_STEPS, within=15)
    await idle(bot, emulator, "editMessageText")

    assert not told_to_try_again(r, tap), r.user.chat.describe()
    at = await r.tap(IDEA.time_to_result)
    assert r.step(7) in texts_of(at), r.user.chat.describe()
    answers = await answers_of(bot, r)
    assert answers["time_to_result"] and answers["urgency"]


async def test_a_button_of_the_question_still_shown_after_an_outage_shows_the_current_one(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 8605)
    await at_urgency(r)

    # The tap is saved, then neither the edit nor a new message gets through.
    emulator.fail("editMessageText", 500, times=1000)
    emulator.fail("sendMessage", 500, times=1000)
    first = await r.user.press(r.t(IDEA.urgency), expect_reply=False)
    await outage_over(bot, emulator)
    assert step_number(current_question(r.user).text or "") == 5, r.user.chat.describe()
    assert not told_to_try_again(r, first), r.user.chat.describe()

    # The old question still has its buttons; tapping one shows the current question.
    again = await r.tap(IDEA.urgency)
    assert again.callback_answer is None or again.callback_answer.text != r.says(STALE)
    shown = texts_of(again)
    assert r.step(6) in shown, r.user.chat.describe()
    assert saved_line(r, "Urgency", r.t(IDEA.urgency)) in shown, shown
    assert (await answers_of(bot, r)).get("time_to_result") is None

    at = await r.tap(IDEA.time_to_result)
    assert r.step(7) in texts_of(at), r.user.chat.describe()


def texts_of(reaction: Reaction) -> str:
    return "\n".join(m.text or "" for m in [*reaction.messages, *reaction.edits])
