"""Validation of what a participant sends at a step, against the real scripts' steps."""

from __future__ import annotations

from typing import Any

import pytest

from bot.broadcast.script import BROADCAST
from bot.dialogue.answer_text import answer_text
from bot.dialogue.answers import (
    Input,
    Located,
    PhotoSent,
    Picked,
    Typed,
    Unsupported,
    Validation,
    validate,
)
from bot.dialogue.model import OptionContext, Step
from bot.dialogue.scripts import REGISTRATION
from bot.i18n import translator
from bot.proposals.script import PROPOSAL
from bot.reference import load_reference

REF = load_reference()
T = translator("en")

NAME = REGISTRATION.step("name")
KECAMATAN = REGISTRATION.step("kecamatan")
DESA = REGISTRATION.step("desa")
REPRESENTS = REGISTRATION.step("represents")
TOPIC = PROPOSAL.step("sub_element")
PROBLEM = PROPOSAL.step("problem")
URGENCY = PROPOSAL.step("urgency")
NEEDS = PROPOSAL.step("needs")
AGENCY = PROPOSAL.step("agency")
PLACE = PROPOSAL.step("place")
ROLES = BROADCAST.step("roles")  # a multi-select


def check(step: Step, given: Input, **answers: Any) -> Validation:
    return validate(step, given, OptionContext(answers, REF, T))


def code(step: Step, given: Input, **answers: Any) -> str | None:
    result = check(step, given, **answers)
    return result.problem.code if result.problem else None


def kecamatan_code(name: str) -> str:
    return next(k.code for k in REF.kecamatan if k.name == name)


# --- text --------------------------------------------------------------------------------


def test_text_within_limits_is_accepted() -> None:
    assert check(NAME, Typed("Ani")).value == "Ani"


def test_too_short_text_reports_its_length_and_the_limits() -> None:
    result = check(PROBLEM, Typed("Got "))
    assert result.problem is not None
    assert result.problem.code == "too_short"
    assert result.problem.params == {"min": 5, "max": 1500, "length": 3}


def test_a_short_everyday_problem_is_accepted() -> None:
    assert check(PROBLEM, Typed("jalan rusak")).value == "jalan rusak"


def test_too_long_text_reports_its_length_and_the_limits() -> None:
    result = check(PROBLEM, Typed("a" * 1501))
    assert result.problem is not None
    assert result.problem.code == "too_long"
    assert result.problem.params == {"min": 5, "max": 1500, "length": 1501}


def test_too_long_text_is_rejected_not_cut() -> None:
    assert check(PROBLEM, Typed("a" * 1501)).value is None


def test_text_at_exactly_the_limits_is_accepted() -> None:
    assert check(PROBLEM, Typed("a" * 5)).value == "a" * 5
    assert check(PROBLEM, Typed("a" * 1500)).value == "a" * 1500


def test_whitespace_is_tidied_but_line_breaks_kept() -> None:
    text = "  Jalan   rusak\tparah \n\n  di  RW 03  "
    assert check(PROBLEM, Typed(text)).value == "Jalan rusak parah\n\ndi RW 03"


def test_length_is_counted_after_tidying() -> None:
    result = check(NAME, Typed("   A   "))
    assert result.problem is not None
    assert result.problem.params["length"] == 1


def test_blank_text_is_empty_whatever_the_step() -> None:
    assert code(NAME, Typed("   \n  ")) == "empty"
    assert code(REPRESENTS, Typed("")) == "empty"


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("40", 40, "people"),
        (" 40 ", 40, "people"),
        ("1.000", 1000, "people"),
        ("1,000,000", 1_000_000, "people"),
        ("± 300 orang", 300, "people"),
        ("sekitar 25", 25, "people"),
        ("kurang lebih 60 KK", 60, "households"),
        ("sekitar 200 KK", 200, "households"),
        ("about 12 people", 12, "people"),
        ("50 families", 50, "households"),
    ],
)
def test_numbers_are_read_forgivingly(text: str, value: int, unit: str) -> None:
    assert check(REPRESENTS, Typed(text)).value == {"count": value, "unit": unit}


@pytest.mark.parametrize("text", ["banyak", "-5", "tiga puluh", "40 orang lebih"])
def test_words_are_not_a_number(text: str) -> None:
    assert code(REPRESENTS, Typed(text)) == "not_a_number"


@pytest.mark.parametrize("text", ["0", "1.000.001", "99999999999"])
def test_numbers_out_of_range_report_the_range(text: str) -> None:
    result = check(REPRESENTS, Typed(text))
    assert result.problem is not None
    assert result.problem.code == "number_range"
    assert result.problem.params == {"min": 1, "max": 1_000_000}


@pytest.mark.parametrize("text", ["2 ribu", "1,5 juta"])
def test_a_number_with_a_multiplier_word_is_not_silently_misread(text: str) -> None:
    result = check(REPRESENTS, Typed(text))
    assert result.problem is not None or result.value["count"] >= 1000


# --- choices -----------------------------------------------------------------------------


def test_a_picked_key_is_accepted() -> None:
    assert check(URGENCY, Picked("high")).value == "high"


def test_a_picked_unknown_key_is_stale() -> None:
    assert code(URGENCY, Picked("whenever")) == "stale"


def test_a_picked_desa_of_another_kecamatan_is_stale() -> None:
    tarumajaya = REF.kecamatan_by_code(kecamatan_code("Tarumajaya"))
    babelan = REF.kecamatan_by_code(kecamatan_code("Babelan"))
    assert tarumajaya is not None and babelan is not None
    assert code(DESA, Picked(babelan.desa[0].code), kecamatan=tarumajaya.code) == "stale"


@pytest.mark.parametrize(
    ("step", "text", "key"),
    [
        (URGENCY, "urgent", "medium"),
        (URGENCY, "  VERY urgent ", "high"),
        (URGENCY, "can wait", "low"),
        (TOPIC, "waste", "waste"),
        (TOPIC, "rubbish and waste", "waste"),
        (TOPIC, "Waste Management", "waste"),
        (TOPIC, "tata kelola sampah dan limbah", "waste"),
        (AGENCY, "dinkes", "Dinkes"),
        (AGENCY, "Dinas Kesehatan", "Dinkes"),
        (AGENCY, "don't know", "unknown"),
    ],
)
def test_a_typed_label_picks_its_option(step: Step, text: str, key: str) -> None:
    assert check(step, Typed(text)).value == key


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("cikarang utara", "Cikarang Utara"),
        ("Kec. Tambun Selatan", "Tambun Selatan"),
        ("cikarng utara", "Cikarang Utara"),
        ("muara gembong", "Muaragembong"),
    ],
)
def test_a_typed_kecamatan_is_matched_forgivingly(text: str, name: str) -> None:
    assert check(KECAMATAN, Typed(text)).value == kecamatan_code(name)


def test_a_typed_desa_is_matched_within_the_chosen_kecamatan() -> None:
    tarumajaya = kecamatan_code("Tarumajaya")
    result = check(DESA, Typed("segara makmur"), kecamatan=tarumajaya)
    assert result.value == "32.16.01.2001"


def test_ambiguous_typed_text_gives_candidates() -> None:
    result = check(KECAMATAN, Typed("cikarang"))
    assert result.value is None and result.problem is None
    assert set(result.candidates) == {
        kecamatan_code(name)
        for name in (
            "Cikarang Barat",
            "Cikarang Utara",
            "Cikarang Timur",
            "Cikarang Pusat",
            "Cikarang Selatan",
        )
    }


def test_unknown_typed_text_is_no_match_with_the_text() -> None:
    result = check(KECAMATAN, Typed("  Surabaya  "))
    assert result.problem is not None
    assert result.problem.code == "no_match"
    assert result.problem.params == {"text": "Surabaya"}


def test_no_match_quotes_at_most_60_characters() -> None:
    result = check(KECAMATAN, Typed("x" * 500))
    assert result.problem is not None
    assert len(result.problem.params["text"]) == 60


def test_a_desa_without_a_kecamatan_matches_nothing() -> None:
    assert code(DESA, Typed("Sagara Makmur")) == "no_match"


# --- wrong kinds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "given", "what"),
    [
        (PROBLEM, Unsupported("sticker"), "sticker"),
        (PROBLEM, Unsupported("voice"), "voice"),
        (PROBLEM, PhotoSent("file-1"), "other"),
        (PROBLEM, Located(-6.2, 107.1), "other"),
        (PROBLEM, Picked("high"), "other"),
        (REPRESENTS, Unsupported("sticker"), "sticker"),
        (REPRESENTS, PhotoSent("file-1"), "other"),
        (URGENCY, Unsupported("voice"), "voice"),
        (URGENCY, PhotoSent("file-1"), "other"),
        (PLACE, Picked("high"), "other"),
        (PLACE, Unsupported("media"), "media"),
        (PLACE, Unsupported("sticker"), "sticker"),
        (NEEDS, Unsupported("sticker"), "sticker"),
        (TOPIC, Located(-6.2, 107.1), "other"),
    ],
)
def test_the_wrong_kind_of_message_says_what_and_what_was_expected(
    step: Step, given: Input, what: str
) -> None:
    result = check(step, given)
    assert result.problem is not None
    assert result.problem.code == "wrong_kind"
    assert result.problem.params == {"what": what, "expected": step.kind.value}


def test_typing_at_a_multi_select_asks_for_the_buttons() -> None:
    assert code(ROLES, Typed("coordinator")) == "use_buttons"


def test_the_needs_are_one_choice_that_can_be_typed() -> None:
    assert check(NEEDS, Typed("budget")).value == "budget"


# --- place: a typed description, a location, photos ----------------------------------------


def test_a_typed_place_is_kept_on_one_line() -> None:
    result = check(PLACE, Typed("Jl. Raya Karangraharja\n depan SDN 02"))
    assert result.value == {"text": "Jl. Raya Karangraharja depan SDN 02"}


def test_a_too_short_place_is_refused() -> None:
    assert code(PLACE, Typed("RW")) == "too_short"


def test_a_location_is_stored_rounded() -> None:
    result = check(PLACE, Located(-6.123456789, 107.987654321))
    assert result.value == {"point": [-6.123457, 107.987654]}


@pytest.mark.parametrize(("latitude", "longitude"), [(90, 180), (-90, -180), (0, 0)])
def test_locations_at_the_edges_are_accepted(latitude: float, longitude: float) -> None:
    assert check(PLACE, Located(latitude, longitude)).problem is None


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(90.1, 0), (-91, 0), (0, 180.5), (0, -181), (float("nan"), 0), (0, float("inf"))],
)
def test_locations_out_of_range_are_refused(latitude: float, longitude: float) -> None:
    assert code(PLACE, Located(latitude, longitude)) == "wrong_kind"


def test_a_photo_is_accepted_as_its_file_id() -> None:
    assert check(PLACE, PhotoSent("AgADBAAD")).value == {"photo": "AgADBAAD"}


BROADCAST_MESSAGE = BROADCAST.step("message")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        # Formatting from the Telegram app arrives as HTML and is kept as it is.
        (Typed("Rapat warga jam 8", "<b>Rapat warga</b> jam 8"), "<b>Rapat warga</b> jam 8"),
        # Plain text is made safe HTML: "&" and "<" reach participants as typed.
        (Typed("  Sabtu & Minggu <3  "), "Sabtu &amp; Minggu &lt;3"),
    ],
)
def test_a_broadcast_message_keeps_the_senders_formatting(given: Typed, kept: str) -> None:
    assert check(BROADCAST_MESSAGE, given).value == kept


def test_other_texts_ignore_formatting() -> None:
    given = Typed("Sampah menumpuk di pasar", "<b>Sampah</b> menumpuk di pasar")
    assert check(PROBLEM, given).value == "Sampah menumpuk di pasar"


def test_a_formatted_answer_reads_as_its_visible_text() -> None:
    ctx = OptionContext({}, REF, T)
    shown = answer_text(
        BROADCAST_MESSAGE, '<b>Rapat</b> &amp; <a href="https://x.id">info</a>', ctx
    )
    assert shown == "Rapat &amp; info"
