"""Labelled data sets of tests/data (CSV, one labelled example a row): rows numbered from 1,
and the held-out part, never tuned on (tests/data/README.md)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

HELD_OUT_EVERY = 4
Item = TypeVar("Item")


def numbered_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Each row as a dict by the header, with its number (1 = the first row)."""
    with path.open(encoding="utf-8", newline="") as file:
        return list(enumerate(csv.DictReader(file), start=1))


def held_out(number: int, rows_a_unit: int = 1) -> bool:
    """Every 4th unit is held out: rows 4, 8, ...; with units of two rows, rows 7-8, 15-16, ..."""
    return (number - 1) // rows_a_unit % HELD_OUT_EVERY == HELD_OUT_EVERY - 1


@dataclass(frozen=True)
class Labelled:
    """One labelled example: `row` is its row number (1 = the first); examples that come in
    units of several rows are held out a whole unit at a time."""

    row: int
    rows_a_unit: ClassVar[int] = 1

    @property
    def held_out(self) -> bool:
        return held_out(self.row, self.rows_a_unit)


def split(items: list[Item], is_held_out: Callable[[Item], bool]) -> dict[str, list[Item]]:
    """All the items, the tuning part and the held-out part."""
    return {
        "all": items,
        "tuning": [item for item in items if not is_held_out(item)],
        "held out": [item for item in items if is_held_out(item)],
    }
