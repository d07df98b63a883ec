"""Pure broadcast logic: the markup check, quiet hours, the pace (typed times: test_moments)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.broadcast.screens import bar
from bot.broadcast.timing import after_quiet_hours, in_quiet_hours
from bot.telegram_html import check
from bot.transport.pacing import Pace

WIB = ZoneInfo("Asia/Jakarta")


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
