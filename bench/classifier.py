"""How well, and how fast, the problem classifier (bot/proposals/classifier.py) suggests the
dimension, the element and the perangkat daerah of the labelled statements in
tests/data/problem_statements.csv.

    .venv/bin/python bench/classifier.py             # the figures
    .venv/bin/python bench/classifier.py --misses    # plus the tuning part's misses
    .venv/bin/python bench/classifier.py --json

Every 4th statement is held out (tests/data/README.md): its misses are never printed, so the
data is not tuned on it; nor are those of the fresh set (problem_statements_fresh.csv), written
after the tuning. Targets (issue 11): dimension top-1 >= 85 %, element top-3 >= 85 %,
perangkat daerah top-3 >= 80 %.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.labelled import Labelled, numbered_rows, split  # noqa: E402
from bot.proposals.classifier import Classifier, Suggestions  # noqa: E402
from bot.proposals.keywords import load_keywords  # noqa: E402
from bot.reference import load_reference  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "problem_statements.csv"
# Written after the keywords were frozen; never tuned on, misses never printed.
FRESH = ROOT / "tests" / "data" / "problem_statements_fresh.csv"
TARGETS = {"dimension top-1": 0.85, "element top-3": 0.85, "agency top-3": 0.80}


@dataclass(frozen=True)
class Statement(Labelled):
    text: str
    dimension: str
    element: str
    agency: str  # Agency.key


def read_statements(path: Path = LABELLED) -> list[Statement]:
    reference = load_reference()
    statements = []
    for number, row in numbered_rows(path):
        agency = reference.agency(row["agency"])
        if agency is None:
            raise ValueError(f"{path.name} row {number}: unknown agency {row['agency']!r}")
        statements.append(
            Statement(number, row["text"], row["dimension"], row["element"], agency.key)
        )
    return statements


def new_classifier() -> Classifier:
    reference = load_reference()
    return Classifier(load_keywords(reference), reference)


# --- scoring ----------------------------------------------------------------------------


def ranks(statement: Statement, found: Suggestions) -> dict[str, int | None]:
    """Where the expected answer stands in each list (0 = first), None if absent."""
    element = (statement.dimension, statement.element)
    return {
        "dimension": _index([d.key for d in found.dimensions], statement.dimension),
        "element": _index([(e.dimension, e.element) for e in found.elements], element),
        "agency": _index([a.key for a in found.agencies], statement.agency),
    }


def _index(items: Sequence[object], wanted: object) -> int | None:
    return items.index(wanted) if wanted in items else None


def accuracy(
    classify: Callable[[str], Suggestions], statements: list[Statement]
) -> dict[str, float]:
    """Share of statements whose answer is first (top-1) or among the first three (top-3),
    and the share with a confident suggestion."""
    counts = dict.fromkeys(
        [f"{what} top-{n}" for what in ("dimension", "element", "agency") for n in (1, 3)], 0
    )
    confident = 0
    for statement in statements:
        found = classify(statement.text)
        confident += found.confident
        for what, rank in ranks(statement, found).items():
            for n in (1, 3):
                counts[f"{what} top-{n}"] += rank is not None and rank < n
    total = max(len(statements), 1)
    figures = {name: count / total for name, count in counts.items()}
    figures["confident"] = confident / total
    return figures


def cost_us(statements: list[Statement], rounds: int = 3) -> dict[str, float]:
    """Microseconds per classification: a fresh classifier's first pass (every word new to
    it: stemming, typo matching) and later passes (words remembered). The best of a few
    rounds, as the machine is shared."""
    built: list[float] = []
    first: list[float] = []
    repeat: list[float] = []
    for _ in range(rounds):
        started = time.perf_counter()
        classifier = new_classifier()
        built.append(time.perf_counter() - started)
        for passes in (first, repeat):
            started = time.perf_counter()
            for statement in statements:
                classifier.classify(statement.text)
            passes.append((time.perf_counter() - started) / len(statements) * 1e6)
    return {"build ms": min(built) * 1e3, "first pass us": min(first), "repeat us": min(repeat)}


# --- printing ---------------------------------------------------------------------------


def print_table(parts: dict[str, dict[str, float]], cost: dict[str, float]) -> None:
    names = list(next(iter(parts.values())))
    print(f"{'':18}" + "".join(f"{part:>16}" for part in parts))
    for name in names:
        target = TARGETS.get(name)
        mark = f"  (target {target:.0%})" if target else ""
        cells = "".join(f"{figures[name]:>16.1%}" for figures in parts.values())
        print(f"{name:18}{cells}{mark}")
    print(
        f"cost: build {cost['build ms']:.0f} ms; {cost['first pass us']:.0f} us a statement "
        f"with every word new, {cost['repeat us']:.0f} us with words seen before"
    )


def print_misses(classifier: Classifier, statements: list[Statement]) -> None:
    for statement in statements:
        if statement.held_out:
            continue
        found = classifier.classify(statement.text)
        where = ranks(statement, found)
        if (where["dimension"] or 0) == 0 and all(
            r is not None and r < 3 for r in (where["element"], where["agency"])
        ):
            continue
        got = [f"{e.dimension}.{e.element}={e.score:.1f}" for e in found.elements[:3]]
        agencies = [f"{a.key}={a.score:.1f}" for a in found.agencies[:3]]
        print(f"#{statement.row} {statement.text}")
        print(f"   want {statement.dimension}.{statement.element} {statement.agency}; {where}")
        print(f"   got  {got} {agencies} matched {list(found.matched)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="print the tuning part's misses")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    statements = read_statements()
    fresh = read_statements(FRESH)
    classifier = new_classifier()
    parts = {
        f"{name} ({len(part)})": part
        for name, part in [*split(statements, lambda s: s.held_out).items(), ("fresh", fresh)]
    }
    figures = {name: accuracy(classifier.classify, part) for name, part in parts.items()}
    cost = cost_us(statements)
    if args.json:
        print(json.dumps({"accuracy": figures, "cost": cost}, indent=2))
    else:
        print_table(figures, cost)
    if args.misses:
        print_misses(classifier, statements)
    return 0


if __name__ == "__main__":
    sys.exit(main())
