"""Similar proposals: the pure score, on the labelled pairs of tests/data/similar_pairs.csv."""

from __future__ import annotations

import pytest

from bench.similar import load_pairs, precision_recall
from bot.proposals.similar import (
    PROBLEM_LENGTH,
    SIMILARITY_THRESHOLD,
    UNCLASSIFIED_THRESHOLD,
    shortened,
    similarity,
)


def test_the_labelled_set_is_large_and_mixed() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 80
    assert 0.3 < sum(p.same for p in pairs) / len(pairs) < 0.7


def test_precision_at_the_chosen_threshold() -> None:
    scored = [(similarity(p.a, p.b), p.same) for p in load_pairs()]
    precision, recall = precision_recall(scored, SIMILARITY_THRESHOLD)
    assert precision >= 0.9
    assert recall >= 0.6  # a threshold that shows nothing would be "precise" too


def test_held_out_pairs_precision() -> None:
    scored = [(similarity(p.a, p.b), p.same) for p in load_pairs() if p.held_out]
    assert {same for _, same in scored} == {True, False}
    assert precision_recall(scored, SIMILARITY_THRESHOLD)[0] >= 0.9


def test_without_an_element_the_bar_is_higher() -> None:
    assert UNCLASSIFIED_THRESHOLD > SIMILARITY_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Sampah numpuk di pinggir kali dekat jembatan Tanjungsari",
            "tumpukan sampah di bantaran kali dkt jembatan tanjungsari, bau bgt",
        ),
        ("Puskesmas Karangraharja antrenya panjang", "antrian puskesmas karang raharja panjang"),
    ],
)
def test_the_same_problem_in_other_words_is_similar(a: str, b: str) -> None:
    assert similarity(a, b) >= SIMILARITY_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same problem in two places
        (
            "Jalan Wanasari rusak karena truk kontainer",
            "Jalan Sarimukti rusak karena truk kontainer",
        ),
        # two problems
        ("Jalan rusak di depan pasar Cikarang", "Sampah menumpuk di pinggir kali Cikarang"),
    ],
)
def test_other_places_and_other_problems_are_not(a: str, b: str) -> None:
    assert similarity(a, b) < SIMILARITY_THRESHOLD


def test_score_range_and_symmetry() -> None:
    a, b = "got mampet tiap hujan banjir", "saluran tersumbat, kalau hujan kebanjiran"
    assert similarity(a, b) == similarity(b, a)
    assert similarity(a, a) == 1.0
    assert similarity("", a) == 0.0
    assert similarity("yang di ke", a) == 0.0  # nothing but words that never count


def test_shortened_for_a_phone() -> None:
    assert shortened("  Jalan   rusak\n parah ") == "Jalan rusak parah"
    long = "Sampah menumpuk di pinggir kali " * 10
    short = shortened(long)
    assert len(short) <= PROBLEM_LENGTH
    assert short.endswith("…")
    assert long.startswith(short[:-1])
    assert not short[:-1].endswith(" ")
