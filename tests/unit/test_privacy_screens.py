"""The privacy screens fit one message (≤ 600 characters) in both languages, at their longest."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.i18n import translator
from bot.participants.screens import profile, retention, welcome
from emulator import parse_html

LIMIT = 600
LONGEST = profile.MyData(
    participant=True,
    registered_at=datetime(2026, 12, 31, 9, 0, tzinfo=UTC),
    proposals=12_345,
    status_changes=23_456,
    unfinished=True,
    received=34_567,
    subscribed=False,
    photos=45_678,
    staff_roles=12,
    activity=56_789,
)


def shown(html: str) -> int:
    return len(parse_html(html).text)


@pytest.mark.parametrize("locale", ["id", "en"])
def test_privacy_screens_fit_one_message(locale: str) -> None:
    t = translator(locale)
    texts = [
        welcome.privacy_notice(t, "32.16.18", date(2027, 12, 31)).text,
        welcome.privacy_notice(t, None, None).text,
        profile.confirm_erase(t, "0a1b2c3d").text,
        profile.erased(t, 12_345, True),
        profile.my_data_summary(t, LONGEST),
        retention.warning(t, 30, date(2027, 12, 31), date(2028, 1, 1)),
    ]
    assert [n for n in map(shown, texts) if n > LIMIT] == []


def test_the_notice_names_the_retention_date() -> None:
    t = translator("id")
    notice = parse_html(welcome.privacy_notice(t, None, date(2027, 12, 31)).text).text
    assert "sampai 31 Des 2027. Keesokan harinya bot menghapusnya" in notice
