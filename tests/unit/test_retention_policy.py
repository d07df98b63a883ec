"""When the retention erasure and the admins' warnings are due (RETENTION_UNTIL, in WIB)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.participants.retention import Policy

POLICY = Policy(date(2027, 12, 31), "Asia/Jakarta")
MIDNIGHT_WIB = datetime(2027, 12, 31, 17, 0, tzinfo=UTC)  # 1 Jan 2028, 00:00 WIB


def test_kept_through_the_whole_last_day_in_wib() -> None:
    assert POLICY.erase_from == MIDNIGHT_WIB
    assert not POLICY.due(MIDNIGHT_WIB - timedelta(seconds=1))
    assert POLICY.due(MIDNIGHT_WIB)


def test_warnings_30_then_7_days_before() -> None:
    def stage(days_before: float) -> int | None:
        return POLICY.warning(MIDNIGHT_WIB - timedelta(days=days_before))

    assert [stage(d) for d in (45, 30.5, 30, 12, 7.5, 7, 1, 0.01)] == [
        None,
        None,
        30,
        30,
        30,
        7,
        7,
        7,
    ]
    assert POLICY.warning(MIDNIGHT_WIB) is None  # due: erased, not warned
    assert POLICY.days_left(MIDNIGHT_WIB - timedelta(days=6, hours=1)) == 7
