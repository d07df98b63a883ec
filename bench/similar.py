"""How well ``similarity`` (bot/proposals/similar.py) tells the same problem said twice from
two different problems of one element, on the labelled pairs of tests/data/similar_pairs.csv.

    .venv/bin/python bench/similar.py            # precision and recall at several thresholds
    .venv/bin/python bench/similar.py --misses   # plus the tuning part's wrong answers

A pair counts as "shown" when its score reaches the threshold. Precision: of the pairs shown,
how many are the same problem (a wrong match is an extra step with an irrelevant proposal);
recall: of the same-problem pairs, how many are shown. Every 4th couple of rows is held out: its
misses are never printed, so nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.labelled import Labelled, numbered_rows, split  # noqa: E402
from bot.proposals.similar import SIMILARITY_THRESHOLD, similarity  # noqa: E402

PAIRS = ROOT / "tests" / "data" / "similar_pairs.csv"
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


@dataclass(frozen=True)
class Pair(Labelled):
    # Rows come two by two (the same problem, then a different one): every 4th couple, rows
    # 7-8, 15-16, ..., is held out.
    rows_a_unit: ClassVar[int] = 2
    kecamatan: str
    element: str
    a: str
    b: str
    same: bool


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    return [
        Pair(n, r["kecamatan"], r["element"], r["a"], r["b"], r["same"] == "1")
        for n, r in numbered_rows(path)
    ]


def precision_recall(scored: list[tuple[float, bool]], threshold: float) -> tuple[float, float]:
    """(precision, recall) when pairs scoring at least `threshold` are shown; precision is 1
    when nothing is shown."""
    shown = [same for score, same in scored if score >= threshold]
    positives = sum(same for _, same in scored)
    right = sum(shown)
    precision = right / len(shown) if shown else 1.0
    recall = right / positives if positives else 1.0
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="print the tuning part's misses")
    arguments = parser.parse_args()
    pairs = load_pairs()
    similarity("jalan", "jalan")  # build the vocabulary outside the timing
    started = time.perf_counter()
    scores = [similarity(p.a, p.b) for p in pairs]
    elapsed = time.perf_counter() - started
    scored_pairs = list(zip(scores, pairs, strict=True))
    parts = {
        name: [(score, pair.same) for score, pair in part]
        for name, part in split(scored_pairs, lambda scored_pair: scored_pair[1].held_out).items()
    }
    sizes = ", ".join(f"{name} {len(scored)}" for name, scored in parts.items())
    print(f"{len(pairs)} pairs ({sum(p.same for p in pairs)} the same problem); {sizes}")
    print(f"{'threshold':>9}  " + "  ".join(f"{name:>17}" for name in parts))
    print(f"{'':>9}  " + "  ".join(f"{'precision recall':>17}" for _ in parts))
    for threshold in sorted({*THRESHOLDS, SIMILARITY_THRESHOLD}):
        cells = []
        for scored in parts.values():
            precision, recall = precision_recall(scored, threshold)
            cells.append(f"{precision:>9.0%} {recall:>7.0%}")
        mark = "  <- chosen" if threshold == SIMILARITY_THRESHOLD else ""
        print(f"{threshold:>9.2f}  " + "  ".join(cells) + mark)
    print(f"chosen threshold: {SIMILARITY_THRESHOLD}")
    print(f"{elapsed / len(pairs) * 1e6:.0f} µs a pair (words seen before are remembered)")
    if arguments.misses:
        for score, pair in zip(scores, pairs, strict=True):
            wrong = (score >= SIMILARITY_THRESHOLD) != pair.same
            if wrong and not pair.held_out:
                same = int(pair.same)
                print(f"row {pair.row} same={same} score={score:.2f}: {pair.a!r} / {pair.b!r}")


if __name__ == "__main__":
    main()
