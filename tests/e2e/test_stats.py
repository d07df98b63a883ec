"""/statistik: a one-paragraph summary and three PNG charts, for admins and coordinators."""

from __future__ import annotations

import struct

import pytest

from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator, Reaction

from .journey import register, resident, submit, texts
from .staff import appoint

ADMIN_ID = 7601
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


def pictures(reaction: Reaction) -> list[tuple[str, bytes]]:
    return [(m.caption or "", m.photo) for m in reaction.messages if m.photo is not None]


async def test_statistics_for_the_admin_and_a_coordinator(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin, sari = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7602)
    ayu = resident(emulator, 7603, "en", "Ayu")
    await register(sari)  # in Setu
    await submit(sari)
    target = await admin.send("/target Setu 40")
    assert target.text == admin.says(
        "🎯 Target for {name}: {target} participants.", name="Setu", target="40"
    )

    shown = await admin.send("/statistik", settle=1.0)
    summary = texts(shown)
    assert "Kabupaten Bekasi" in summary
    assert admin.says("({percent}% of the target of {target})", percent="2", target="40") in summary
    assert admin.says(
        "Proposals came from {count} of {total} kecamatan.", count="1", total="23"
    ) in (summary)
    charts = pictures(shown)
    assert [caption for caption, _ in charts] == [
        admin.t("Participants and proposals per kecamatan"),
        admin.t("Proposals per dimension"),
        admin.t("Proposals: kecamatan × dimension"),
    ]
    assert all(png.startswith(PNG) and len(png) > 1000 for _, png in charts)

    await appoint(admin, ayu, "Setu")
    mine = await ayu.send("/statistik", settle=1.0)
    assert "Setu" in texts(mine)
    assert ayu.t("Participants and proposals per desa/kelurahan") in [
        caption for caption, _ in pictures(mine)
    ]
    other = await ayu.send("/statistik Cibitung")
    assert other.text == ayu.says(
        "I don't know the kecamatan “{text}” (or it isn't yours).", text="Cibitung"
    )


def pixels(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk, the first after the signature."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def test_every_chart_fits_a_phone(emulator: BotApiEmulator, bot: RembugApp) -> None:
    """The regency's 23 kecamatan and Pebayuran's 13 desa (the most): at most 1,280 px long."""
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    for command in ("/statistik", "/statistik Pebayuran"):
        charts = pictures(await admin.send(command, settle=1.0))
        assert len(charts) == 3, command
        assert ("Pebayuran" in command) == ("desa/kelurahan" in charts[0][0]), command
        sizes = [pixels(png) for _, png in charts]
        assert all(width == 960 and height <= 1280 for width, height in sizes), (command, sizes)
