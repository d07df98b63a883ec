"""`rembug retention`: the retention erasure from cron, for when the bot is not running."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime

from bot.participants.retention import Policy, Retention
from bot.settings import Settings
from storage.db import Database
from storage.migrate import upgrade
from storage.queries.erasure import Erased


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    retention = commands.add_parser(
        "retention",
        help="erase all personal data once RETENTION_UNTIL has passed (for cron; the running "
        "bot does it too)",
    )
    retention.set_defaults(action=retention_command)


def retention_command(settings: Settings, args: argparse.Namespace) -> int:
    if settings.retention_until is None:
        print(
            "rembug: RETENTION_UNTIL is not set, so personal data is kept until it is "
            "(see README, Privacy)",
            file=sys.stderr,
        )
        return 2
    policy = Policy(settings.retention_until, settings.timezone)
    now = datetime.now(UTC)
    if not policy.due(now):
        left = policy.days_left(now)
        print(f"rembug: personal data is kept until {policy.kept_until} ({left} days left)")
        return 0
    upgrade(settings.database_url)
    erased = asyncio.run(_erase(settings, policy, now))
    print(f"rembug: RETENTION_UNTIL {policy.kept_until} has passed: {_said(erased)}")
    return 0


async def _erase(settings: Settings, policy: Policy, now: datetime) -> Erased:
    database = Database(settings.database_url)
    try:
        retention = Retention(
            database, policy, settings.admin_ids, settings.default_locale, lambda: now, None
        )
        return await retention.erase(now)
    finally:
        await database.dispose()


def _said(erased: Erased) -> str:
    if not erased.participants:
        return "no personal data was left to erase"
    return (
        f"personal data of {erased.participants} participants erased; "
        f"{erased.proposals_kept} proposals kept, anonymous"
    )
