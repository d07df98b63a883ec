"""The flow engine: pure transitions over a dialogue state, driven by the real scripts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.dialogue import engine
from bot.dialogue.answers import Input, PhotoSent, Picked, Typed
from bot.dialogue.engine import REVIEW, Mode, Outcome, Result, State
from bot.dialogue.model import Flow, OptionContext, Step, StepKind, translated
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import translator
from bot.proposals.script import DIFFERENT, NEEDS, PROPOSAL, SIMILAR
from bot.reference import load_reference

REF = load_reference()
T = translator("en")
KECAMATAN = REF.kecamatan[0]  # alphabetical: Babelan
OTHER_KECAMATAN = REF.kecamatan[1]
DESA = KECAMATAN.desa[0].code

PROBLEM = "The drainage in our street floods every rainy season."
CAUSES = "The channels are blocked with rubbish and too narrow."
SOLUTION = "Widen the channels and organise a monthly clean-up."

# As a draft reaches the review, or as a sent proposal is opened to change it
# (bot/proposals/submission.py, proposal_answers): nothing similar to join.
COMPLETE_PROPOSAL: dict[str, Any] = {
    "problem": PROBLEM,
    "sub_element": "waste",
    "agency": "DLH",
    "similar": DIFFERENT,
    SIMILAR: [],
    "causes": CAUSES,
    "solution": SOLUTION,
    "urgency": "high",
    "time_to_result": "3m",
    "needs": "budget",
    "beneficiaries": "300 families in RW 03",
    "place": {"text": "Jl. Raya Karangraharja", "point": [-6.25, 107.15], "photos": ["p0"]},
}

# The engine's multi-select and photo steps, which the proposal no longer uses (a broadcast
# still has multi-selects): a small flow of its own keeps them tested.
KIT = Flow(
    "kit",
    (
        Step("needs", StepKind.MULTI, "Needs?", "Needs", options=translated(NEEDS)),
        Step("photos", StepKind.PHOTOS, "Photos?", "Photos", optional=True, max_items=3),
    ),
    has_review=True,
)
COMPLETE_KIT: dict[str, Any] = {"needs": ["budget", "self_help"], "photos": ["photo-1"]}


def ctx(state: State) -> OptionContext:
    return OptionContext(state.answers, REF, T)


def say(flow: Flow, state: State, given: Input) -> Result:
    return engine.answer(flow, state, given, ctx(state))


def registering(*after_the_desa: Input) -> State:
    """Ani of KECAMATAN registering: name, kecamatan and desa given, then `after_the_desa`."""
    start = engine.start(REGISTRATION)
    return walk(
        REGISTRATION, start, Typed("Ani"), Picked(KECAMATAN.code), Picked(DESA), *after_the_desa
    )


def assert_refused(result: Result, code: str | None, unchanged: State | None = None) -> None:
    """The engine refused the input with this problem (any, for None) and, given the state
    before, left it exactly as it was."""
    assert result.outcome is Outcome.INVALID
    if code is not None:
        assert result.problem is not None and result.problem.code == code
    if unchanged is not None:
        assert result.state is unchanged


def walk(flow: Flow, state: State, *inputs: Input) -> State:
    for given in inputs:
        result = say(flow, state, given)
        assert result.outcome is Outcome.MOVED, (state.step, result)
        state = result.state
    return state


def nothing_similar(state: State) -> State:
    """What the server does at the similar-proposals step when nothing is similar
    (bot/proposals/supporting.py): no step at all."""
    assert state.step == "similar", state.step
    result = engine.pass_over(PROPOSAL, replace(state, answers={**state.answers, SIMILAR: []}))
    assert result.outcome is Outcome.MOVED
    return result.state


def at_causes() -> State:
    state = walk(PROPOSAL, engine.start(PROPOSAL), Typed(PROBLEM), Picked("waste"), Picked("DLH"))
    state = nothing_similar(state)
    assert state.step == "causes"
    return state


def at_place() -> State:
    state = walk(
        PROPOSAL,
        at_causes(),
        Typed(CAUSES),
        Typed(SOLUTION),
        Picked("high"),
        Picked("3m"),
        Picked("budget"),
        Typed("300 families"),
    )
    assert state.step == "place"
    return state


def at_needs() -> State:
    return engine.start(KIT)


def at_photos() -> State:
    state = at_needs()
    state = engine.toggle(KIT, state, "budget", ctx(state)).state
    state = engine.done(KIT, state).state
    assert state.step == "photos"
    return state


def at_review(**changes: Any) -> State:
    return engine.review(PROPOSAL, {**COMPLETE_PROPOSAL, **changes}, revision=7)


def editing(state: State, step_id: str, flow: Flow = PROPOSAL) -> State:
    result = engine.edit(flow, state, step_id)
    assert result.outcome is Outcome.MOVED
    return result.state


# --- start -------------------------------------------------------------------------------


def test_start_asks_the_first_step() -> None:
    state = engine.start(REGISTRATION)
    assert (state.step, state.mode, state.revision, state.answers) == ("name", Mode.ASK, 1, {})


def test_start_keeps_preset_answers() -> None:
    state = engine.start(REGISTRATION, {"kecamatan": KECAMATAN.code})
    assert state.answers == {"kecamatan": KECAMATAN.code}
    assert state.preset == ("kecamatan",)


def test_preset_kecamatan_is_skipped_on_the_way_to_desa() -> None:
    state = engine.start(REGISTRATION, {"kecamatan": KECAMATAN.code})
    result = say(REGISTRATION, state, Typed("Ani"))
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "desa"


def test_preset_first_step_is_skipped_at_start() -> None:
    state = engine.start(REGISTRATION, {"name": "Ani"})
    assert state.step == "kecamatan"


# --- answer and revision -----------------------------------------------------------------


def test_answer_records_and_moves_to_the_next_step() -> None:
    result = say(REGISTRATION, engine.start(REGISTRATION), Typed("Ani"))
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "kecamatan"
    assert result.state.answers == {"name": "Ani"}


def test_answer_increments_the_revision() -> None:
    state = engine.start(REGISTRATION)
    assert say(REGISTRATION, state, Typed("Ani")).state.revision == state.revision + 1


def test_every_change_increments_the_revision() -> None:
    state = engine.start(PROPOSAL)
    revisions = [state.revision]
    for given in (Typed(PROBLEM), Picked("waste"), Picked("DLH")):
        state = say(PROPOSAL, state, given).state
        revisions.append(state.revision)
    state = engine.back(PROPOSAL, state).state
    revisions.append(state.revision)
    assert revisions == [1, 2, 3, 4, 5]


def test_invalid_answer_changes_nothing() -> None:
    state = engine.start(REGISTRATION)
    result = say(REGISTRATION, state, Typed("A"))
    assert_refused(result, "too_short", state)


def test_ambiguous_typed_choice_offers_candidates_and_changes_nothing() -> None:
    state = walk(REGISTRATION, engine.start(REGISTRATION), Typed("Ani"))
    result = say(REGISTRATION, state, Typed("cikarang"))
    assert result.outcome is Outcome.CANDIDATES
    assert len(result.candidates) > 1
    assert result.state is state


def test_typed_choice_is_recorded_as_its_key() -> None:
    state = walk(REGISTRATION, engine.start(REGISTRATION), Typed("Ani"))
    result = say(REGISTRATION, state, Typed("cikarang utara"))
    code = next(k.code for k in REF.kecamatan if k.name == "Cikarang Utara")
    assert result.state.answers["kecamatan"] == code


# --- back --------------------------------------------------------------------------------


def test_back_goes_to_the_previous_step_and_keeps_answers() -> None:
    state = walk(REGISTRATION, engine.start(REGISTRATION), Typed("Ani"))
    result = engine.back(REGISTRATION, state)
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "name"
    assert result.state.answers == {"name": "Ani"}
    assert result.state.revision == state.revision + 1


def test_back_from_the_first_step_is_a_problem() -> None:
    state = engine.start(REGISTRATION)
    result = engine.back(REGISTRATION, state)
    assert_refused(result, "first_step", state)


def test_back_into_a_preset_step_asks_it_again() -> None:
    state = engine.start(REGISTRATION, {"kecamatan": KECAMATAN.code})
    state = walk(REGISTRATION, state, Typed("Ani"))
    result = engine.back(REGISTRATION, state)
    assert result.state.step == "kecamatan"
    assert "kecamatan" not in result.state.preset
    assert result.state.answers["kecamatan"] == KECAMATAN.code


def test_answering_a_formerly_preset_step_walks_on_to_the_next() -> None:
    state = engine.start(REGISTRATION, {"kecamatan": KECAMATAN.code})
    state = walk(REGISTRATION, state, Typed("Ani"))
    state = engine.back(REGISTRATION, state).state
    result = say(REGISTRATION, state, Picked(OTHER_KECAMATAN.code))
    assert result.state.step == "desa"
    assert result.state.answers["kecamatan"] == OTHER_KECAMATAN.code


def test_changing_an_answer_clears_the_answers_that_depend_on_it() -> None:
    state = walk(REGISTRATION, engine.start(REGISTRATION), Typed("Ani"), Picked(KECAMATAN.code))
    state = walk(REGISTRATION, state, Picked(DESA))
    state = engine.back(REGISTRATION, engine.back(REGISTRATION, state).state).state
    assert state.step == "kecamatan"
    state = say(REGISTRATION, state, Picked(OTHER_KECAMATAN.code)).state
    assert "desa" not in state.answers


def test_same_answer_again_keeps_the_dependent_answer() -> None:
    state = walk(REGISTRATION, engine.start(REGISTRATION), Typed("Ani"), Picked(KECAMATAN.code))
    state = walk(REGISTRATION, state, Picked(DESA))
    state = engine.back(REGISTRATION, engine.back(REGISTRATION, state).state).state
    state = say(REGISTRATION, state, Picked(KECAMATAN.code)).state
    assert state.answers["desa"] == DESA


# --- skip --------------------------------------------------------------------------------


def test_skip_an_optional_step_records_nothing_and_moves_on() -> None:
    state = registering(Picked("pkk"))
    assert state.step == "group_name"
    result = engine.skip(REGISTRATION, state)
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "represents"
    assert result.state.answers["group_name"] is None


def test_skip_a_required_step_is_a_problem() -> None:
    state = engine.start(REGISTRATION)
    result = engine.skip(REGISTRATION, state)
    assert_refused(result, "not_optional", state)


# --- multi-select ------------------------------------------------------------------------


def test_toggle_adds_an_option_and_stays() -> None:
    state = at_needs()
    result = engine.toggle(KIT, state, "budget", ctx(state))
    assert result.outcome is Outcome.STAYED
    assert result.state.step == "needs"
    assert result.state.answers["needs"] == ["budget"]
    assert result.state.revision == state.revision + 1


def test_toggle_twice_removes_the_option() -> None:
    state = at_needs()
    state = engine.toggle(KIT, state, "budget", ctx(state)).state
    state = engine.toggle(KIT, state, "budget", ctx(state)).state
    assert state.answers["needs"] == []


def test_toggled_options_keep_the_order_of_the_buttons() -> None:
    state = at_needs()
    for key in ("self_help", "budget", "partnership"):
        state = engine.toggle(KIT, state, key, ctx(state)).state
    assert state.answers["needs"] == ["budget", "partnership", "self_help"]


def test_toggle_an_unknown_option_is_stale() -> None:
    state = at_needs()
    result = engine.toggle(KIT, state, "bribes", ctx(state))
    assert_refused(result, "stale")


def test_toggle_on_a_single_choice_step_is_stale() -> None:
    state = walk(PROPOSAL, at_causes(), Typed(CAUSES), Typed(SOLUTION))
    assert state.step == "urgency"
    result = engine.toggle(PROPOSAL, state, "high", ctx(state))
    assert_refused(result, None, state)


def test_done_without_a_choice_needs_at_least_one() -> None:
    state = at_needs()
    result = engine.done(KIT, state)
    assert_refused(result, "pick_at_least_one", state)


def test_done_with_a_choice_moves_on() -> None:
    state = at_needs()
    state = engine.toggle(KIT, state, "regulation", ctx(state)).state
    result = engine.done(KIT, state)
    assert result.outcome is Outcome.MOVED
    assert result.state.step == "photos"


def test_done_on_a_single_answer_step_is_stale() -> None:
    state = engine.start(PROPOSAL)
    result = engine.done(PROPOSAL, state)
    assert_refused(result, "stale")


# --- photos ------------------------------------------------------------------------------


def test_a_photo_is_collected_and_the_step_stays() -> None:
    state = at_photos()
    result = say(KIT, state, PhotoSent("p1"))
    assert result.outcome is Outcome.STAYED
    assert result.state.answers["photos"] == ["p1"]
    assert result.state.revision == state.revision + 1


def test_the_last_allowed_photo_moves_on_by_itself() -> None:
    state = at_photos()
    for file_id in ("p1", "p2"):
        state = say(KIT, state, PhotoSent(file_id)).state
    result = say(KIT, state, PhotoSent("p3"))
    assert result.outcome is Outcome.MOVED
    assert result.state.step == REVIEW
    assert result.state.answers["photos"] == ["p1", "p2", "p3"]


def test_done_after_one_photo_moves_on() -> None:
    state = at_photos()
    state = say(KIT, state, PhotoSent("p1")).state
    result = engine.done(KIT, state)
    assert result.outcome is Outcome.MOVED
    assert result.state.step == REVIEW


def test_editing_a_full_set_of_photos_never_stores_more_than_the_maximum() -> None:
    review = engine.review(KIT, {**COMPLETE_KIT, "photos": ["p1", "p2", "p3"]})
    state = editing(review, "photos", KIT)
    result = say(KIT, state, PhotoSent("p4"))
    assert len(result.state.answers["photos"]) <= KIT.step("photos").max_items


def test_the_photos_end_in_the_review() -> None:
    result = engine.skip(KIT, at_photos())
    assert result.outcome is Outcome.MOVED
    assert (result.state.step, result.state.mode) == (REVIEW, Mode.EDIT)


def test_editing_the_needs_returns_to_the_review_after_done() -> None:
    state = editing(engine.review(KIT, dict(COMPLETE_KIT)), "needs", KIT)
    state = engine.toggle(KIT, state, "regulation", ctx(state)).state
    result = engine.done(KIT, state)
    assert result.state.step == REVIEW
    assert result.state.answers["needs"] == ["budget", "regulation", "self_help"]


# --- review and editing ------------------------------------------------------------------


def test_the_review_follows_the_last_step() -> None:
    state = at_place()
    result = engine.skip(PROPOSAL, state)
    assert result.outcome is Outcome.MOVED
    assert result.state.step == REVIEW
    assert result.state.mode is Mode.EDIT


def test_review_state_starts_with_the_given_answers() -> None:
    state = at_review()
    assert (state.step, state.mode, state.revision) == (REVIEW, Mode.EDIT, 7)
    assert state.answers == COMPLETE_PROPOSAL


def test_back_from_the_review_goes_to_the_last_step() -> None:
    result = engine.back(PROPOSAL, at_review())
    assert result.outcome is Outcome.MOVED
    assert (result.state.step, result.state.mode) == ("place", Mode.ASK)


def test_edit_from_the_review_asks_that_step() -> None:
    result = engine.edit(PROPOSAL, at_review(), "problem")
    assert result.outcome is Outcome.MOVED
    assert (result.state.step, result.state.mode) == ("problem", Mode.EDIT)


def test_an_edited_answer_returns_to_the_review() -> None:
    state = editing(at_review(), "problem")
    result = say(PROPOSAL, state, Typed("Rubbish blocks every drain in the whole village."))
    assert result.outcome is Outcome.MOVED
    assert result.state.step == REVIEW
    assert result.state.answers["problem"].startswith("Rubbish")
    assert result.state.answers["causes"] == CAUSES


def test_edit_is_only_possible_from_the_review() -> None:
    state = engine.start(PROPOSAL)
    result = engine.edit(PROPOSAL, state, "problem")
    assert_refused(result, "stale")


def test_edit_of_an_unknown_step_is_stale() -> None:
    result = engine.edit(PROPOSAL, at_review(), "nickname")
    assert result.outcome is Outcome.INVALID


def test_editing_the_topic_to_another_asks_the_agency_again() -> None:
    state = editing(at_review(), "sub_element")
    result = say(PROPOSAL, state, Picked("mobility"))
    assert result.outcome is Outcome.MOVED
    assert (result.state.step, result.state.mode) == ("agency", Mode.EDIT)
    assert "agency" not in result.state.answers


def test_after_the_new_agency_the_review_comes_back() -> None:
    state = editing(at_review(), "sub_element")
    state = say(PROPOSAL, state, Picked("mobility")).state
    state = say(PROPOSAL, state, Picked("Dishub")).state
    # Similar proposals are looked up once, on the way: a changed topic does not ask again.
    assert state.step == REVIEW
    assert state.answers["sub_element"] == "mobility"
    assert state.answers["agency"] == "Dishub"


def test_editing_the_topic_to_the_same_keeps_the_agency() -> None:
    state = editing(at_review(), "sub_element")
    result = say(PROPOSAL, state, Picked("waste"))
    assert result.state.step == REVIEW
    assert result.state.answers["agency"] == "DLH"


def test_back_while_editing_returns_to_the_review_unchanged() -> None:
    review = at_review()
    result = engine.back(PROPOSAL, editing(review, "problem"))
    assert result.outcome is Outcome.MOVED
    assert result.state.step == REVIEW
    assert result.state.answers == review.answers


def test_back_while_a_dependent_answer_is_missing_is_a_problem() -> None:
    state = editing(at_review(), "sub_element")
    state = say(PROPOSAL, state, Picked("mobility")).state
    result = engine.back(PROPOSAL, state)
    assert_refused(result, "answer_needed")


def test_editing_the_needs_returns_to_the_review() -> None:
    state = editing(at_review(), "needs")
    result = say(PROPOSAL, state, Picked("regulation"))
    assert result.state.step == REVIEW
    assert result.state.answers["needs"] == "regulation"


@pytest.mark.parametrize("action", ["toggle", "done", "skip", "answer"])
def test_step_actions_at_the_review_are_stale_not_a_crash(action: str) -> None:
    state = at_review()
    if action == "toggle":
        result = engine.toggle(PROPOSAL, state, "budget", ctx(state))
    elif action == "done":
        result = engine.done(PROPOSAL, state)
    elif action == "skip":
        result = engine.skip(PROPOSAL, state)
    else:
        result = say(PROPOSAL, state, Picked("high"))
    assert_refused(result, None, state)


# --- registration: no review -------------------------------------------------------------


def test_registration_finishes_after_its_last_step() -> None:
    state = registering(Picked("pkk"), Typed("PKK Desa Sukamekar"))
    state = walk(REGISTRATION, state, Typed("40"))
    assert state.step == "naming"  # last: may OPD staff see the name?
    result = say(REGISTRATION, state, Picked("no"))
    assert result.outcome is Outcome.FINISHED
    assert result.state.answers["represents"] == {"count": 40, "unit": "people"}
    assert result.state.answers["naming"] == "no"
    assert result.state.revision == state.revision + 1


def test_registration_finishes_when_the_last_step_is_skipped() -> None:
    state = registering(Picked("pkk"))
    state = engine.skip(REGISTRATION, state).state
    state = engine.skip(REGISTRATION, state).state
    assert state.step == "naming"  # not optional: no Skip, a yes or a no
    assert say(REGISTRATION, state, Picked("no")).outcome is Outcome.FINISHED


def test_a_residents_registration_finishes_after_the_role() -> None:
    """A resident speaks for themselves: no group, no headcount."""
    state = walk(REGISTRATION, engine.start(REGISTRATION), Typed("Ani"), Picked(KECAMATAN.code))
    state = walk(REGISTRATION, state, Picked(DESA))
    state = walk(REGISTRATION, state, Picked("warga"))
    assert state.step == "naming"
    result = say(REGISTRATION, state, Picked("no"))
    assert result.outcome is Outcome.FINISHED
    assert "group_name" not in result.state.answers


REGISTERED = {
    "name": "Ani",
    "kecamatan": KECAMATAN.code,
    "desa": DESA,
    "role": "warga",
    "naming": "no",
}


def test_editing_a_registration_answer_finishes() -> None:
    state = State("register", "name", Mode.EDIT, 1, dict(REGISTERED))
    result = say(REGISTRATION, state, Typed("Budi"))
    assert result.outcome is Outcome.FINISHED
    assert result.state.answers["name"] == "Budi"


def test_editing_the_kecamatan_asks_the_desa_before_finishing() -> None:
    state = State("register", "kecamatan", Mode.EDIT, 1, dict(REGISTERED))
    state = say(REGISTRATION, state, Picked(OTHER_KECAMATAN.code)).state
    assert (state.step, state.mode) == ("desa", Mode.EDIT)
    result = say(REGISTRATION, state, Picked(OTHER_KECAMATAN.desa[0].code))
    assert result.outcome is Outcome.FINISHED


def test_editing_a_profile_saved_before_the_naming_question_asks_it() -> None:
    before = {k: v for k, v in REGISTERED.items() if k != "naming"}
    state = say(REGISTRATION, State("register", "name", Mode.EDIT, 1, before), Typed("Budi"))
    assert (state.outcome, state.state.step) == (Outcome.MOVED, "naming")


def test_back_while_editing_a_flow_without_review_abandons() -> None:
    state = State("register", "name", Mode.EDIT, 1, dict(REGISTERED))
    result = engine.back(REGISTRATION, state)
    assert result.outcome is Outcome.ABANDONED
    assert result.state is state


# --- missing -----------------------------------------------------------------------------


def test_nothing_is_missing_from_a_complete_proposal() -> None:
    assert engine.missing(PROPOSAL, dict(COMPLETE_PROPOSAL)) == []


def test_missing_lists_required_steps_in_order() -> None:
    assert engine.missing(REGISTRATION, {}) == ["name", "kecamatan", "desa", "role", "naming"]


def test_empty_answers_count_as_missing() -> None:
    answers = {**COMPLETE_PROPOSAL, "causes": [], "problem": "", "agency": None}
    assert engine.missing(PROPOSAL, answers) == ["problem", "agency", "causes"]


def test_optional_steps_are_never_missing() -> None:
    optional = ("sub_element", "needs", "beneficiaries", "place")
    answers = {k: v for k, v in COMPLETE_PROPOSAL.items() if k not in optional}
    assert engine.missing(PROPOSAL, answers) == []
