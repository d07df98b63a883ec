"""The proposal dialogue as a resident meets it: the chat keeps the thread (echoes, one error
at a time, corrections by editing), short answers, and similar proposals joined."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator, Reaction

from .journey import (
    PROBLEM_PROMPT,
    Idea,
    Profile,
    Resident,
    register,
    resident,
    submit,
    texts,
)

pytestmark = pytest.mark.usefixtures("fast_settle")

TOO_SHORT = "That is a bit short ({count} characters). Please write at least {min} characters."
WASTE = "Sampah numpuk di pinggir kali dekat pasar Setu tiap minggu, baunya sampai ke rumah."
WASTE_AGAIN = (
    "Tumpukan sampah di pinggir kali dekat pasar Setu, tiap minggu bau sampai ke rumah warga"
)


async def at_problem(emulator: BotApiEmulator, user_id: int) -> Resident:
    """A new resident, registered, asked the problem of a proposal."""
    r = resident(emulator, user_id)
    await register(r)
    asked = await r.send("/usul")
    assert r.says(PROBLEM_PROMPT) in asked.text
    return r


async def test_a_tapped_answer_stays_as_an_echo_and_the_next_question_comes_below(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = await at_problem(emulator, 8101)
    await r.send(WASTE)
    await r.tap("✅ Yes, that's right")
    await r.send("Tidak ada tempat pembuangan sementara di dekat pasar.")
    at_urgency = await r.send("Sediakan depo sampah sementara dan angkut dua kali seminggu.")
    question_id = at_urgency.messages[-1].message_id
    tapped = await r.tap("Very urgent")
    echoed = r.user.chat.find(question_id)
    assert echoed is not None and echoed.text == "✓ " + r.t("Very urgent")
    assert not echoed.buttons
    assert tapped.messages and tapped.messages[-1].message_id > question_id
    assert r.says("How soon could people <b>feel the result</b>?") in tapped.messages[-1].text


async def test_a_new_explanation_replaces_the_last_and_a_good_answer_clears_it(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = await at_problem(emulator, 8102)
    first = await r.send("abc")
    assert first.text == r.says(
        r.t.n(TOO_SHORT.replace("characters)", "character)"), TOO_SHORT, 3, min=r.t.number(5))
    )
    first_error = first.messages[-1]
    second = await r.send("ab")
    assert [m.message_id for m in second.deletions] == [first_error.message_id]
    second_error = second.messages[-1]
    moved = await r.send(WASTE)
    assert second_error.message_id in [m.message_id for m in moved.deletions]
    # The two explanations are gone; the question is still there, with the answer below it.
    shown = [m.text or "" for m in r.user.bot_messages() if not m.deleted]
    assert first_error.text not in shown and second_error.text not in shown


async def test_a_short_answer_is_taken_with_one_gentle_follow_up(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = await at_problem(emulator, 8103)
    asked_more = await r.send("jalan rusak")
    assert r.t("That's enough ➡️") in r.buttons()
    assert (
        r.says(
            "Thank you. Could you tell us a little more, e.g. where exactly and since when? "
            "Send it as a new message, or tap <b>That's enough</b>."
        )
        in asked_more.text
    )
    topic = await r.tap("That's enough ➡️")
    assert r.step(2) in texts(topic)


async def test_editing_the_last_answer_corrects_it_and_says_so(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = await at_problem(emulator, 8104)
    await r.send(WASTE)
    sent = [m for m in r.user.chat.messages if not m.from_bot and m.text == WASTE][-1]
    corrected_text = WASTE.replace("tiap minggu", "setiap hari")
    update = r.says("✏️ Updated — <b>{step}</b>: {answer}", step=r.t("Problem"), answer="§")
    corrected = await r.until(await r.user.edit(sent.message_id, corrected_text), update[:10])
    assert r.says(
        "✏️ Updated — <b>{step}</b>: {answer}", step=r.t("Problem"), answer=corrected_text
    ) in texts(corrected)
    # An edit of an older message (the name) changes nothing and says how to.
    name = next(m for m in r.user.chat.messages if not m.from_bot and m.text == "Sari")
    ignored = await r.user.edit(name.message_id, "Sarah")
    assert (
        r.says(
            "Changing an earlier message doesn't change your answers. To change an answer, tap "
            "<b>⬅️ Back</b> in the current question, or <b>✏️ Change an answer</b> on the summary "
            "before sending."
        )
        in ignored.text
    )
    review = await propose_rest(r)
    assert corrected_text in review.text


async def propose_rest(r: Resident) -> Reaction:
    """From the topic question to the review, every optional question skipped."""
    idea = Idea()
    await r.tap("✅ Yes, that's right")
    await r.send(idea.causes)
    await r.send(idea.solution)
    await r.tap(idea.urgency)
    await r.tap(idea.time_to_result)
    await r.tap("Skip ⏭")
    await r.tap("Skip ⏭")
    return await r.tap("Skip ⏭")


async def test_a_similar_proposal_of_the_kecamatan_can_be_supported_instead(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    author = resident(emulator, 8105, first_name="Ani")
    await register(author, Profile(name="Ani", kecamatan="Setu"))
    reference = await submit(author, Idea(problem=WASTE))

    neighbour = resident(emulator, 8106, first_name="Budi")
    await register(neighbour, Profile(name="Budi", kecamatan="Setu"))
    await neighbour.send("/usul")
    await neighbour.send(WASTE_AGAIN)
    similar = await neighbour.tap("✅ Yes, that's right")
    assert (
        neighbour.says(
            "Other residents of Kecamatan {kecamatan} have already proposed:", kecamatan="Setu"
        )
        in similar.text
    )
    assert reference in similar.text
    assert neighbour.t("✍️ Mine is different") in neighbour.buttons()
    asked = await neighbour.press(neighbour.t("👍 Support {reference}", reference=reference))
    assert (
        neighbour.says(
            "Thank you for your support! Would you like to add a short comment (one line)? "
            "Type it, or tap <b>Skip</b>."
        )
        in asked.text
    )
    thanked = await neighbour.send("Betul, baunya sampai ke sekolah juga.")
    assert (
        neighbour.says(
            "🤝 <b>Thank you!</b> Your support for proposal <b>{reference}</b> is recorded.",
            reference=reference,
        )
        in thanked.text
    )
    assert neighbour.says("It is now supported by {count} resident.", count=1) in thanked.text
    # Asked again, it is still offered, and supporting it again adds nothing.
    await neighbour.send("/usul")
    await neighbour.send(WASTE_AGAIN)
    shown_again = await neighbour.tap("✅ Yes, that's right")
    assert reference in shown_again.text
    assert neighbour.says("supported by {count} resident", count=1) in shown_again.text
    await neighbour.press(neighbour.t("👍 Support {reference}", reference=reference))
    twice = await neighbour.tap("Skip ⏭")
    assert (
        neighbour.says("You already support proposal <b>{reference}</b>.", reference=reference)
        in twice.text
    )

    # The author never sees their own proposal as "similar": the next question comes at once.
    await asked_the_causes_at_once(author)


async def test_a_resident_elsewhere_is_not_shown_the_proposal(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    author = resident(emulator, 8107, first_name="Ani")
    await register(author, Profile(name="Ani", kecamatan="Setu"))
    await submit(author, Idea(problem=WASTE))
    elsewhere = resident(emulator, 8108, first_name="Citra")
    await register(elsewhere, Profile(name="Citra", kecamatan="Babelan"))
    await asked_the_causes_at_once(elsewhere)


async def asked_the_causes_at_once(r: Resident) -> None:
    """The same problem again, its topic confirmed: no similar proposal is offered."""
    await r.send("/usul")
    await r.send(WASTE_AGAIN)
    next_question = await r.tap("✅ Yes, that's right")
    assert r.says("What do you think <b>causes</b> it?") in next_question.text


async def test_a_representative_counts_households_as_households(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 8109)
    await register(
        r, Profile(role="RT/RW officer", group="RT 03 RW 05", represents="sekitar 200 KK")
    )
    card = await r.send("/profil")
    assert r.t.n("{count} household", "{count} households", 200) in card.text
    resident_card = resident(emulator, 8110)
    await register(resident_card)
    shown = await resident_card.send("/profil")
    assert resident_card.t("Group") not in shown.text  # a resident speaks for themselves
