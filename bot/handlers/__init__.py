"""All handler registrations, in one place and in order."""

from __future__ import annotations

from typing import Protocol

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.handlers import broadcast as broadcasts
from bot.handlers import (
    buttons,
    commands,
    coordination,
    desk,
    errors,
    groups,
    indicator,
    mandates,
    messages,
    moderation,
    priorities,
    results,
    rounds,
    shortlist,
    stats,
)
from bot.handlers import export as export_handlers

# Edits of old messages are not new answers (an edited answer is a correction: EDITED).
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
EDITED = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
GROUPS = filters.ChatType.GROUPS


class Feature(Protocol):
    def register(self, application: Application, private: filters.BaseFilter) -> None: ...  # type: ignore[type-arg]


# Each staff feature's handler module; it exposes register(application, private).
FEATURES: tuple[Feature, ...] = (
    coordination,
    broadcasts,
    export_handlers,
    rounds,
    moderation,
    stats,
    shortlist,
    desk,
    indicator,
    mandates,
    priorities,
    results,
)


def register(application: Application) -> None:  # type: ignore[type-arg]
    # Groups first: there only /start and /bantuan are answered, and nothing is collected.
    application.add_handler(
        CommandHandler(["start", "bantuan", "help"], groups.on_group_start, GROUPS)
    )
    # A coordinator posts the kecamatan's results into a group (no personal data in them).
    results.register_groups(application, GROUPS)
    # Buttons work only in the tapper's private chat: refused here, before any feature's.
    application.add_handler(groups.ButtonOutsidePrivateChat(groups.on_button_outside_private_chat))
    private_commands = {
        "start": commands.on_start,
        "usul": commands.on_propose,
        "usulanku": commands.on_my_proposals,
        "profil": commands.on_profile,
        "batal": commands.on_cancel,
        "bantuan": commands.on_help,
        "help": commands.on_help,
        "bahasa": commands.on_language,
        "language": commands.on_language,
        "datasaya": commands.on_my_data,
        "hapusdata": commands.on_erase,
    }
    for name, callback in private_commands.items():
        application.add_handler(CommandHandler(name, callback, PRIVATE))
    # Staff features register their own commands, and a CallbackQueryHandler whose pattern
    # is their callback kind (e.g. ^v1:b:), before the catch-alls below.
    for feature in FEATURES:
        feature.register(application, PRIVATE)
    # After the known commands: anything else that looks like a command is unknown.
    application.add_handler(MessageHandler(PRIVATE & filters.COMMAND, commands.on_unknown_command))
    application.add_handler(MessageHandler(PRIVATE & ~filters.COMMAND, messages.on_message))
    application.add_handler(MessageHandler(EDITED, messages.on_edited_message))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_error_handler(errors.on_error)
