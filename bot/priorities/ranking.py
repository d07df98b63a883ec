"""The ranking of a kecamatan's proposals from residents' pairwise answers: pure.

The model is Bradley–Terry: each proposal has a strength θ, and the chance that a resident
prefers i to j is 1 / (1 + e^(θj − θi)). `choix.ilsr_pairwise` fits it (iterative Luce spectral
ranking, with a little regularisation, `ALPHA`, so a proposal that always wins or never was
compared still gets a finite strength). A tie ("Sama penting") counts as half a win for each
side: every decisive answer enters the data twice and a tie once in each direction.

A ranking from few answers is thin, and the result must say so: each proposal carries its
number of comparisons and an approximate 95 % interval of its strength, from the Fisher
information of the fitted model (Σ p(1−p) over its comparisons, plus the regularisation).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import choix

ALPHA = 0.1
Z95 = 1.96


class Outcome(StrEnum):
    FIRST = "first"
    SECOND = "second"
    TIE = "tie"
    SKIP = "skip"


@dataclass(frozen=True)
class Duel:
    """One counted answer: two proposals and which one the resident preferred."""

    first: int
    second: int
    outcome: Outcome


@dataclass(frozen=True)
class Ranked:
    proposal_id: int
    strength: float  # θ, centred on 0 over the ranked proposals
    low: float  # the approximate 95 % interval of θ
    high: float
    comparisons: int
    wins: float  # a tie counts half

    @property
    def thin(self) -> bool:
        """Too few comparisons to tell this proposal apart from an average one."""
        return self.low <= 0.0 <= self.high


def rank(proposal_ids: Sequence[int], duels: Iterable[Duel]) -> list[Ranked]:
    """The proposals strongest first (ties in strength: more comparisons, then the older id;
    proposals never compared last).

    Duels naming a proposal outside `proposal_ids` (hidden or merged since) are left out."""
    index = {proposal_id: position for position, proposal_id in enumerate(proposal_ids)}
    pairs = [
        (index[d.first], index[d.second], d.outcome)
        for d in duels
        if d.first in index and d.second in index and d.outcome != Outcome.SKIP
    ]
    strengths = _fit(len(index), pairs)
    information = [ALPHA] * len(index)
    comparisons = [0] * len(index)
    wins = [0.0] * len(index)
    for a, b, outcome in pairs:
        p = 1.0 / (1.0 + math.exp(strengths[b] - strengths[a]))
        for side in (a, b):
            information[side] += p * (1.0 - p)
            comparisons[side] += 1
        share_a = {Outcome.FIRST: 1.0, Outcome.SECOND: 0.0}.get(outcome, 0.5)
        wins[a] += share_a
        wins[b] += 1.0 - share_a
    ranked = [
        Ranked(
            proposal_id,
            strengths[i],
            strengths[i] - Z95 / math.sqrt(information[i]),
            strengths[i] + Z95 / math.sqrt(information[i]),
            comparisons[i],
            wins[i],
        )
        for proposal_id, i in index.items()
    ]
    # A proposal nobody compared yet has no place in the order: it comes last, marked thin.
    return sorted(
        ranked, key=lambda r: (r.comparisons == 0, -r.strength, -r.comparisons, r.proposal_id)
    )


def _fit(count: int, pairs: Sequence[tuple[int, int, str]]) -> list[float]:
    if count < 2 or not pairs:
        return [0.0] * count
    data: list[tuple[int, int]] = []
    for a, b, outcome in pairs:
        if outcome == Outcome.FIRST:
            data += [(a, b), (a, b)]
        elif outcome == Outcome.SECOND:
            data += [(b, a), (b, a)]
        else:
            data += [(a, b), (b, a)]
    # Fitted over the compared proposals only: an uncompared one would only pull the centre.
    compared = sorted({side for a, b, _ in pairs for side in (a, b)})
    dense = {item: position for position, item in enumerate(compared)}
    fitted = choix.ilsr_pairwise(
        len(compared), [(dense[winner], dense[loser]) for winner, loser in data], alpha=ALPHA
    )
    mean = float(sum(fitted)) / len(compared)
    strengths = [0.0] * count
    for item, position in dense.items():
        strengths[item] = float(fitted[position]) - mean
    return strengths
