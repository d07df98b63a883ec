"""Which pair of proposals to show a person next: pure.

Every proposal should be compared, so the least-shown come first: the proposal shown least
often (in every answer of the round and kecamatan, skips included: a skip is an exposure that
told us nothing, and counting it keeps a proposal that people find hard to judge from sitting
at the front of everyone's queue), then, among the partners this person has not answered with
it yet, the least-shown one. Ties are broken at random, so two people starting at the same
moment do not get the same pair, and which side is A is random too (no bias for the left).

A person never gets a pair they answered before, whatever they answered (skips too). Their own
proposal may appear: their answer is stored but not counted (bot.priorities.service).

Cost: sorting the candidates, then at most one look per pair this person already answered
plus one: O(n log n + answered). Each unordered pair is looked at once at most, so a person
who answered k pairs costs at most k + 1 looks.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

Pair = tuple[int, int]


def ordered(a: int, b: int) -> Pair:
    """A pair as it is stored: the smaller id first."""
    return (a, b) if a < b else (b, a)


def next_pair(
    candidates: Sequence[int],
    shown: Mapping[int, int],
    seen: Collection[Pair],
    rng: random.Random,
) -> Pair | None:
    """(A, B) to show, or None when this person has answered every pair of `candidates`.

    `shown`: how often each proposal was shown (missing: never); `seen`: the pairs this
    person answered, in stored order (`ordered`)."""
    if len(candidates) < 2:
        return None
    keys = {proposal_id: (shown.get(proposal_id, 0), rng.random()) for proposal_id in candidates}
    queue = sorted(keys, key=keys.__getitem__)
    for position, first in enumerate(queue):
        # Partners before `first` in the queue were all tried with it as their own first.
        for second in queue[position + 1 :]:
            if ordered(first, second) not in seen:
                return (first, second) if rng.random() < 0.5 else (second, first)
    return None
