"""The simulated people of the playground: who they are, their chats and their languages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from emulator.core import BotApiEmulator
from emulator.models import Signal
from emulator.sim import SimUser

LANGUAGES = ("id", "en")
ROLES = ("participant", "coordinator", "opd", "admin", "new")
MAX_NAME = 40

# Told when someone switches a person's language, so the bot's stored preference can follow
# (a registered person's language is kept by the bot, not taken from the Telegram app).
LanguageHook = Callable[[int, str], Awaitable[None]]


@dataclass
class Person:
    user: SimUser
    role: str
    detail: str = ""

    @property
    def id(self) -> int:
        return self.user.id

    def to_json(self) -> dict[str, Any]:
        info = self.user.info
        return {
            "id": info.id,
            "name": info.first_name,
            "role": self.role,
            "detail": self.detail,
            "language": info.language_code or LANGUAGES[0],
        }


class Roster:
    """People in the order the page lists them; `changed` wakes the live feeds."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        first_new_id: int = 900_001,
        on_language: LanguageHook | None = None,
    ) -> None:
        self.emulator = emulator
        self.changed = Signal()
        self._people: dict[int, Person] = {}
        self.next_id = first_new_id
        self._on_language = on_language

    def add(self, user_id: int, name: str, language: str, role: str, detail: str = "") -> Person:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        user = self.emulator.user(user_id, clean_name(name), language_code=check_language(language))
        person = Person(user, role, detail)
        self._people[user_id] = person
        self.changed.notify()
        return person

    def new_person(self, name: str, language: str) -> Person:
        while self.next_id in self._people:
            self.next_id += 1
        user_id, self.next_id = self.next_id, self.next_id + 1
        return self.add(user_id, name, language, "new")

    def get(self, user_id: int) -> Person:
        return self._people[user_id]

    def people(self) -> list[Person]:
        return list(self._people.values())

    async def set_language(self, user_id: int, language: str) -> Person:
        person = self.get(user_id)
        person.user.info.language_code = check_language(language)
        if self._on_language is not None:
            await self._on_language(user_id, language)
        self.changed.notify()
        return person


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    return language


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())[:MAX_NAME]
    if not cleaned:
        raise ValueError("a name is needed")
    return cleaned
