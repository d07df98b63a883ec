"""/ekspor's rows of the permission matrix (tests/e2e/test_permissions.py runs them)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from bot.app import RembugApp
from bot.export import screens
from bot.i18n import Translator
from bot.settings import Settings
from emulator import BotApiEmulator

from .test_permissions import (
    ADMIN_ID,
    ADMIN_ONLY,
    ANYONE_STAFF,
    ONLY_A,
    SETU,
    Action,
    assemble_cast,
    command,
    forged,
    run_matrix,
)

EXPORT_ACTIONS = [
    Action("/ekspor", command("/ekspor"), ANYONE_STAFF),
    Action("export card of A", forged(f"v1:e:o:xlsx:0:{SETU}:000"), ONLY_A),
    Action("kecamatan picker of A", forged(f"v1:e:k:xlsx:0:{SETU}:000"), ONLY_A),
    Action("export A pseudonymously", forged(f"v1:e:g:csv:0:{SETU}:000"), ONLY_A),
    Action("export A with names", forged(f"v1:e:g:csv:0:{SETU}:100"), ADMIN_ONLY),
    Action("export A with hidden ones", forged(f"v1:e:g:csv:0:{SETU}:010"), ADMIN_ONLY),
    Action("export the whole regency", forged("v1:e:g:xlsx:0:-:000"), ADMIN_ONLY),
    Action("export the audit log", forged("v1:e:a:csv:0:-:000"), ADMIN_ONLY),
    Action("export A with photos", forged(f"v1:e:g:xlsx:0:{SETU}:0001"), ONLY_A),
    Action("export the regency with photos", forged("v1:e:g:xlsx:0:-:0001"), ADMIN_ONLY),
    Action("export A with names and photos", forged(f"v1:e:g:xlsx:0:{SETU}:1001"), ADMIN_ONLY),
]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


def export_refusals(t: Translator) -> Iterable[str]:
    yield screens.not_allowed(t)


async def test_export_permission_matrix(emulator: BotApiEmulator, bot: RembugApp) -> None:
    cast = await assemble_cast(emulator, bot)
    failures = await run_matrix(cast, bot, EXPORT_ACTIONS, export_refusals)
    assert not failures, "\n".join(failures)
