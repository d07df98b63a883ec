"""Wrong kinds of input at each kind of step: a polite explanation, and the step stays."""

from __future__ import annotations

import re

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator

from .journey import (
    PROBLEM_PROMPT,
    REGISTRATION_STEPS,
    Export,
    Idea,
    Resident,
    agree,
    assert_polite_and_unchanged,
    my_data,
    register,
    resident,
    texts,
)

pytestmark = pytest.mark.usefixtures("fast_settle")


TYPE_TEXT = "Please type your answer as a text message."
TAP_BUTTON = "Please tap one of the buttons above."
UNKNOWN_COMMAND = "I don't know that command. Send /bantuan to see what I can do."
AGENCY_PROMPT = (
    "Which <b>perangkat daerah</b> should handle it? Our suggestions come first; "
    "tap one, type its name, or tap <i>Don't know</i>."
)
PLACE_HINT = "Please type the place, share a location or send a photo; or tap Next / Skip."


def at_place_step(text: str) -> int:
    """The number of the place question, from its "Step n of N"."""
    shown = re.search(r"Step (\d+) of", text)
    assert shown is not None, text
    return int(shown.group(1))


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
    # Only a representative is asked the group and the headcount.
    await r.tap("Community representative")
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
    asked = await r.send("sekitar 1.500 orang")
    done = await r.until(asked, r.says(PROBLEM_PROMPT))
    assert "✅ Registered: Sari · " in texts(done)
    await r.tap("✖️ Cancel")
    profile = await r.send("/profil")
    assert "Speaks for: 1,500" in profile.text


# The proposal as these tests answer it, up to the place: each step, how it is answered
# (a Resident method) and with what.
PROPOSAL_ANSWERS = [
    ("problem", Resident.send, "The road to the market floods every rainy season."),
    ("topic", Resident.tap, "🤷 Not sure"),
    ("agency", Resident.pick, "Dinas Perhubungan"),
    ("causes", Resident.send, "The drains are blocked and too small for the water."),
    ("solution", Resident.send, "Widen the drains and clean them before the rains."),
    ("urgency", Resident.tap, "Urgent"),
    ("time_to_result", Resident.tap, "Within 12 months"),
    ("needs", Resident.tap, "Budget"),
    ("beneficiaries", Resident.send, "Everyone who uses the market road"),
]


async def answer_proposal(r: Resident, first: str, until: str | None = None) -> None:
    """Answer the proposal's steps from `first` up to (not including) `until`, or up to the
    place."""
    steps = [step for step, _, _ in PROPOSAL_ANSWERS]
    end = steps.index(until) if until else len(steps)
    for _, give, answer in PROPOSAL_ANSWERS[steps.index(first) : end]:
        await give(r, answer)


async def at_proposal_step(emulator: BotApiEmulator, user_id: int, step: str) -> Resident:
    """A new resident, registered, with a proposal started and answered up to (not including)
    `step`."""
    r = resident(emulator, user_id)
    await register(r)
    await r.send("/usul")
    await answer_proposal(r, "problem", step)
    return r


async def test_choice_step_with_text_that_matches_nothing(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = await at_proposal_step(emulator, 6002, "topic")
    await r.send(Idea().problem)  # the topic question: a suggestion and buttons
    typed = await r.send("pizza delivery")
    assert_polite_and_unchanged(
        typed,
        "I couldn't find “pizza delivery”. Check the spelling, or tap one of the buttons above.",
    )
    photo = await r.photo()
    assert_polite_and_unchanged(photo, TAP_BUTTON)
    unknown = await r.send("/foo")
    assert_polite_and_unchanged(unknown, UNKNOWN_COMMAND)
    # The topic can be typed by its name, too (picked by hand: the perangkat daerah is asked).
    at_agency = await r.send("roads, transport and traffic")
    assert r.step(3) in at_agency.text
    assert r.says(AGENCY_PROMPT) in at_agency.text

    topic = await r.tap("⬅️ Back")
    assert r.step(2) in topic.text
    helped = await r.tap("❓ What do these mean?")
    assert "Rubbish, flooding, clean water, energy → Smart Environment" in helped.text
    assert "❓ What do these mean?" not in r.buttons()


async def test_long_text_steps_state_their_limits(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = await at_proposal_step(emulator, 6003, "problem")
    short = await r.send("Air")
    assert_polite_and_unchanged(
        short, "That is a bit short (3 characters). Please write at least 5 characters."
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
    assert r.step(2) in moved.text

    # Nothing was cut: the copy of one's data holds the whole answer.
    await answer_proposal(r, "topic")
    review = await r.tap("Skip ⏭")
    assert "Please check your proposal" in review.text
    await r.tap("✅ Send proposal")
    exported = await my_data(r)
    assert isinstance(exported, Export)
    assert exported.data["proposals"][0]["problem"] == longest


async def test_single_choice_and_place_steps(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = await at_proposal_step(emulator, 6004, "needs")

    # A single choice (what it needs most): a typed word must name an option.
    typed = await r.send("pizza")
    assert_polite_and_unchanged(
        typed, "I couldn't find “pizza”. Check the spelling, or tap one of the buttons above."
    )
    location = await r.location(-6.2, 107.1)
    assert_polite_and_unchanged(location, TAP_BUTTON)
    at_beneficiaries = await r.send("regulation")
    assert r.says("<b>Who benefits</b>? A short answer, e.g. <i>300 families in RW 03</i>.") in (
        at_beneficiaries.text
    )
    at_place = await r.send("Traders and 2,000 shoppers a day")

    # The place: a typed description, a shared location, photos; nothing else.
    assert "Next ➡️" not in r.buttons()  # nothing to go on with yet: Skip
    short = await r.send("ab")
    assert_polite_and_unchanged(
        short, "That is a bit short (2 characters). Please write at least 3 characters."
    )
    sticker = await r.sticker()
    assert_polite_and_unchanged(
        sticker,
        "Nice sticker! But I can only read text here. " + PLACE_HINT,
    )
    voice = await r.voice()
    assert_polite_and_unchanged(
        voice, "Sorry, I can't listen to voice or video messages. " + PLACE_HINT
    )
    at_location = await r.location(-6.2611, 107.1523)
    assert r.step(at_place_step(at_place.text)) in at_location.text
    assert "Received so far: 📍 location shared" in at_location.text
    described = await r.send("next to the market")
    assert "Received so far: next to the market, 📍 location shared" in described.text

    # Photos: up to three, then the review comes by itself.
    for count in (1, 2):
        got = await r.photo()
        assert f"{count} photo{'s' if count > 1 else ''}" in got.text.splitlines()[-1]
    review = await r.photo()
    assert "Please check your proposal" in review.text
    assert "Place: next to the market, 📍 location shared, 3 photos" in review.text
    assert "-6.26110" not in review.text and "107.15230" not in review.text  # no coordinates
