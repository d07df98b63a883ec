"""`rembug import-status FILE [--dry-run]`: the command line around bot/proposals/status_import.py.

The command line has no running bot: it records the changes with ``notified_at`` empty, and
the running bot's notice worker (bot/proposals/status_notices.py) tells each participant
within a poll.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.clock import utc_now
from bot.proposals.status_import import Plan, SheetError, apply_plan, plan, read_rows
from bot.settings import Settings
from bot.transport.queued import POLL_SECONDS
from storage.db import Database


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "import-status",
        help="set proposal statuses in bulk from a filled-in export (XLSX or CSV)",
        description=(
            "Reads the 'reference' and 'status' columns (and 'status_reason', 'merged_into') "
            "of an exported sheet. Status: a code (accepted, prioritized, merged, declined, "
            "implemented) or its label. Nothing is applied when any row has a problem."
        ),
    )
    parser.add_argument("file", type=Path, help="the .xlsx or .csv file")
    parser.add_argument(
        "--dry-run", action="store_true", help="list what would change; change nothing"
    )
    parser.set_defaults(action=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    try:
        rows = read_rows(args.file)
    except SheetError as error:
        print(f"rembug: {error}", file=sys.stderr)
        return 2
    return asyncio.run(_import(settings.database_url, rows, args.file.name, args.dry_run))


async def _import(database_url: str, rows: list[Any], name: str, dry_run: bool) -> int:
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            planned = await plan(session, rows)
            _report(planned)
            if planned.problems:
                print("Nothing was changed: fix or remove the rows above, then run it again.")
                return 1
            if dry_run:
                print("Dry run: nothing was changed.")
                return 0
            applied = apply_plan(session, planned, f"import:{name}", utc_now())
        print(
            f"Applied {applied} status change(s). The running bot tells each participant "
            f"within {POLL_SECONDS:.0f} seconds."
        )
        return 0
    finally:
        await database.dispose()


def _report(planned: Plan) -> None:
    for change in planned.changes:
        request = change.request
        extra = f" into {request.merged_into}" if request.merged_into else ""
        reason = f" ({request.reason})" if request.reason else ""
        print(f"{request.reference}: {change.before} -> {request.status.value}{extra}{reason}")
    for problem in planned.problems:
        print(f"problem: {problem}")
    print(
        f"{len(planned.changes)} to change, {planned.unchanged} unchanged, "
        f"{len(planned.problems)} problem(s)."
    )
