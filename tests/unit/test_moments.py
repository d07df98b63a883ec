"""Dates and times as staff type them: for a round (a date is needed) and for a broadcast
(a time is needed), one grammar, read as WIB."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.moments import parse_moment, parse_when

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # Friday 19.00 WIB
BROADCAST_NOW = datetime(2025, 11, 20, 3, 0, tzinfo=UTC)  # Thursday 10.00 WIB
WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("typed", "end_of_day", "utc"),
    [
        ("1 Des 2026 08.00", False, datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
        ("01/12/2026 8:00", False, datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
        ("2026-12-01T08:00", False, datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
        ("1 desember 2026, pukul 14.30 WIB", False, datetime(2026, 12, 1, 7, 30, tzinfo=UTC)),
        ("1 Dec 2026 8 pm", False, datetime(2026, 12, 1, 13, 0, tzinfo=UTC)),
        ("1 Desember", False, datetime(2026, 11, 30, 17, 0, tzinfo=UTC)),  # 00.00 WIB
        ("1 Desember", True, datetime(2026, 12, 1, 16, 59, tzinfo=UTC)),  # 23.59 WIB
        ("5 jan", False, datetime(2027, 1, 4, 17, 0, tzinfo=UTC)),  # the next 5 January
        ("sekarang", False, NOW),
    ],
)
def test_readable_moments(typed: str, end_of_day: bool, utc: datetime) -> None:
    assert parse_moment(typed, NOW, end_of_day) == utc


@pytest.mark.parametrize("typed", ["", "next week", "31/2/2026", "1 Des 2026 25.00", "12.30"])
def test_unreadable_moments(typed: str) -> None:
    assert parse_moment(typed, NOW) is None


@pytest.mark.parametrize(
    ("typed", "wib"),
    [
        ("28/11 08.00", datetime(2025, 11, 28, 8, 0)),
        ("besok 08:00", datetime(2025, 11, 21, 8, 0)),
        ("Besok jam 7", datetime(2025, 11, 21, 7, 0)),
        ("lusa pukul 16.30", datetime(2025, 11, 22, 16, 30)),
        ("15.00", datetime(2025, 11, 20, 15, 0)),
        ("09.00", datetime(2025, 11, 21, 9, 0)),  # passed today: tomorrow
        ("1 Des 08.00 WIB", datetime(2025, 12, 1, 8, 0)),
        ("28-11-2025 8:15", datetime(2025, 11, 28, 8, 15)),
        ("5/1 10.00", datetime(2026, 1, 5, 10, 0)),  # a date passed this year: next year
        ("hari ini 09.00", datetime(2025, 11, 20, 9, 0)),  # explicit: past, the caller refuses
        # parts of the day, weekdays, and either order
        ("besok jam 7 malam", datetime(2025, 11, 21, 19, 0)),
        ("besok jam 7 pagi", datetime(2025, 11, 21, 7, 0)),
        ("lusa jam 3 sore", datetime(2025, 11, 22, 15, 0)),
        ("besok jam 1 siang", datetime(2025, 11, 21, 13, 0)),
        ("besok 19.30 malam", datetime(2025, 11, 21, 19, 30)),
        ("Senin, 1 Des 2025 08.00", datetime(2025, 12, 1, 8, 0)),
        ("senin 08.00", datetime(2025, 11, 24, 8, 0)),  # the next Monday
        ("jum'at jam 2 siang", datetime(2025, 11, 21, 14, 0)),
        ("hari Sabtu pukul 09.00", datetime(2025, 11, 22, 9, 0)),
        ("08.00 besok", datetime(2025, 11, 21, 8, 0)),
        ("Dec 1 8 pm", datetime(2025, 12, 1, 20, 0)),
    ],
)
def test_times_as_people_type_them(typed: str, wib: datetime) -> None:
    found = parse_when(typed, BROADCAST_NOW, WIB)
    assert found is not None and found.astimezone(WIB).replace(tzinfo=None) == wib


@pytest.mark.parametrize("typed", ["kapan-kapan", "25.00", "31/2 08.00", "besok", "08.75"])
def test_unreadable_times(typed: str) -> None:
    assert parse_when(typed, BROADCAST_NOW, WIB) is None


def test_one_grammar_for_rounds_and_broadcasts() -> None:
    """What a coordinator learnt typing a broadcast time also opens a round, and back."""
    opens = parse_moment("besok 08.00", NOW)
    assert opens == datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Saturday 08.00 WIB
    sends = parse_when("1 Desember 2025, pukul 14.30 WIB", BROADCAST_NOW, WIB)
    assert sends == datetime(2025, 12, 1, 7, 30, tzinfo=UTC)
    assert parse_moment("12.12", NOW) == datetime(2026, 12, 11, 17, 0, tzinfo=UTC)  # a date
    assert parse_when("12.12", BROADCAST_NOW, WIB) == datetime(2025, 11, 20, 5, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "typed",
    ["besok jam 2 malam", "besok jam 13 pagi", "jam 12 malam", "Selasa, 1 Des 2025 08.00"],
)
def test_a_contradiction_is_refused_not_guessed(typed: str) -> None:
    """Not guessed: "jam 2 malam" may be 02.00 or a slip for 20.00; 1 Dec 2025 is a Monday."""
    assert parse_when(typed, BROADCAST_NOW, WIB) is None
