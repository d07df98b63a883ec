"""A kecamatan's cast for mandate tests: an admin, a coordinator of Setu, representatives in
Setu and Cibitung, a resident; the notices' sender started as `rembug run` starts it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bot.app import RembugApp
from bot.participants.notices import Notices
from emulator import BotApiEmulator

from .journey import Profile, Resident, register, resident
from .staff import appoint, deps_of, running

ADMIN, COORDINATOR, DEWI, JOKO, SARI = 7_520_001, 7_520_002, 7_520_003, 7_520_004, 7_520_005
DEWI_GROUP, JOKO_GROUP = "PKK RW 05 Cogreg", "Kelompok Tani Makmur"


@dataclass
class Cast:
    admin: Resident
    coordinator: Resident  # of Setu
    dewi: Resident  # represents PKK RW 05 in Setu (40 people); her bot speaks Indonesian
    joko: Resident  # represents a farmers' group in Cibitung (200 households)
    sari: Resident  # a resident of Setu: speaks for herself


@pytest.fixture
async def owed_notices(bot: RembugApp) -> AsyncIterator[Notices]:
    """The notices' sender, running as in `rembug run`."""
    async with running(deps_of(bot).owed_notices) as sender:
        yield sender


async def cast(emulator: BotApiEmulator) -> Cast:
    admin = resident(emulator, ADMIN, first_name="Admin")
    coordinator = resident(emulator, COORDINATOR, first_name="Hendra")
    dewi = resident(emulator, DEWI, "id", "Dewi")
    joko = resident(emulator, JOKO, first_name="Joko")
    sari = resident(emulator, SARI, first_name="Sari")
    await appoint(admin, coordinator, "Setu")
    await register(dewi, Profile(name="Dewi", kecamatan="Setu", role="PKK", group=DEWI_GROUP))
    farmers = Profile(
        name="Joko", kecamatan="Cibitung", role="Farmers' or fishers' group", group=JOKO_GROUP,
        represents="sekitar 200 KK",
    )  # fmt: skip
    await register(joko, farmers)
    await register(sari, Profile(name="Sari", kecamatan="Setu"))
    return Cast(admin, coordinator, dewi, joko, sari)


def told(person: Resident, fragment: str) -> int:
    """How many messages the bot sent this person that contain `fragment`."""
    return sum(fragment in (m.text or "") for m in person.user.bot_messages())
