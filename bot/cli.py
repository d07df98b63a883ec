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
    from bot.export.commands import add_parsers as add_export_parsers

    add_export_parsers(commands)
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(title="db commands", required=True, metavar="DB_COMMAND")
    upgrade = db_commands.add_parser("upgrade", help="apply pending database migrations")
    upgrade.set_defaults(action=_db_upgrade)
    return parser


if __name__ == "__main__":
    sys.exit(main())
