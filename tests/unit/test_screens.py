"""Question, review and problem screens of the guided dialogues (English catalog)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.callbacks import StepAction, decode, parse_step
from bot.dialogue import engine
from bot.dialogue.answers import Problem
from bot.dialogue.engine import Mode, State
from bot.dialogue.model import Flow, OptionContext, Step, StepKind, translated
from bot.dialogue.problems import explain
from bot.dialogue.screens import edit_list, question, review, reviewed, screen_for
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import translator
from bot.proposals.script import DIFFERENT, NEEDS, PROPOSAL, SIMILAR
from bot.reference import load_reference
from bot.screens import Screen

REF = load_reference()
T = translator("en")
TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units

SENTENCE = "Jalan di depan sekolah rusak parah dan tergenang air setiap hujan turun. "
LONG = (SENTENCE * 30)[:1500].strip().ljust(1500, "x")


def complete_proposal(**changes: Any) -> dict[str, Any]:
    return {
        "problem": "The road to the school is broken and floods whenever it rains.",
        "sub_element": "mobility",
        "agency": "Diskominfosantik",
        "similar": DIFFERENT,
        SIMILAR: [],
        "causes": "There is no drainage along the road and trucks overload it.",
        "solution": "Build a drainage channel and limit heavy trucks.",
        "urgency": "high",
        "time_to_result": "12m",
        "needs": "regulation",
        "beneficiaries": "300 families in RW 03",
        "place": {
            "text": "Jl. Raya Karangraharja, in front of SDN 02",
            "point": [-6.25, 107.15],
            "photos": ["p1", "p2", "p3"],
        },
        **changes,
    }


# The engine's multi-select and photo steps, which the proposal no longer uses.
KIT = Flow(
    "kit",
    (
        Step("needs", StepKind.MULTI, "Needs?", "Needs", options=translated(NEEDS)),
        Step("photos", StepKind.PHOTOS, "Photos?", "Photos", optional=True, max_items=3),
    ),
    has_review=True,
)


def ctx(answers: dict[str, Any], locale: str = "en") -> OptionContext:
    return OptionContext(answers, REF, translator(locale))


def ask(flow: Flow, step_id: str, answers: dict[str, Any] | None = None, **kw: Any) -> Screen:
    answers = dict(answers or {})
    state = State(flow.name, step_id, kw.pop("mode", Mode.ASK), 5, answers)
    return question(flow, state, ctx(answers), **kw)


def review_of(answers: dict[str, Any], locale: str = "en", submitted: bool = False) -> Screen:
    state = engine.review(PROPOSAL, answers, 5)
    return review(PROPOSAL, state, ctx(answers, locale), submitted)


def labels(screen: Screen) -> list[str]:
    return [b.text for row in screen.keyboard or [] for b in row]


def actions(screen: Screen) -> list[StepAction]:
    found = []
    for row in screen.keyboard or []:
        for button in row:
            callback = decode(button.data)
            parsed = parse_step(callback) if callback else None
            if parsed is not None:
                found.append(parsed.action)
    return found


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- review ------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "id"])
def test_review_of_three_longest_answers_fits_one_message(locale: str) -> None:
    answers = complete_proposal(problem=LONG, causes=LONG, solution=LONG)
    assert utf16_units(review_of(answers, locale).text) <= TELEGRAM_TEXT_LIMIT


@pytest.mark.parametrize("word", ["R&D ", "\U0001f30a\U0001f30a\U0001f6a7 "])
def test_review_fits_even_when_answers_escape_or_use_emoji(word: str) -> None:
    text = (word * 1500)[:1500]
    answers = complete_proposal(problem=text, causes=text, solution=text)
    assert utf16_units(review_of(answers).text) <= TELEGRAM_TEXT_LIMIT


def test_review_shortens_long_answers() -> None:
    answers = complete_proposal(problem=LONG)
    text = review_of(answers).text
    assert LONG not in text
    assert LONG[:200] in text
    assert " …" in text


def test_review_escapes_html_in_answers() -> None:
    answers = complete_proposal(problem="The <b>main</b> road & the bridge are broken.")
    text = review_of(answers).text
    assert "The &lt;b&gt;main&lt;/b&gt; road &amp; the bridge are broken." in text
    assert "<b>main</b>" not in text


def test_review_shows_labels_not_keys() -> None:
    text = review_of(complete_proposal()).text
    assert "<b>Topic:</b> Roads, transport and traffic" in text
    assert "Very urgent" in text
    assert "<b>Needs:</b> Regulation" in text
    agency = REF.agency("Diskominfosantik")
    assert agency is not None and agency.name in text


def test_review_shows_the_place_in_words_never_bare_coordinates() -> None:
    text = review_of(complete_proposal()).text
    assert (
        "<b>Place:</b> Jl. Raya Karangraharja, in front of SDN 02, 📍 location shared, 3 photos"
        in text
    )
    assert "107.15" not in text
    only_a_point = review_of(complete_proposal(place={"point": [-6.25, 107.15]})).text
    assert "<b>Place:</b> 📍 location shared" in only_a_point
    assert "107.15" not in only_a_point


def test_review_shows_a_dash_for_skipped_answers() -> None:
    text = review_of(complete_proposal(place=None, beneficiaries=None, sub_element=None)).text
    assert "<b>Place:</b> —" in text
    assert "<b>Beneficiaries:</b> —" in text
    assert "<b>Topic:</b> —" in text


def test_review_leaves_out_the_similar_proposals_step() -> None:
    text = review_of(complete_proposal()).text
    assert "Similar proposal" not in text


def test_review_offers_send_change_and_cancel() -> None:
    screen = review_of(complete_proposal())
    assert actions(screen) == [StepAction.SUBMIT, StepAction.EDIT_LIST, StepAction.CANCEL]
    assert "✅ Send proposal" in labels(screen)


def test_review_of_a_submitted_proposal_saves_changes() -> None:
    assert "✅ Save changes" in labels(review_of(complete_proposal(), submitted=True))


def test_screen_for_the_review_state_is_the_review() -> None:
    answers = complete_proposal()
    state = engine.review(PROPOSAL, answers, 5)
    assert screen_for(PROPOSAL, state, ctx(answers)) == review_of(answers)


def test_edit_list_has_a_button_per_step_and_back() -> None:
    state = engine.review(PROPOSAL, complete_proposal(), 5)
    screen = edit_list(PROPOSAL, state, T)
    assert actions(screen).count(StepAction.EDIT_STEP) == len(reviewed(PROPOSAL, state.answers))
    assert actions(screen).count(StepAction.EDIT_STEP) == 10
    assert "Similar proposal" not in labels(screen)
    assert labels(screen)[-1] == "⬅️ Back to the summary"


# --- questions ---------------------------------------------------------------------------


def test_question_shows_the_step_number() -> None:
    assert "Step 1 of 10" in ask(PROPOSAL, "problem").text
    assert "Step 4 of 10" in ask(PROPOSAL, "causes").text


def test_question_while_editing_shows_the_current_answer_escaped() -> None:
    answers = complete_proposal(problem="Floods <i>every</i> year near the school.")
    screen = ask(PROPOSAL, "problem", answers, mode=Mode.EDIT)
    assert "Current answer: Floods &lt;i&gt;every&lt;/i&gt; year near the school." in screen.text
    assert "Step" not in screen.text


def test_prompt_mentions_the_chosen_kecamatan() -> None:
    kecamatan = REF.kecamatan[0]
    screen = ask(REGISTRATION, "desa", {"kecamatan": kecamatan.code})
    assert f"Kecamatan {kecamatan.name}" in screen.text


def test_similar_proposals_are_listed_under_the_kecamatan() -> None:
    kecamatan = REF.kecamatan[0]
    found = [{"id": 7, "reference": "USL-0007", "problem": "Got <mampet>", "supports": 12}]
    screen = ask(PROPOSAL, "similar", {"kecamatan": kecamatan.code, SIMILAR: found})
    assert f"Kecamatan {kecamatan.name}" in screen.text
    assert "USL-0007" in screen.text and "Got &lt;mampet&gt;" in screen.text
    assert "supported by 12 residents" in screen.text
    assert labels(screen)[:2] == ["👍 Support USL-0007", "✍️ Mine is different"]
    assert "Step" not in screen.text


def test_paged_step_shows_the_first_page_and_a_next_button() -> None:
    screen = ask(REGISTRATION, "kecamatan")
    assert "1/2" in labels(screen)
    assert "▶️" in labels(screen)
    assert "◀️" not in labels(screen)
    assert actions(screen).count(StepAction.ANSWER) == 12


def test_last_page_shows_the_rest_and_a_previous_button() -> None:
    screen = ask(REGISTRATION, "kecamatan", page=1)
    assert "2/2" in labels(screen)
    assert "◀️" in labels(screen)
    assert "▶️" not in labels(screen)
    assert actions(screen).count(StepAction.ANSWER) == len(REF.kecamatan) - 12


def test_a_page_past_the_end_shows_the_last_page() -> None:
    assert ask(REGISTRATION, "kecamatan", page=99) == ask(REGISTRATION, "kecamatan", page=1)


def test_a_short_list_has_no_page_buttons() -> None:
    screen = ask(PROPOSAL, "urgency")
    assert StepAction.PAGE not in actions(screen)
    assert labels(screen)[:3] == ["Very urgent", "Urgent", "Can wait"]


@pytest.mark.parametrize(
    ("flow", "step_id"),
    [
        (REGISTRATION, "group_name"),
        (REGISTRATION, "represents"),
        (PROPOSAL, "place"),
        (PROPOSAL, "needs"),
        (PROPOSAL, "beneficiaries"),
    ],
)
def test_optional_steps_show_skip(flow: Flow, step_id: str) -> None:
    screen = ask(flow, step_id)
    assert StepAction.SKIP in actions(screen)
    assert "Skip ⏭" in labels(screen)


@pytest.mark.parametrize(("flow", "step_id"), [(REGISTRATION, "role"), (PROPOSAL, "problem")])
def test_required_steps_have_no_skip(flow: Flow, step_id: str) -> None:
    assert StepAction.SKIP not in actions(ask(flow, step_id))


@pytest.mark.parametrize("flow", [REGISTRATION, PROPOSAL])
def test_the_first_step_has_no_back(flow: Flow) -> None:
    screen = question(flow, engine.start(flow), ctx({}))
    assert StepAction.BACK not in actions(screen)
    assert StepAction.CANCEL in actions(screen)


def test_later_steps_have_back() -> None:
    assert StepAction.BACK in actions(ask(PROPOSAL, "causes"))


def test_the_first_step_while_editing_has_back_to_the_review() -> None:
    screen = ask(PROPOSAL, "problem", complete_proposal(), mode=Mode.EDIT)
    assert StepAction.BACK in actions(screen)


def test_multi_select_marks_chosen_options_and_offers_next() -> None:
    screen = ask(KIT, "needs", {"needs": ["regulation"]})
    assert "✅ Regulation" in labels(screen)
    assert "▫️ Budget" in labels(screen)
    assert StepAction.DONE in actions(screen)


def test_photos_step_offers_done_only_after_a_photo() -> None:
    assert StepAction.DONE not in actions(ask(KIT, "photos"))
    screen = ask(KIT, "photos", {"photos": ["p1", "p2"]})
    assert StepAction.DONE in actions(screen)
    assert "2 photos received." in screen.text
    assert StepAction.SKIP not in actions(screen)


def test_place_step_offers_next_only_after_something_was_received() -> None:
    empty = ask(PROPOSAL, "place")
    assert StepAction.DONE not in actions(empty)
    assert StepAction.SKIP in actions(empty)
    screen = ask(PROPOSAL, "place", {"place": {"text": "Depan SDN 02", "photos": ["p1"]}})
    assert StepAction.DONE in actions(screen)
    assert "Next ➡️" in labels(screen)
    assert "Received so far: Depan SDN 02, 1 photo" in screen.text
    assert StepAction.SKIP not in actions(screen)


# --- the topic ---------------------------------------------------------------------------

DRAIN = "Got di depan rumah mampet terus kalau hujan, air masuk ke rumah warga."


def test_the_suggested_topic_is_confirmed_with_one_tap() -> None:
    screen = ask(PROPOSAL, "sub_element", {"problem": DRAIN})
    assert "It looks like this is about <b>" in screen.text
    assert "Step 2 of 10" in screen.text
    assert actions(screen)[0] is StepAction.CONFIRM
    assert labels(screen)[0] == "✅ Yes, that's right"
    assert StepAction.BROWSE in actions(screen)
    assert "❓ What do these mean?" in labels(screen)
    assert "🤷 Not sure" in labels(screen)
    assert StepAction.SKIP in actions(screen)


def test_without_a_suggestion_the_plain_groups_are_shown() -> None:
    screen = ask(PROPOSAL, "sub_element", {"problem": "abcde"})
    assert "We couldn't tell the topic" in screen.text
    assert StepAction.CONFIRM not in actions(screen)
    assert actions(screen).count(StepAction.BROWSE) == len(REF.dimensions)
    assert "Rubbish, flooding, clean water, energy" in labels(screen)


def test_browsing_a_group_shows_its_topics_in_plain_words() -> None:
    screen = ask(PROPOSAL, "sub_element", {"problem": DRAIN}, browse="environment")
    environment = REF.dimension("environment")
    assert environment is not None
    assert actions(screen).count(StepAction.ANSWER) == len(environment.sub_elements)
    assert "Rubbish and waste" in labels(screen)
    assert "📋 Another topic" in labels(screen)


def test_the_official_names_are_behind_what_do_these_mean() -> None:
    plain = ask(PROPOSAL, "sub_element", {"problem": "abcde"})
    assert "Smart" not in plain.text + " ".join(labels(plain))
    helped = ask(PROPOSAL, "sub_element", {"problem": "abcde"}, with_help=True)
    assert "Smart Environment" in helped.text
    assert "❓ What do these mean?" not in labels(helped)


# --- problems ----------------------------------------------------------------------------


def test_too_long_explains_the_length_and_that_nothing_was_saved() -> None:
    problem = Problem("too_long", {"min": 15, "max": 1500, "length": 1732})
    text = explain(problem, PROPOSAL.step("problem"), T)
    assert "1,732" in text and "1,500" in text
    assert "nothing was saved" in text


def test_too_short_explains_the_length_and_the_minimum() -> None:
    problem = Problem("too_short", {"min": 15, "max": 1500, "length": 4})
    text = explain(problem, PROPOSAL.step("problem"), T)
    assert "(4 characters)" in text and "at least 15" in text


def test_no_match_escapes_the_typed_text() -> None:
    text = explain(Problem("no_match", {"text": "<b>Jakarta</b>"}), None, T)
    assert "&lt;b&gt;Jakarta&lt;/b&gt;" in text


def test_a_sticker_at_a_text_step_gets_a_friendly_reply() -> None:
    problem = Problem("wrong_kind", {"what": "sticker", "expected": "text"})
    text = explain(problem, PROPOSAL.step("problem"), T)
    assert text.startswith("Nice sticker!")
    assert "type your answer" in text


@pytest.mark.parametrize(
    "code",
    [
        "not_a_number",
        "number_range",
        "use_buttons",
        "use_buttons_review",
        "pick_at_least_one",
        "not_optional",
        "first_step",
        "answer_needed",
    ],
)
def test_every_engine_problem_has_its_own_explanation(code: str) -> None:
    stale = explain(Problem("stale"), None, T)
    problem = Problem(code, {"min": 1, "max": 1_000_000})
    assert explain(problem, REGISTRATION.step("represents"), T) != stale
