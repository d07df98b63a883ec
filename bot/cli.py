"""The `rembug` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from telegram import Update

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


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_application
    from bot.logs import configure
    from storage.migrate import upgrade

    settings.token()  # fail before touching the database when the token is missing
    configure(settings.log_level)
    upgrade(settings.database_url)
    application = build_application(settings)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _playground(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from bot.playground import serve

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
    from bot.status_cli import add_parser as add_import_status_parser

    add_import_status_parser(commands)
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(title="db commands", required=True, metavar="DB_COMMAND")
    upgrade = db_commands.add_parser("upgrade", help="apply pending database migrations")
    upgrade.set_defaults(action=_db_upgrade)
    return parser


if __name__ == "__main__":
    sys.exit(main())
