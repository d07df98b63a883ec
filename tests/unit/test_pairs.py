"""The next pair for a person (bot/priorities/pairs.py): least-shown first, never a pair the
person answered, random among equals, None when nothing is left."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from bot.priorities.pairs import next_pair, ordered


def test_fewer_than_two_proposals_have_no_pair() -> None:
    rng = random.Random(1)
    assert next_pair([], {}, set(), rng) is None
    assert next_pair([7], {}, set(), rng) is None


def test_the_least_shown_proposals_come_first() -> None:
    shown = {1: 9, 2: 0, 3: 5, 4: 1}
    for seed in range(20):
        pair = next_pair([1, 2, 3, 4], shown, set(), random.Random(seed))
        assert pair is not None and set(pair) == {2, 4}


def test_never_a_pair_already_answered_in_either_order() -> None:
    seen = {ordered(2, 4), ordered(1, 2)}
    shown = {1: 9, 2: 0, 3: 5, 4: 1}
    pair = next_pair([1, 2, 3, 4], shown, seen, random.Random(3))
    assert pair is not None and set(pair) == {2, 3}  # 2 stays first; 4 and 1 are used up with it


def test_every_pair_once_then_none() -> None:
    candidates, seen, rng = [10, 11, 12, 13, 14], set[tuple[int, int]](), random.Random(5)
    shown: Counter[int] = Counter()
    while (pair := next_pair(candidates, shown, seen, rng)) is not None:
        assert ordered(*pair) not in seen
        seen.add(ordered(*pair))
        shown.update(pair)
    assert seen == {ordered(a, b) for a, b in itertools.combinations(candidates, 2)}


def test_ties_are_broken_at_random_and_sides_too() -> None:
    firsts = {next_pair(list(range(1, 9)), {}, set(), random.Random(seed)) for seed in range(40)}
    assert len(firsts) > 10  # not everyone gets the same pair
    assert any(
        pair is not None and pair[0] > pair[1] for pair in firsts
    )  # the larger id is sometimes A


def test_balanced_exposure_over_many_people() -> None:
    """Many people answering a few pairs each: every proposal is shown about as often."""
    candidates, shown, rng = list(range(30)), Counter[int](), random.Random(7)
    for _ in range(100):
        seen: set[tuple[int, int]] = set()
        for _ in range(6):
            pair = next_pair(candidates, shown, seen, rng)
            assert pair is not None
            seen.add(ordered(*pair))
            shown.update(pair)
    counts = [shown[c] for c in candidates]
    assert max(counts) - min(counts) <= 2
