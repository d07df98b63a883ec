"""Wrong kinds of input at each kind of step: a polite explanation, and the step stays."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator

from .journey import (
    REGISTRATION_STEPS,
    Export,
    Resident,
    agree,
    assert_polite_and_unchanged,
    my_data,
    register,
    resident,
)

pytestmark = pytest.mark.usefixtures("fast_settle")


TYPE_TEXT = "Please type your answer as a text message."
TAP_BUTTON = "Please tap one of the buttons above."
UNKNOWN_COMMAND = "I don't know that command. Send /bantuan to see what I can do."


async def test_registration_steps_reject_what_they_cannot_use(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 6001)
    await agree(r)

    # A text step (the name).
    sticker = await r.sticker()
    assert_polite_and_unchanged(
        sticker, "Nice sticker! But I can only read text here. " + TYPE_TEXT
    )
    voice = await r.voice()
    assert_polite_and_unchanged(
        voice, "Sorry, I can't listen to voice or video messages. " + TYPE_TEXT
    )
    photo = await r.photo()
    assert_polite_and_unchanged(photo, TYPE_TEXT)
    unknown = await r.send("/foo")
    assert_polite_and_unchanged(unknown, UNKNOWN_COMMAND)
    short = await r.send("A")
    assert short.text.startswith("That is a bit short")
    assert "at least 2 characters" in short.text
    assert_polite_and_unchanged(short, short.text)
    too_long = await r.send("N" * 61)
    assert "the limit is 60" in too_long.text and "nothing was saved" in too_long.text
    assert r.step(2, REGISTRATION_STEPS) in (await r.send("Sari")).text

    # A choice step (the kecamatan).
    voice = await r.voice()
    assert_polite_and_unchanged(
        voice, "Sorry, I can't listen to voice or video messages. " + TAP_BUTTON
    )
    location = await r.location(-6.3, 107.1)
    assert_polite_and_unchanged(location, TAP_BUTTON)
    assert "Setu" in (await r.send("Setu")).text
    await r.press(r.buttons()[0])
    await r.tap("Resident")
    await r.tap("Skip ⏭")

    # A number step.
    for typed in ("banyak", "banyak sekali orang"):
        not_a_number = await r.send(typed)
        assert_polite_and_unchanged(
            not_a_number, "Please type a number only, e.g. 25. Or tap Skip."
        )
    zero = await r.send("0")
    assert_polite_and_unchanged(zero, "Please type a number from 1 to 1,000,000.")
    sticker = await r.sticker()
    assert_polite_and_unchanged(
        sticker, "Nice sticker! But I can only read text here. Please type a number, or tap Skip."
    )
    done = await r.send("sekitar 1.500 orang")
    assert "You are registered" in done.text
    profile = await r.send("/profil")
    assert "Speaks for: 1,500" in profile.text


async def at_proposal_step(r: Resident, step: int) -> None:
    """Registered, with a proposal started and answered up to (not including) `step`."""
    await register(r)
    await r.send("/usul")
    taps = {"Smart Living", "Mobility", "Urgent", "Within 12 months"}
    answers = [
        "Smart Living",
        "Mobility",
        "The road to the market floods every rainy season.",
        "The drains are blocked and too small for the water.",
        "Widen the drains and clean them before the rains.",
        "Urgent",
        "Within 12 months",
    ]
    for answer in answers[: step - 1]:
        await (r.tap(answer) if answer in taps else r.send(answer))


async def test_choice_step_with_text_that_matches_nothing(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 6002)
    await at_proposal_step(r, 1)
    typed = await r.send("pizza delivery")
    assert_polite_and_unchanged(
        typed,
        "I couldn't find “pizza delivery”. Check the spelling, or tap one of the buttons above.",
    )
    photo = await r.photo()
    assert_polite_and_unchanged(photo, TAP_BUTTON)
    unknown = await r.send("/foo")
    assert_polite_and_unchanged(unknown, UNKNOWN_COMMAND)
    # The dimension can be typed by its name, too.
    assert r.step(2) in (await r.send("smart economy")).text

    guide = await r.tap("⬅️ Back")
    assert r.step(1) in guide.text
    helped = await r.tap("🤔 Not sure yet")
    assert "Waste, flooding, clean water, energy → Environment" in helped.text
    assert "🤔 Not sure yet" not in r.buttons()


async def test_long_text_steps_state_their_limits(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 6003)
    await at_proposal_step(r, 3)
    short = await r.send("Banjir.")
    assert_polite_and_unchanged(
        short, "That is a bit short (7 characters). Please write at least 15 characters."
    )
    long = await r.send("Jalan rusak. " * 385)  # 5,005 characters
    assert_polite_and_unchanged(
        long,
        "That is too long (5,004 characters; the limit is 1,500). "
        "Please shorten it and send it again — nothing was saved.",
    )
    voice = await r.voice()
    assert_polite_and_unchanged(
        voice, "Sorry, I can't listen to voice or video messages. " + TYPE_TEXT
    )
    longest = ("Jalan rusak dan berlubang. " * 60)[:1499] + "!"  # exactly the limit
    moved = await r.send(longest)
    assert r.step(4) in moved.text

    # Nothing was cut: the copy of one's data holds the whole answer.
    await r.send("The drains are blocked and too small for the water.")
    await r.send("Widen the drains and clean them before the rains.")
    await r.tap("Urgent")
    await r.tap("Within 12 months")
    await r.press("▫️ Budget")
    await r.tap("Next ➡️")
    await r.send("Dinas Perhubungan")
    await r.send("Everyone who uses the market road")
    await r.tap("Skip ⏭")
    review = await r.tap("Skip ⏭")
    assert "Please check your proposal" in review.text
    await r.tap("✅ Send proposal")
    exported = await my_data(r)
    assert isinstance(exported, Export)
    assert exported.data["proposals"][0]["problem"] == longest


async def test_multi_select_location_and_photo_steps(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 6004)
    await at_proposal_step(r, 8)

    # Multi-select: typing does not pick anything, Next needs at least one.
    typed = await r.send("budget")
    assert_polite_and_unchanged(
        typed, "Please use the buttons above: tap every option that applies, then Next."
    )
    empty = await r.tap("Next ➡️")
    assert empty.callback_answer is not None
    assert empty.callback_answer.text == "Please choose at least one option first."
    await r.press("▫️ Regulation")
    await r.tap("Next ➡️")
    await r.pick("Dinas Perhubungan")
    await r.send("Traders and 2,000 shoppers a day")

    # Location.
    text = await r.send("next to the market")
    assert_polite_and_unchanged(text, "Please share a location (📎 → Location), or tap Skip.")
    photo = await r.photo()
    assert_polite_and_unchanged(photo, "Please share a location (📎 → Location), or tap Skip.")
    at_photos = await r.location(-6.2611, 107.1523)
    assert r.step(12) in at_photos.text

    # Photos: up to three, then the review comes by itself.
    sticker = await r.sticker()
    assert_polite_and_unchanged(
        sticker,
        "Nice sticker! But I can only read text here. Please send a photo, or tap Done / Skip.",
    )
    words = await r.send("see attached")
    assert_polite_and_unchanged(words, "Please send a photo, or tap Done / Skip.")
    for count in (1, 2):
        got = await r.photo()
        assert f"{count} photo{'s' if count > 1 else ''} received." in got.text
    review = await r.photo()
    assert "Please check your proposal" in review.text
    assert "Photos: 3 photos" in review.text
    assert "Location: -6.26110, 107.15230" in review.text
