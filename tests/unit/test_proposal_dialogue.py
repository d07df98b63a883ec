"""The proposal dialogue of issue 11, as pure logic: the problem first, the topic suggested
from it, short answers with one follow-up, the place in any order, one counter for a first
visit, similar proposals joined instead of repeated."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.dialogue import engine
from bot.dialogue.answer_text import answer_text
from bot.dialogue.answers import Located, PhotoSent, Picked, Typed, validate
from bot.dialogue.engine import MORE, REVIEW, Mode, Outcome, Result, State
from bot.dialogue.model import Flow, OptionContext
from bot.dialogue.screens import (
    COUNTED_AFTER,
    COUNTED_BEFORE,
    numbered_steps,
    question,
    reviewed,
)
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import translator
from bot.proposals.script import DIFFERENT, PROPOSAL, SHORT_ANSWER, SIMILAR
from bot.proposals.topics import suggest_topic
from bot.reference import load_reference
from bot.screens import Screen
from tests.unit.test_engine import COMPLETE_PROPOSAL, assert_refused, ctx, say, walk

REF = load_reference()
T = translator("en")

DRAIN = "Got di depan rumah mampet terus kalau hujan, air masuk ke rumah warga."
CAUSES = "Saluran penuh sampah dan terlalu sempit untuk air hujan."
SOLUTION = "Lebarkan saluran dan adakan kerja bakti bersih got tiap bulan."
PLACE_TEXT = "Jl. Raya Karangraharja depan SDN 02"
UNCLEAR = "Saya ingin menyampaikan sesuatu kepada bapak bupati hari ini"  # no topic in it
FOUND = [{"id": 41, "reference": "CKU-0041", "problem": "Got mampet di RW 03", "supports": 3}]

# Everything before the place, as a resident who wrote their own proposal answers it.
BEFORE_PLACE: dict[str, Any] = {
    **{key: value for key, value in COMPLETE_PROPOSAL.items() if key != "place"},
    "problem": DRAIN,
    "sub_element": "protection",
    "agency": "DSDABMBK",
    "causes": CAUSES,
    "solution": SOLUTION,
    "needs": None,
    "beneficiaries": None,
}


def screen(flow: Flow, state: State) -> Screen:
    return question(flow, state, ctx(state))


def labels(shown: Screen) -> list[str]:
    return [b.text for row in shown.keyboard or [] for b in row]


def found_similar(state: State, found: list[dict[str, Any]]) -> Result:
    """What the server does at the similar-proposals step (bot/proposals/supporting.py)."""
    assert state.step == "similar", state.step
    state = replace(state, answers={**state.answers, SIMILAR: found})
    return engine.pass_over(PROPOSAL, state) if not found else Result(state, Outcome.STAYED)


def at_topic(problem: str = DRAIN) -> State:
    state = walk(PROPOSAL, engine.start(PROPOSAL), Typed(problem))
    assert state.step == "sub_element"
    return state


def confirmed() -> State:
    state = at_topic()
    result = engine.confirm(PROPOSAL, state, ctx(state))
    assert result.outcome is Outcome.MOVED
    return result.state


def at_place() -> State:
    state = engine.start(PROPOSAL, dict(BEFORE_PLACE))
    assert state.step == "place"
    return state


# --- the topic: suggested, confirmed with one tap ----------------------------------------


def test_confirm_takes_the_suggested_topic_and_presets_the_agency() -> None:
    state = confirmed()
    assert state.answers["sub_element"] == "protection"
    assert state.answers["agency"] == "DSDABMBK"
    assert "agency" in state.preset
    # Not asked after: straight on to the similar proposals (looked up by the server) …
    assert state.step == "similar"
    state = found_similar(state, []).state
    # … and, with none, to the causes.
    assert state.step == "causes"


def test_the_agency_is_never_asked_after_a_confirmed_topic() -> None:
    state = found_similar(confirmed(), []).state
    asked = [state.step]
    for given in (Typed(CAUSES), Typed(SOLUTION), Picked("high"), Picked("3m")):
        state = walk(PROPOSAL, state, given)
        asked.append(state.step)
    while state.step != REVIEW:
        state = engine.skip(PROPOSAL, state).state
        asked.append(state.step)
    assert "agency" not in asked
    assert asked[-1] == REVIEW
    assert engine.missing(PROPOSAL, state.answers) == []


def test_the_suggestion_line_names_the_topic_and_the_agency() -> None:
    shown = screen(PROPOSAL, at_topic())
    agency = REF.agency("DSDABMBK")
    assert agency is not None
    assert "It looks like this is about <b>Flooding, rivers, clean water, greenery</b>" in (
        shown.text
    )
    assert agency.name in shown.text


def test_confirm_without_a_suggestion_is_stale() -> None:
    state = at_topic(UNCLEAR)
    result = engine.confirm(PROPOSAL, state, ctx(state))
    assert_refused(result, None, state)


def test_a_picked_topic_asks_the_agency_with_the_suggested_ones_first() -> None:
    state = walk(PROPOSAL, at_topic(), Picked("waste"))
    assert state.step == "agency"
    assert "agency" not in state.answers
    first = labels(screen(PROPOSAL, state))[0]
    agency = REF.agency("DSDABMBK")
    assert agency is not None and first == agency.name


def test_not_sure_leaves_the_topic_to_the_staff_and_asks_the_agency() -> None:
    result = engine.skip(PROPOSAL, at_topic())
    assert result.outcome is Outcome.MOVED
    assert result.state.answers["sub_element"] is None
    assert result.state.step == "agency"


def test_changing_the_topic_from_the_review_clears_the_agency_and_asks_it_again() -> None:
    state = found_similar(confirmed(), []).state
    state = walk(PROPOSAL, state, Typed(CAUSES), Typed(SOLUTION), Picked("high"), Picked("3m"))
    while state.step != REVIEW:
        state = engine.skip(PROPOSAL, state).state
    state = engine.edit(PROPOSAL, state, "sub_element").state
    result = say(PROPOSAL, state, Picked("waste"))
    assert result.outcome is Outcome.MOVED
    assert (result.state.step, result.state.mode) == ("agency", Mode.EDIT)
    assert "agency" not in result.state.answers
    assert "agency" not in result.state.preset
    state = walk(PROPOSAL, result.state, Picked("DLH"))
    assert state.step == REVIEW  # similar proposals were looked up once, on the way
    assert (state.answers["sub_element"], state.answers["agency"]) == ("waste", "DLH")


# --- short answers: accepted, with one gentle follow-up ----------------------------------


def test_a_short_answer_stays_with_one_follow_up() -> None:
    result = say(PROPOSAL, engine.start(PROPOSAL), Typed("jalan rusak"))
    assert result.outcome is Outcome.STAYED
    assert result.state.step == "problem"
    assert result.state.answers["problem"] == "jalan rusak"
    assert result.state.answers[MORE] == "problem"
    follow_up = screen(PROPOSAL, result.state)
    assert "a little more" in follow_up.text
    assert labels(follow_up) == ["That's enough ➡️"]


def test_the_text_after_the_follow_up_is_added_and_moves_on() -> None:
    state = say(PROPOSAL, engine.start(PROPOSAL), Typed("jalan rusak")).state
    result = say(PROPOSAL, state, Typed("depan SDN 02"))  # short again: no second follow-up
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "sub_element"
    assert result.state.answers["problem"] == "jalan rusak\ndepan SDN 02"
    assert MORE not in result.state.answers


def test_thats_enough_keeps_the_short_answer_and_moves_on() -> None:
    state = say(PROPOSAL, engine.start(PROPOSAL), Typed("jalan rusak")).state
    result = engine.done(PROPOSAL, state)
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "sub_element"
    assert result.state.answers["problem"] == "jalan rusak"
    assert MORE not in result.state.answers


def test_an_answer_of_the_full_length_needs_no_follow_up() -> None:
    text = "x" * SHORT_ANSWER
    result = say(PROPOSAL, engine.start(PROPOSAL), Typed(text))
    assert result.outcome is Outcome.MOVED
    assert result.state.answers["problem"] == text


def test_a_four_character_answer_is_refused() -> None:
    state = engine.start(PROPOSAL)
    result = say(PROPOSAL, state, Typed("rusk"))
    assert_refused(result, "too_short", state)


def test_a_short_answer_while_editing_goes_straight_back_to_the_review() -> None:
    review = engine.review(PROPOSAL, {**BEFORE_PLACE, "place": None})
    state = engine.edit(PROPOSAL, review, "causes").state
    result = say(PROPOSAL, state, Typed("got kecil"))
    assert result.state.step == REVIEW
    assert result.state.answers["causes"] == "got kecil"


# --- the place: a typed description, a location, photos ----------------------------------


def test_the_place_keeps_text_point_and_photos_until_next() -> None:
    state = at_place()
    for given in (Typed(PLACE_TEXT), Located(-6.25, 107.15), PhotoSent("p1")):
        result = say(PROPOSAL, state, given)
        assert result.outcome is Outcome.STAYED, given
        state = result.state
    assert state.answers["place"] == {
        "text": PLACE_TEXT,
        "point": [-6.25, 107.15],
        "photos": ["p1"],
    }
    result = engine.done(PROPOSAL, state)
    assert result.outcome is Outcome.MOVED
    assert result.state.step == REVIEW


def test_the_place_moves_on_by_itself_when_all_three_are_full() -> None:
    state = at_place()
    for given in (PhotoSent("p1"), PhotoSent("p2"), Located(-6.25, 107.15), PhotoSent("p3")):
        result = say(PROPOSAL, state, given)
        assert result.outcome is Outcome.STAYED, given
        state = result.state
    result = say(PROPOSAL, state, Typed(PLACE_TEXT))
    assert result.outcome is Outcome.MOVED
    assert result.state.step == REVIEW
    assert result.state.answers["place"]["photos"] == ["p1", "p2", "p3"]


def test_a_place_typed_again_replaces_the_description() -> None:
    state = say(PROPOSAL, at_place(), Typed("depan masjid")).state
    state = say(PROPOSAL, state, Typed(PLACE_TEXT)).state
    assert state.answers["place"] == {"text": PLACE_TEXT}


def test_the_place_can_be_skipped() -> None:
    result = engine.skip(PROPOSAL, at_place())
    assert result.state.step == REVIEW
    assert engine.missing(PROPOSAL, result.state.answers) == []


# --- headcount ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [
        ("sekitar 200 KK", {"count": 200, "unit": "households"}, "200 households"),
        ("± 300 orang", {"count": 300, "unit": "people"}, "300 people"),
    ],
)
def test_the_headcount_keeps_households_as_households(
    text: str, value: dict[str, Any], shown: str
) -> None:
    step = REGISTRATION.step("represents")
    context = OptionContext({"role": "rtrw"}, REF, T)
    assert validate(step, Typed(text), context).value == value
    assert answer_text(step, value, context) == shown


# --- one counter for the first visit -----------------------------------------------------


def test_a_residents_first_visit_counts_fourteen_steps_from_the_name() -> None:
    """Name, kecamatan, desa, role, then the proposal's ten: the naming consent came with the
    consent itself, so it is preset, as onboarding does."""
    preset = {COUNTED_AFTER: len(numbered_steps(PROPOSAL, {})), "naming": "no"}
    state = engine.start(REGISTRATION, preset)
    assert "Step 1 of 14" in screen(REGISTRATION, state).text
    kecamatan = REF.kecamatan[0]
    state = walk(
        REGISTRATION, state, Typed("Ani"), Picked(kecamatan.code), Picked(kecamatan.desa[0].code)
    )
    assert "Step 4 of 14" in screen(REGISTRATION, state).text


def test_a_representative_is_asked_two_more() -> None:
    kecamatan = REF.kecamatan[0]
    state = walk(
        REGISTRATION,
        engine.start(REGISTRATION, {COUNTED_AFTER: 10, "naming": "no"}),
        Typed("Ani"),
        Picked(kecamatan.code),
        Picked(kecamatan.desa[0].code),
        Picked("rtrw"),
    )
    assert state.step == "group_name"
    assert "Step 5 of 16" in screen(REGISTRATION, state).text


def test_the_proposal_after_a_registration_goes_on_counting() -> None:
    state = engine.start(PROPOSAL, {COUNTED_BEFORE: 4})
    assert "Step 5 of 14" in screen(PROPOSAL, state).text
    state = at_topic()
    state = replace(state, answers={**state.answers, COUNTED_BEFORE: 4})
    assert "Step 6 of 14" in screen(PROPOSAL, state).text


def test_the_similar_step_is_not_numbered_and_not_in_the_review() -> None:
    kecamatan = REF.kecamatan[0].code  # preset by the server, for "Kecamatan …"
    answers = {**BEFORE_PLACE, SIMILAR: FOUND, "similar": None, "kecamatan": kecamatan}
    assert "similar" not in numbered_steps(PROPOSAL, answers)
    state = State(PROPOSAL.name, "similar", Mode.ASK, 3, answers)
    assert "Step" not in screen(PROPOSAL, state).text
    supporting = {**answers, "similar": "41", "place": None}
    assert PROPOSAL.step("support_comment").shown(supporting)
    reviewed_ids = [s.id for s in reviewed(PROPOSAL, supporting)]
    assert "similar" not in reviewed_ids and "support_comment" not in reviewed_ids
    assert "problem" in reviewed_ids


# --- similar proposals: supported, not repeated ------------------------------------------


def at_similar() -> State:
    result = found_similar(confirmed(), FOUND)
    assert result.state.step == "similar"
    return result.state


def test_supporting_a_similar_proposal_finishes_without_a_review() -> None:
    state = walk(PROPOSAL, at_similar(), Picked("41"))
    assert state.step == "support_comment"
    result = engine.skip(PROPOSAL, state)
    assert result.outcome is Outcome.FINISHED
    assert result.state.answers["similar"] == "41"


def test_a_support_with_a_comment_finishes_too() -> None:
    state = walk(PROPOSAL, at_similar(), Picked("41"))
    result = say(PROPOSAL, state, Typed("Setuju, got kami juga mampet"))
    assert result.outcome is Outcome.FINISHED


def test_mine_is_different_carries_on_to_the_causes() -> None:
    state = walk(PROPOSAL, at_similar(), Picked(DIFFERENT))
    assert state.step == "causes"


def test_nothing_similar_adds_no_step_at_all() -> None:
    result = found_similar(confirmed(), [])
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "causes"
    assert "similar" not in engine.missing(PROPOSAL, result.state.answers)


# --- the classifier's suggestion for everyday words --------------------------------------


def suggested(problem: str) -> Any:
    found = suggest_topic(OptionContext({"problem": problem}, REF, T))
    assert found is not None, problem
    return found.value


@pytest.mark.parametrize(
    ("problem", "element"),
    [
        ("got mampet", "protection"),
        ("jalan bolong depan SD", "mobility"),
        ("sampah numpuk", "waste"),
        # Rubbish by the river once tied waste with protection: a pile of rubbish is waste.
        ("sampah numpuk di pinggir kali", "waste"),
    ],
)
def test_everyday_problems_get_the_expected_topic(problem: str, element: str) -> None:
    assert suggested(problem) == element


def test_rubbish_by_the_river_offers_waste_at_least_as_the_alternative() -> None:
    found = suggest_topic(OptionContext({"problem": "sampah numpuk di pinggir kali"}, REF, T))
    assert found is not None
    assert "waste" in [found.value, *(o.key for o in found.alternatives)]
    assert found.also == {"agency": "DLH"}
