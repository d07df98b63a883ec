"""The phases of a consultation round: pengumpulan → prioritas → hasil.

A round's dates decide its phase; an admin moving a phase in /putaran sets the date of the
boundary to now, so the dates stay the one source of truth (and a phase moves by itself when
its date was set ahead):

    opens_at ≤ now < closes_at      pengumpulan: proposals are collected
    closes_at ≤ now < results_at    prioritas: residents compare pairs ("A atau B?")
    results_at ≤ now                hasil: every kecamatan gets its results back

A round whose collection has ended and that has no `results_at` yet stays in prioritas until an
admin moves it on (or sets the date).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Phase(StrEnum):
    UPCOMING = "upcoming"
    COLLECT = "collect"
    PRIORITISE = "prioritise"
    RESULTS = "results"


class Dated(Protocol):
    @property
    def opens_at(self) -> datetime: ...
    @property
    def closes_at(self) -> datetime | None: ...
    @property
    def results_at(self) -> datetime | None: ...


def phase_of(found: Dated, now: datetime) -> Phase:
    if now < found.opens_at:
        return Phase.UPCOMING
    if found.closes_at is None or now < found.closes_at:
        return Phase.COLLECT
    if found.results_at is None or now < found.results_at:
        return Phase.PRIORITISE
    return Phase.RESULTS


def next_phase(phase: Phase) -> Phase | None:
    """The phase an admin can move a round to from `phase` (None: nothing after it)."""
    order = [Phase.UPCOMING, Phase.COLLECT, Phase.PRIORITISE, Phase.RESULTS]
    index = order.index(phase)
    return order[index + 1] if index + 1 < len(order) else None
