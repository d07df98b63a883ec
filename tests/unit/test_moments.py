"""Dates and times as admins type them for a round, read as WIB."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.moments import parse_moment

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # 19.00 WIB


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
