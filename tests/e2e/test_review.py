"""The review screen: changing one answer, and answers that depend on another."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator

from .journey import Idea, propose, reference_in, register, resident

pytestmark = pytest.mark.usefixtures("fast_settle")


USE_REVIEW_BUTTONS = (
    "Please use the buttons under the summary: <b>✅</b>, <b>Change an answer</b> or <b>Cancel</b>."
)


async def test_change_one_answer_and_come_back_to_the_review(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 3001)
    await register(r)
    review = await propose(r, Idea(urgency="Very urgent", photos=0, location=None))
    assert "Urgency: Very urgent" in review.text
    assert "Location: —" in review.text and "Photos: —" in review.text

    typed = await r.send("looks good")
    assert typed.text == r.says(USE_REVIEW_BUTTONS)

    listed = await r.tap("✏️ Change an answer")
    assert listed.text == "Which answer do you want to change?"
    assert {"Dimension", "Urgency", "Needs", "Photos", "⬅️ Back to the summary"} <= set(r.buttons())
    again = await r.tap("⬅️ Back to the summary")
    assert "Please check your proposal" in again.text

    await r.tap("✏️ Change an answer")
    question = await r.tap("Urgency")
    assert "How urgent is it?" in question.text
    assert "Current answer: Very urgent" in question.text
    assert "Step" not in question.text  # editing one answer is not a walk through the steps
    review = await r.tap("Urgent")
    assert "Please check your proposal" in review.text
    assert "Urgency: Urgent" in review.text

    # Back from a question opened from the review changes nothing.
    await r.tap("✏️ Change an answer")
    await r.tap("Beneficiaries")
    review = await r.tap("⬅️ Back")
    assert "Beneficiaries: 300 families in RW 03" in review.text

    # A typed answer can be changed too.
    await r.tap("✏️ Change an answer")
    await r.tap("Beneficiaries")
    review = await r.send("All 1,200 residents of Desa Muktijaya")
    assert "Beneficiaries: All 1,200 residents of Desa Muktijaya" in review.text
    assert "Urgency: Urgent" in review.text

    sent = await r.tap("✅ Send proposal")
    reference = reference_in(sent.text)
    await r.send("/usulanku")
    card = await r.press(f"{reference} · Smart Environment")
    assert "Urgency: Urgent" in card.text
    assert "Beneficiaries: All 1,200 residents of Desa Muktijaya" in card.text


async def test_a_new_dimension_needs_a_new_sub_element_first(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 3002)
    await register(r)
    await propose(r, Idea(photos=0))
    await r.tap("✏️ Change an answer")
    question = await r.tap("Dimension")
    assert "Current answer: Smart Environment" in question.text

    sub_element = await r.press("Smart Living")
    assert "Which part of Smart Living is it about?" in sub_element.text
    assert "Please check your proposal" not in sub_element.text
    assert {"Harmony", "Health", "Mobility"} <= set(r.buttons())
    assert "Waste Management" not in r.buttons()

    refused = await r.tap("⬅️ Back")
    assert refused.callback_answer is not None
    assert refused.callback_answer.text == (
        "Please answer this question first: it depends on your previous change."
    )
    assert "Which part of Smart Living is it about?" in r.last().text  # type: ignore[operator]

    review = await r.press("Mobility")
    assert "Dimension: Smart Living" in review.text
    assert "Element: Mobility" in review.text

    # Choosing the same dimension again keeps the element and goes straight back.
    await r.tap("✏️ Change an answer")
    await r.tap("Dimension")
    review = await r.press("Smart Living")
    assert "Please check your proposal" in review.text
    assert "Element: Mobility" in review.text

    sent = await r.tap("✅ Send proposal")
    reference = reference_in(sent.text)
    listing = await r.send("/usulanku")
    assert f"{reference} · Smart Living" in listing.text


async def test_back_walks_to_the_previous_step_keeping_the_answer(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 3003)
    await register(r)
    await r.send("/usul")
    await r.press("Smart Economy")
    await r.press("Industry")
    await r.send("Small workshops cannot reach buyers outside the desa.")
    back = await r.tap("⬅️ Back")
    assert r.step(3) in back.text
    again = await r.send("Home industries cannot reach buyers outside the desa.")
    assert r.step(4) in again.text
