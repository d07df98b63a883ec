""" "A atau B?" at regency size: 5,000 proposals over the 23 kecamatan and 200,000 answers,
in a migrated SQLite file in a temporary directory. Prints numbers, asserts nothing.

    .venv/bin/python bench/pairwise.py                  # 5,000 proposals, 200,000 answers
    .venv/bin/python bench/pairwise.py --proposals 1000 --answers 40000

Measured:
* ranking every kecamatan as /statistik and the Prioritas sheet do (`standings`: the two
  queries and the Bradley–Terry fit with choix), total time and peak memory (tracemalloc for
  Python's allocations; ru_maxrss for the whole process, numpy included);
* one regency-wide fit of all 5,000 proposals, if asked for a comparison (pure `rank`);
* the next pair for a person, as a tap does it: the kecamatan's proposals, the counts per
  proposal (one GROUP BY), the person's answered pairs (one indexed query) and the pure choice
  (bot/priorities/pairs.py); p50 and p95 over ~200 people, and the pure choice alone.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402

from bot.priorities.pairs import Pair, next_pair, ordered  # noqa: E402
from bot.priorities.ranking import Duel, Outcome, rank  # noqa: E402
from bot.priorities.standings import standings  # noqa: E402
from bot.reference import Kecamatan, load_reference  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from storage.models import Comparison, ConsultationRound, Participant, Proposal  # noqa: E402
from storage.queries import comparisons  # noqa: E402

T0 = dt.datetime(2026, 5, 4, 2, 30, tzinfo=dt.UTC)
ANSWERS_A_PERSON = 20
CHUNK = 5_000


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def build(url: str, proposals: int, answers: int, rng: random.Random) -> dict[str, list[int]]:
    """The round, the participants, the proposals and the answers; kecamatan → proposal ids."""
    await upgrade_async(url)
    kecamatan = load_reference().kecamatan
    database = Database(url)
    people = answers // ANSWERS_A_PERSON
    async with database.transaction() as session:
        found_round = await session.get(ConsultationRound, 1)  # the migrations may make one
        if found_round is None:
            session.add(ConsultationRound(id=1, name="Putaran 1", opens_at=T0))
            await session.flush()
        await session.execute(
            update(ConsultationRound)
            .where(ConsultationRound.id == 1)
            .values(opens_at=T0 - dt.timedelta(days=30), closes_at=T0, results_at=None)
        )
        await session.execute(
            insert(Participant), [_person(i, kecamatan[i % 23]) for i in range(people)]
        )
        rows = [_proposal(n, kecamatan[n % 23], 1 + n % people) for n in range(proposals)]
        await session.execute(insert(Proposal), rows)
        found = await session.execute(select(Proposal.id, Proposal.kecamatan_code))
        by_place: dict[str, list[int]] = {}
        for proposal_id, code in found:
            by_place.setdefault(code, []).append(proposal_id)
    strength = {p: rng.gauss(0, 1) for ids in by_place.values() for p in ids}
    votes = []
    for person in range(1, people + 1):
        code = kecamatan[(person - 1) % 23].code
        ids, seen = by_place[code], set[Pair]()
        while len(seen) < ANSWERS_A_PERSON:
            seen.add(ordered(*rng.sample(ids, 2)))
        votes += [_vote(person, code, pair, strength, rng) for pair in seen]
    for start in range(0, len(votes), CHUNK):
        async with database.transaction() as session:
            await session.execute(insert(Comparison), votes[start : start + CHUNK])
    await database.dispose()
    return by_place


def _person(i: int, kecamatan: Kecamatan) -> dict[str, object]:
    code = kecamatan.code
    desa = kecamatan.desa[0].code
    return {
        "id": i + 1,
        "pseudonym": f"P{i:07d}",
        "telegram_user_id": 10_000_000 + i,
        "locale": "id",
        "consented_at": T0,
        "kecamatan_code": code,
        "desa_code": desa,
        "registered_at": T0,
    }


def _proposal(n: int, kecamatan: Kecamatan, author: int) -> dict[str, object]:
    code = kecamatan.code
    return {
        "reference": f"{kecamatan.abbreviation}-{n:05d}",
        "participant_id": author,
        "round_id": 1,
        "kecamatan_code": code,
        "desa_code": kecamatan.desa[0].code,
        "problem": f"Jalan rusak nomor {n} di depan pasar, berlubang saat hujan.",
        "causes": "Belum diperbaiki.",
        "solution": "Perbaiki jalan.",
        "urgency": "high",
        "time_to_result": "3m",
        "agency": "unknown",
        "dimension": "living",
        "sub_element": "x",
        "needs": [],
        "photos": [],
        "status": "submitted",
        "submitted_at": T0,
        "updated_at": T0,
    }


def _vote(
    person: int, code: str, pair: tuple[int, int], strength: dict[int, float], rng: random.Random
) -> dict[str, object]:
    first, second = pair
    draw = rng.random()
    p_first = 1 / (1 + math.exp(strength[second] - strength[first]))
    outcome = "skip" if draw < 0.05 else "tie" if draw < 0.15 else None
    if outcome is None:
        outcome = "first" if rng.random() < p_first else "second"
    return {
        "round_id": 1,
        "kecamatan_code": code,
        "participant_id": person,
        "first_id": first,
        "second_id": second,
        "outcome": outcome,
        "counted": outcome != "skip",
        "created_at": T0,
    }


async def rank_all(url: str, places: list[str]) -> None:
    """Timed without tracemalloc (it slows every allocation several times), then again with
    it for the peak of Python's memory."""
    database = Database(url)
    for traced in (False, True):
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        async with database.transaction() as session:
            for code in places:
                await standings(session, 1, code)
        took = time.perf_counter() - started
        if not traced:
            print(f"rank all {len(places)} kecamatan: {took:.2f} s ({ms(took / len(places))} each)")
            continue
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak Python memory while ranking them (tracemalloc): {peak / 2**20:.1f} MiB")
    async with database.transaction() as session:
        rows = await session.execute(
            select(Comparison.first_id, Comparison.second_id, Comparison.outcome).where(
                Comparison.counted.is_(True)
            )
        )
        duels = [Duel(a, b, Outcome(o)) for a, b, o in rows]
        ids = list((await session.scalars(select(Proposal.id))).all())
    started = time.perf_counter()
    rank(ids, duels)
    print(
        f"regency-wide fit of {len(ids)} proposals, {len(duels)} counted answers: "
        f"{time.perf_counter() - started:.2f} s"
    )
    await database.dispose()


async def next_pairs(url: str, people: int, samples: int, rng: random.Random) -> None:
    database = Database(url)
    whole, choice = [], []
    async with database.transaction() as session:
        for person in rng.sample(range(1, people + 1), samples):
            code = await comparisons.kecamatan_of(session, person)
            assert code is not None
            started = time.perf_counter()
            candidates = await comparisons.rankable_ids(session, 1, code)
            shown = await comparisons.shown_counts(session, 1, code)
            seen = await comparisons.seen_pairs(session, person)
            chosen = time.perf_counter()
            next_pair(candidates, shown, seen, rng)
            done = time.perf_counter()
            whole.append(done - started)
            choice.append(done - chosen)
    await database.dispose()
    for name, values in (("queries + choice", whole), ("pure choice", choice)):
        cuts = statistics.quantiles(values, n=20)
        print(
            f"next pair, {name}: p50 {ms(statistics.median(values))}, p95 {ms(cuts[18])}, "
            f"max {ms(max(values))} ({len(values)} people)"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=5_000)
    parser.add_argument("--answers", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'pairwise.db'}"
        started = time.perf_counter()
        by_place = await build(url, args.proposals, args.answers, rng)
        print(
            f"built {args.proposals} proposals, {args.answers} answers in "
            f"{time.perf_counter() - started:.1f} s"
        )
        await rank_all(url, sorted(by_place))
        await next_pairs(url, args.answers // ANSWERS_A_PERSON, args.samples, rng)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (ru_maxrss): {maxrss:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
