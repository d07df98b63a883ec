"""Pure broadcast logic: the markup check, typed times, quiet hours, the pace."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.broadcast.timing import after_quiet_hours, in_quiet_hours, parse_when
from bot.screens.broadcast import bar
from bot.telegram_html import check
from bot.transport.pacing import Pace

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 11, 20, 3, 0, tzinfo=UTC)  # Thursday 10.00 WIB


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("<b>Rapat</b> &amp; <i>kerja bakti</i>", None),
        ('<a href="https://bekasikab.go.id">situs</a>', None),
        ("<b>Rapat", "unclosed_tag"),
        ("Rapat</b>", "unexpected_end"),
        ("<b><i>x</b></i>", "unexpected_end"),
        ("baris<br>baru", "unknown_tag"),
        ("1 < 2", "bare_bracket"),
        ("Tom & Jerry", "bare_ampersand"),
        ("<b>  </b>", "empty"),
        ("a" * 4097, "too_long"),
    ],
)
def test_markup(source: str, problem: str | None) -> None:
    assert check(source).problem == problem


def test_length_is_counted_after_parsing_in_utf16_units() -> None:
    assert check("<b>" + "a" * 4096 + "</b>").problem is None
    assert check("😀" * 2048).problem is None  # two UTF-16 units each: exactly 4096
    assert check("😀" * 2049).problem == "too_long"
    assert check("&lt;b&gt;").visible == "<b>"


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
    ],
)
def test_times_as_people_type_them(typed: str, wib: datetime) -> None:
    found = parse_when(typed, NOW, WIB)
    assert found is not None and found.astimezone(WIB).replace(tzinfo=None) == wib


@pytest.mark.parametrize("typed", ["kapan-kapan", "25.00", "31/2 08.00", "besok", "08.75"])
def test_unreadable_times(typed: str) -> None:
    assert parse_when(typed, NOW, WIB) is None


def test_quiet_hours_across_midnight() -> None:
    start, end = time(21), time(6)
    at = datetime(2025, 11, 20, 15, 30, tzinfo=UTC)  # 22.30 WIB
    assert in_quiet_hours(at, start, end, WIB)
    morning = after_quiet_hours(at, start, end, WIB).astimezone(WIB)
    assert (morning.day, morning.hour, morning.minute) == (21, 6, 0)
    early = datetime(2025, 11, 20, 21, 0, tzinfo=UTC)  # 04.00 WIB on the 21st
    assert after_quiet_hours(early, start, end, WIB).astimezone(WIB).day == 21
    day = datetime(2025, 11, 20, 5, 0, tzinfo=UTC)  # 12.00 WIB
    assert not in_quiet_hours(day, start, end, WIB)
    assert after_quiet_hours(day, start, end, WIB) == day


def test_progress_bar() -> None:
    assert bar(0, 10) == "░░░░░░░░░░ 0%"
    assert bar(5, 10) == "▓▓▓▓▓░░░░░ 50%"
    assert bar(0, 0) == "▓▓▓▓▓▓▓▓▓▓ 100%"


class Ticks:
    """A clock the test moves: the pace never reads the wall clock here."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_pace_grants_rate_tokens_a_second_after_its_burst() -> None:
    ticks = Ticks()
    pace = Pace(rate=10, burst=2, clock=ticks)
    await pace.take()
    await pace.take()
    waiting = asyncio.create_task(pace.take())
    await asyncio.sleep(0.01)
    assert not waiting.done()  # the burst is spent
    ticks.now = 0.1  # one token a tenth of a second
    await asyncio.wait_for(waiting, 1)


async def test_replies_put_the_pace_in_debt_and_a_429_pauses_it() -> None:
    ticks = Ticks()
    pace = Pace(rate=10, burst=1, clock=ticks)
    pace.spend()
    pace.spend()  # two replies: one token of debt
    waiting = asyncio.create_task(pace.take())
    ticks.now = 0.15
    await asyncio.sleep(0.01)
    assert not waiting.done()
    ticks.now = 0.2
    await asyncio.wait_for(waiting, 1)
    ticks.now = 1.0  # the bucket is full again, but Telegram said "retry after 0.5 s"
    pace.pause(0.5)
    paused = asyncio.create_task(pace.take())
    await asyncio.sleep(0.01)
    assert not paused.done() and pace.retry_afters == 1
    ticks.now = 1.6
    await asyncio.wait_for(paused, 2)
