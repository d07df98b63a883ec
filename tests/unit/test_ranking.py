"""The Bradley–Terry ranking of a kecamatan's proposals (bot/priorities/ranking.py)."""

from __future__ import annotations

import random

from bot.priorities.ranking import Duel, Outcome, rank

FIRST, SECOND, TIE, SKIP = Outcome.FIRST, Outcome.SECOND, Outcome.TIE, Outcome.SKIP


def _order(ids: list[int], duels: list[Duel]) -> list[int]:
    return [r.proposal_id for r in rank(ids, duels)]


def test_a_clear_chain_is_ranked_as_counted_by_hand() -> None:
    """10 beats 20 and 30, 20 beats 30 (each answer twice): 10 > 20 > 30; 40 never compared
    comes last; wins and comparisons are the hand counts."""
    duels = [Duel(10, 20, FIRST), Duel(20, 10, SECOND), Duel(20, 30, FIRST)] * 2
    duels += [Duel(30, 10, SECOND)] * 2
    ranked = rank([10, 20, 30, 40], duels)
    assert [r.proposal_id for r in ranked] == [10, 20, 30, 40]
    assert [(r.comparisons, r.wins) for r in ranked] == [(6, 6.0), (6, 2.0), (4, 0.0), (0, 0.0)]
    assert ranked[-1].thin


def test_a_tie_is_half_a_win_each_and_skips_do_not_count() -> None:
    duels = [Duel(1, 2, TIE), Duel(1, 2, SKIP), Duel(1, 2, SKIP)]
    ranked = rank([1, 2], duels)
    assert [(r.comparisons, r.wins) for r in ranked] == [(1, 0.5), (1, 0.5)]
    assert abs(ranked[0].strength - ranked[1].strength) < 1e-9


def test_few_answers_are_thin_and_many_are_not() -> None:
    few = rank([1, 2], [Duel(1, 2, FIRST)])
    many = rank([1, 2], [Duel(1, 2, FIRST)] * 40 + [Duel(1, 2, SECOND)] * 10)
    assert few[0].proposal_id == many[0].proposal_id == 1
    assert few[0].thin and not many[0].thin
    assert many[0].high - many[0].low < few[0].high - few[0].low


def test_duels_with_proposals_no_longer_ranked_are_left_out() -> None:
    ranked = rank([1, 2], [Duel(1, 3, FIRST), Duel(2, 1, FIRST)])
    assert [(r.proposal_id, r.comparisons) for r in ranked] == [(2, 1), (1, 1)]


def test_the_model_recovers_a_hidden_order_from_noisy_answers() -> None:
    """30 proposals with known strengths, 3,000 answers drawn from the Bradley–Terry model:
    the ranking puts the truly strongest first and keeps the order nearly intact."""
    generator = random.Random(7)
    ids = list(range(100, 130))
    truth = {proposal: (proposal - 100) / 6 for proposal in ids}  # 130 strongest
    duels = []
    for _ in range(3000):
        a, b = generator.sample(ids, 2)
        p = 1 / (1 + 2.718281828 ** (truth[b] - truth[a]))
        duels.append(Duel(a, b, FIRST if generator.random() < p else SECOND))
    order = _order(ids, duels)
    assert order[:3] == [129, 128, 127] or set(order[:3]) <= {129, 128, 127, 126}
    misplaced = sum(
        1 for position, proposal in enumerate(order) if abs((129 - proposal) - position) > 3
    )
    assert misplaced == 0
