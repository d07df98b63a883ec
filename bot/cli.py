"""The `rembug` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot.settings import Settings, SettingsError, load_settings


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        return int(args.action(settings, args) or 0)
    except SettingsError as error:
        print(f"rembug: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`rembug export … | head`): nothing more to say to it. Python
        # would otherwise complain again when it flushes stdout on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from telegram.error import TelegramError

    from bot.app import build_application
    from bot.serve import collector
    from bot.serve.polling import ANOTHER_POLLER, AnotherPoller, poll
    from bot.transport.preflight import explain
    from storage.migrate import upgrade

    problem = _start_logs_and_check_telegram(settings)  # before touching the database
    if problem is not None:
        return _cannot_start(problem)
    upgrade(settings.database_url)
    try:
        application = build_application(settings)
        collector.tune()
        asyncio.run(poll(application))
    except AnotherPoller:
        return _cannot_start(ANOTHER_POLLER)
    except TelegramError as error:  # the network or the token failed while starting up
        return _cannot_start(explain(error, settings.telegram_api_url))
    return 0


def _start_logs_and_check_telegram(settings: Settings) -> str | None:
    """Logging, told the secrets it must never write; then one getMe. A missing token, no
    network or a rejected token: the one line that says so."""
    import asyncio

    from bot.logs import configure
    from bot.transport.preflight import CannotStart, check_bot_api

    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    configure(settings.log_level, settings.log_format, secrets=(settings.token(), secret))
    try:
        asyncio.run(check_bot_api(settings))
    except CannotStart as error:
        return str(error)
    return None


def _cannot_start(problem: str) -> int:
    print(f"rembug: {problem}", file=sys.stderr)
    return 1


def _webhook(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from telegram.error import TelegramError

    from bot.app import build_application
    from bot.serve import collector
    from bot.serve.webhook import WebhookServer
    from bot.transport.preflight import explain
    from storage.migrate import upgrade

    settings.token()
    settings.webhook()  # the URL and the secret, before touching the database
    if args.host:
        settings = settings.model_copy(update={"host": args.host})
    if args.port:
        settings = settings.model_copy(update={"port": args.port})
    problem = _start_logs_and_check_telegram(settings)
    if problem is not None:
        return _cannot_start(problem)
    upgrade(settings.database_url)
    server = WebhookServer(build_application(settings), settings)
    collector.tune()
    try:
        asyncio.run(server.run(register=args.set_webhook))
    except TelegramError as error:  # the network or the token failed while starting up
        return _cannot_start(explain(error, settings.telegram_api_url))
    return 0


def _db_backup(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from storage.dialect import backup_sqlite, is_sqlite, pg_dump_command

    target = Path(args.file)
    if not is_sqlite(settings.database_url):
        print("rembug: PostgreSQL is backed up with pg_dump (password from PGPASSWORD or")
        print("~/.pgpass); restore with pg_restore. Run:")
        print(pg_dump_command(settings.database_url, target))
        return 0
    if target.exists():
        print(f"rembug: {target} exists; choose a new file name", file=sys.stderr)
        return 1
    try:
        backup_sqlite(settings.database_url, target)
    except FileNotFoundError as error:
        print(f"rembug: no database at {error}: nothing to back up", file=sys.stderr)
        return 1
    print(f"rembug: database copied to {target}")
    return 0


def _playground(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from bot.serve.playground import serve

    try:
        asyncio.run(serve(settings, args.port, args.db))
    except OSError as error:
        print(
            f"rembug: the playground cannot listen on port {args.port}: {error.strerror}. "
            "Try another one with --port.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("rembug: playground stopped")
    return 0


def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    print("rembug: database is up to date")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rembug",
        description="Rembug: the Telegram bot for Kabupaten Bekasi's smart city consultation.",
        epilog="Configuration comes from the environment or a .env file; see .env.example.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="run the bot with long polling (applies pending migrations first)"
    )
    run.set_defaults(action=_run)
    webhook = commands.add_parser(
        "webhook",
        help="run the bot as a web server Telegram posts updates to (WEBHOOK_URL, "
        "WEBHOOK_SECRET); several may share one PostgreSQL database",
    )
    webhook.add_argument("--host", help="listen address (default: HOST, 127.0.0.1)")
    webhook.add_argument("--port", type=int, help="listen port (default: PORT, 8000)")
    webhook.add_argument(
        "--no-set-webhook",
        dest="set_webhook",
        action="store_false",
        help="do not call setWebhook (another worker or the operator registers it)",
    )
    webhook.set_defaults(action=_webhook)
    playground = commands.add_parser(
        "playground",
        help="try the bot in a browser: no token, no network (a local Telegram look-alike)",
    )
    playground.add_argument("--port", type=int, default=8080, help="web page port (8080)")
    playground.add_argument(
        "--db", metavar="FILE", help="SQLite file to keep (default: a temporary one)"
    )
    playground.set_defaults(action=_playground)
    from bot.export.commands import add_parsers as add_export_parsers

    add_export_parsers(commands)
    from bot.proposals.status_cli import add_parser as add_import_status_parser

    add_import_status_parser(commands)
    from bot.participants.retention_cli import add_parser as add_retention_parser

    add_retention_parser(commands)
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(title="db commands", required=True, metavar="DB_COMMAND")
    upgrade = db_commands.add_parser("upgrade", help="apply pending database migrations")
    upgrade.set_defaults(action=_db_upgrade)
    backup = db_commands.add_parser(
        "backup",
        help="copy the SQLite database while the bot runs (PostgreSQL: prints the pg_dump line)",
    )
    backup.add_argument("file", metavar="FILE", help="where to write the copy (must not exist)")
    backup.set_defaults(action=_db_backup)
    from bot.proposals.suggest_cli import add_parser as add_suggest_parser

    add_suggest_parser(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
