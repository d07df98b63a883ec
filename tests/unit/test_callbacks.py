"""The callback_data codec, and every callback the dialogue screens can generate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot import callbacks as cb
from bot.callbacks import Callback, Kind, StepAction, decode, encode, parse_step
from bot.dialogue import engine
from bot.dialogue.engine import Mode, State
from bot.dialogue.model import Flow, OptionContext, Step, StepKind
from bot.dialogue.screens import edit_list, question, review
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import translator
from bot.proposals.script import DIFFERENT, PROPOSAL, SIMILAR
from bot.reference import load_reference
from bot.screens import Screen

REF = load_reference()
T = translator("en")
BIG_REVISION = 1_999_999_999  # revisions start from the clock: ten digits is realistic


def parsed(data: str) -> cb.StepCallback:
    callback = decode(data)
    assert callback is not None, data
    step_callback = parse_step(callback)
    assert step_callback is not None, data
    return step_callback


# --- codec -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_round_trips(kind: Kind) -> None:
    assert decode(encode(kind, "a", "B_1", "32.16.05.2001", "-")) == Callback(
        kind, ("a", "B_1", "32.16.05.2001", "-")
    )


def test_numbers_are_encoded_as_fields() -> None:
    assert encode(Kind.MINE, "open", 42) == "v1:u:open:42"


def test_a_kind_without_fields_round_trips() -> None:
    assert decode(encode(Kind.MENU)) == Callback(Kind.MENU, ())


@pytest.mark.parametrize("action", list(StepAction))
def test_step_callbacks_round_trip(action: StepAction) -> None:
    data = cb.step(BIG_REVISION, action, "time_to_result")
    assert parsed(data) == cb.StepCallback(BIG_REVISION, action, "time_to_result")


def test_a_step_callback_without_argument_uses_a_dash() -> None:
    assert cb.step(3, StepAction.BACK) == "v1:s:3:b:-"


def test_exactly_64_bytes_is_allowed() -> None:
    data = encode(Kind.MENU, "a" * 40, "b" * 18)
    assert len(data.encode()) == 64
    assert decode(data) is not None


def test_encode_refuses_more_than_64_bytes() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(Kind.MENU, "a" * 40, "b" * 19)


def test_decode_refuses_more_than_64_bytes() -> None:
    assert decode("v1:m:" + "a" * 40 + ":" + "b" * 19) is None


@pytest.mark.parametrize("field", ["", "Satpol PP", "a:b", "é", "x" * 41, "a/b", "<b>"])
def test_encode_refuses_fields_outside_the_alphabet(field: str) -> None:
    with pytest.raises(ValueError, match="not encodable"):
        encode(Kind.MENU, field)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "v1",
        "v0:m:profile",
        "v2:m:profile",
        "V1:m:profile",
        "profile",
        "v1:z:profile",
        "v1::profile",
        "v1:m:",
        "v1:m:a b",
        "v1:m:é",
        "v1:m:a;b",
        "v1:m:" + "a" * 41,
        "v1:m:" + ":".join(["abcdefghij"] * 6),
    ],
)
def test_decode_refuses_malformed_or_foreign_data(data: str | None) -> None:
    assert decode(data) is None


def test_decode_refuses_a_trailing_newline() -> None:
    assert decode("v1:m:profile\n") is None


def test_encode_refuses_a_trailing_newline() -> None:
    with pytest.raises(ValueError):
        encode(Kind.MENU, "profile\n")


@pytest.mark.parametrize(
    "data",
    [
        "v1:s",
        "v1:s:12",
        "v1:s:12:a",
        "v1:s:12:a:x:y",
        "v1:s:x12:a:x",
        "v1:s:-1:a:x",
        "v1:s:12:Z:x",
        "v1:s:12:answer:x",
        "v1:m:12:a:x",
    ],
)
def test_parse_step_refuses_malformed_step_callbacks(data: str) -> None:
    callback = decode(data)
    assert callback is None or parse_step(callback) is None


# --- every callback the dialogue screens generate -----------------------------------------


def complete_answers(**changes: Any) -> dict[str, Any]:
    kecamatan = REF.kecamatan[0]
    return {
        "name": "Ani",
        "kecamatan": kecamatan.code,
        "desa": kecamatan.desa[0].code,
        "role": "warga",
        "group_name": "PKK",
        "represents": {"count": 40, "unit": "households"},
        "problem": "Sampah numpuk di pinggir kali, got mampet kalau hujan.",
        "sub_element": "waste",
        "agency": "DLH",
        "similar": DIFFERENT,
        SIMILAR: [],
        "causes": "The channels are blocked with rubbish and too narrow.",
        "solution": "Widen the channels and organise a monthly clean-up.",
        "urgency": "high",
        "time_to_result": "3m",
        "needs": "budget",
        "beneficiaries": "300 families",
        "place": {"text": "Jl. Raya Karangraharja", "point": [-6.25, 107.15], "photos": ["p1"]},
        **changes,
    }


# The most similar proposals a resident is shown, with the largest ids a table may hold.
FOUND = [
    {"id": 2**31 - 1 - n, "reference": f"USL-{n:06d}", "problem": "Got mampet", "supports": n}
    for n in range(3)
]
PROBLEMS = ["Got di depan rumah mampet terus kalau hujan.", "abcde"]  # suggested, or not


def contexts_for(step: Step) -> Iterator[dict[str, Any]]:
    """Answers under which the step has each of its possible option lists."""
    if step.id == "desa":
        for kecamatan in REF.kecamatan:
            yield complete_answers(kecamatan=kecamatan.code, desa=None)
    elif step.id in ("sub_element", "agency"):
        for problem in PROBLEMS:
            yield complete_answers(problem=problem, **{step.id: None})
    elif step.id in ("similar", "support_comment"):
        yield complete_answers(similar=None, **{SIMILAR: FOUND})
        yield complete_answers(similar=str(FOUND[0]["id"]), **{SIMILAR: FOUND})
    else:
        yield complete_answers(**{step.id: None})
        yield complete_answers()


def page_count(step: Step, ctx: OptionContext) -> int:
    options = step.options(ctx) if step.options else []
    if not step.page_size or not options:
        return 1
    return (len(options) + step.page_size - 1) // step.page_size


def browsed(step: Step, ctx: OptionContext) -> list[str | None]:
    """A topic step's screens: the suggestion, the groups ("-"), each group's topics."""
    if step.kind is not StepKind.TOPIC:
        return [None]
    groups = step.groups(ctx) if step.groups else []
    return [None, "-", *(g.key for g in groups)]


def question_screens(flow: Flow, step: Step) -> Iterator[Screen]:
    for answers in contexts_for(step):
        ctx = OptionContext(answers, REF, T)
        for mode in Mode:
            state = State(flow.name, step.id, mode, BIG_REVISION, answers)
            for page in range(page_count(step, ctx) + 1):  # one past the end: clamped
                for with_help in (False, True):
                    for browse in browsed(step, ctx):
                        yield question(
                            flow, state, ctx, page=page, with_help=with_help, browse=browse
                        )


def callback_data(screen: Screen) -> list[str]:
    return [b.data for row in screen.keyboard or [] for b in row if b.data is not None]


def assert_all_decode(screen: Screen) -> None:
    for data in callback_data(screen):
        assert len(data.encode()) <= cb.MAX_BYTES, data
        assert parsed(data).revision == BIG_REVISION


def step_params() -> list[Any]:
    params = []
    for flow in (REGISTRATION, PROPOSAL):
        for step in flow.steps:
            params.append(pytest.param(flow, step, id=f"{flow.name}.{step.id}"))
    return params


@pytest.mark.parametrize(("flow", "step"), step_params())
def test_every_question_callback_decodes_within_64_bytes(flow: Flow, step: Step) -> None:
    for screen in question_screens(flow, step):
        assert_all_decode(screen)


@pytest.mark.parametrize(("flow", "step"), step_params())
def test_every_option_button_answers_with_its_own_key(flow: Flow, step: Step) -> None:
    for answers in contexts_for(step):
        ctx = OptionContext(answers, REF, T)
        state = State(flow.name, step.id, Mode.ASK, BIG_REVISION, answers)
        offered: list[str] = []
        for page in range(page_count(step, ctx)):
            for browse in browsed(step, ctx)[2:] or [None]:  # a topic: every group's list
                for data in callback_data(question(flow, state, ctx, page=page, browse=browse)):
                    action = parsed(data)
                    if action.action in (StepAction.ANSWER, StepAction.TOGGLE):
                        offered.append(action.argument)
        expected = [o.key for o in step.options(ctx)] if step.options else []
        assert offered == expected


def test_the_suggestion_and_its_alternatives_answer_with_topic_keys() -> None:
    step = PROPOSAL.step("sub_element")
    answers = complete_answers(problem=PROBLEMS[0], sub_element=None)
    ctx = OptionContext(answers, REF, T)
    state = State(PROPOSAL.name, step.id, Mode.ASK, BIG_REVISION, answers)
    actions = [parsed(d) for d in callback_data(question(PROPOSAL, state, ctx))]
    keys = {o.key for o in step.options(ctx)} if step.options else set()
    assert actions[0].action is StepAction.CONFIRM
    alternatives = [a.argument for a in actions if a.action is StepAction.ANSWER]
    assert alternatives and set(alternatives) <= keys


def test_every_option_step_has_options_in_the_scripts() -> None:
    for flow in (REGISTRATION, PROPOSAL):
        for step in flow.steps:
            if step.kind in (StepKind.CHOICE, StepKind.MULTI, StepKind.TOPIC):
                assert step.options is not None, step.id


@pytest.mark.parametrize("editing_submitted", [False, True])
def test_review_callbacks_decode_within_64_bytes(editing_submitted: bool) -> None:
    answers = complete_answers()
    state = engine.review(PROPOSAL, answers, BIG_REVISION)
    screen = review(PROPOSAL, state, OptionContext(answers, REF, T), editing_submitted)
    assert_all_decode(screen)
    actions = [parsed(d).action for d in callback_data(screen)]
    assert actions == [StepAction.SUBMIT, StepAction.EDIT_LIST, StepAction.CANCEL]


def test_edit_list_callbacks_decode_and_name_every_step() -> None:
    state = engine.review(PROPOSAL, complete_answers(), BIG_REVISION)
    screen = edit_list(PROPOSAL, state, T)
    assert_all_decode(screen)
    actions = [parsed(d) for d in callback_data(screen)]
    edits = [a.argument for a in actions if a.action is StepAction.EDIT_STEP]
    assert edits == [s.id for s in PROPOSAL.steps if s.in_review]
    assert "similar" not in edits
    assert actions[-1].action is StepAction.REVIEW


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("0", 0),
        ("42", 42),
        (str(2**31 - 1), 2**31 - 1),
        (str(2**31), None),  # PostgreSQL's INTEGER ends at 2^31 - 1
        (str(2**63 - 1), None),
        ("9" * 400, None),
        ("-1", None),
        ("", None),
        ("٣", None),  # a digit, but not one of ours
    ],
)
def test_ids_from_callback_data_fit_an_integer_column(field: str, expected: int | None) -> None:
    assert cb.parse_id(field) == expected


def test_a_step_revision_past_the_integer_range_is_refused() -> None:
    callback = decode(f"v1:s:{2**31}:a:x")
    assert callback is not None and parse_step(callback) is None
