"""`rembug export` and `rembug audit-export`: the same files as /ekspor, written on the server."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path

from bot.clock import utc_now
from bot.export.audit_log import audit_to_file
from bot.export.build import Format, Request, export_to_file
from bot.reference import load_reference
from bot.settings import Settings
from storage.db import Database
from storage.files import private_file
from storage.queries import audit
from storage.queries import export as queries
from storage.queries.export import Scope

AUDIT_ACTION = "export.proposals"
AUDIT_LOG_ACTION = "export.audit_log"


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = commands.add_parser(
        "export",
        help="export the proposals (pseudonymous unless --with-identity; audited)",
    )
    export.add_argument("--format", choices=[f.value for f in Format], required=True)
    export.add_argument("--round", type=int, metavar="ID", help="only this consultation round")
    export.add_argument("--kecamatan", metavar="CODE", help="only this kecamatan, e.g. 32.16.18")
    export.add_argument(
        "--with-identity", action="store_true", help="add names, roles and groups (audited)"
    )
    export.add_argument("--include-hidden", action="store_true", help="add hidden proposals")
    export.add_argument(
        "--include-withdrawn", action="store_true", help="add proposals their authors withdrew"
    )
    export.add_argument("--output", type=Path, required=True, metavar="FILE")
    export.set_defaults(action=export_command)
    log = commands.add_parser("audit-export", help="export the audit log as CSV")
    log.add_argument("--output", type=Path, required=True, metavar="FILE")
    log.set_defaults(action=audit_command)


def _operator() -> str:
    """Who ran the command, for the audit log: the server account's login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def export_command(settings: Settings, args: argparse.Namespace) -> int:
    reference = load_reference()
    if args.kecamatan and reference.kecamatan_by_code(args.kecamatan) is None:
        print(f"rembug: unknown kecamatan code {args.kecamatan!r}", file=sys.stderr)
        return 2
    scope = Scope(args.round, args.kecamatan, args.include_hidden, args.include_withdrawn)
    request = Request(Format(args.format), scope, args.with_identity)
    return asyncio.run(_export(settings.database_url, request, args.output))


async def _export(database_url: str, request: Request, output: Path) -> int:
    scope = request.scope
    if scope.round_id is not None and not await _round_exists(database_url, scope.round_id):
        print(f"rembug: no consultation round with id {scope.round_id}", file=sys.stderr)
        return 2
    partial = output.with_name(output.name + ".part")
    private_file(partial)  # names and proposals: readable by the server account only
    now = utc_now()
    result = await export_to_file(database_url, load_reference(), request, partial, now)
    os.replace(partial, output)
    details = _details(request, result.rows)
    await _record(database_url, AUDIT_ACTION, request.format.value, **details)
    print(f"rembug: {result.rows} proposals written to {output} ({result.size:,} bytes)")
    return 0


def _details(request: Request, rows: int) -> dict[str, object]:
    scope = request.scope
    return {
        "via": "cli",
        "by": _operator(),
        "identity": request.identity,
        "round_id": scope.round_id,
        "kecamatan": scope.kecamatan_code,
        "hidden": scope.include_hidden,
        "withdrawn": scope.include_withdrawn,
        "rows": rows,
    }


async def _round_exists(database_url: str, round_id: int) -> bool:
    database = Database(database_url)
    try:
        async with database.sessions() as session:
            return await queries.round_name(session, round_id) is not None
    finally:
        await database.dispose()


async def _record(database_url: str, action: str, subject: str, **details: object) -> None:
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            audit.record(session, utc_now(), action, None, subject, **details)
    finally:
        await database.dispose()


def audit_command(settings: Settings, args: argparse.Namespace) -> int:
    return asyncio.run(_audit(settings.database_url, args.output))


async def _audit(database_url: str, output: Path) -> int:
    partial = output.with_name(output.name + ".part")
    private_file(partial)  # who did what, with Telegram ids
    rows = await audit_to_file(database_url, partial)
    os.replace(partial, output)
    await _record(database_url, AUDIT_LOG_ACTION, "csv", via="cli", by=_operator(), rows=rows)
    print(f"rembug: {rows} audit entries written to {output}")
    return 0
