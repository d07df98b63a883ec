"""The admins' advance warning that the retention date is near."""

from __future__ import annotations

from datetime import date

from bot.i18n import Translator


def warning(t: Translator, days: int, kept_until: date, erase_on: date) -> str:
    return "\n\n".join(
        [
            t.n(
                "⚠️ <b>Rembug erases all personal data in {count} day</b>",
                "⚠️ <b>Rembug erases all personal data in {count} days</b>",
                days,
            ),
            t(
                "RETENTION_UNTIL is {kept_until}. On {erase_on} the bot erases by itself, as "
                "/hapusdata does, the names and Telegram user IDs of every participant "
                "and staff member, unfinished proposals, and the places and photos of "
                "proposals; coordinator roles end. Proposals stay as anonymous contributions.",
                kept_until=t.date(kept_until),
                erase_on=t.date(erase_on),
            ),
            t(
                "Export what you still need before then (/ekspor). If the consultation goes "
                "on, set a later RETENTION_UNTIL and restart the bot."
            ),
        ]
    )
