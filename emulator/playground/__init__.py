"""The playground: a web page that looks and behaves like a Telegram chat with the bot.

roster = Roster(emulator)
roster.add(1001, "Siti", "id", "participant")
await emulator.start(port=8080, setup=lambda app: install(app, roster))
"""

from emulator.playground.roster import LANGUAGES, ROLES, LanguageHook, Person, Roster
from emulator.playground.routes import install

__all__ = ["LANGUAGES", "ROLES", "LanguageHook", "Person", "Roster", "install"]
