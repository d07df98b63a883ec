"""The permission matrix for broadcasts and reminders (see tests/e2e/test_permissions.py)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.app import RembugApp
from bot.broadcast import screens
from bot.i18n import Translator
from emulator import BotApiEmulator
from storage.models import Broadcast

from .staff import db
from .test_permissions import (
    ADMIN_ID,
    ADMIN_ONLY,
    ANYONE_STAFF,
    COORD_A,
    ONLY_A,
    SETU,
    Action,
    Cast,
    Prepare,
    _now,
    assemble_cast,
    command,
    forged,
    run_matrix,
    settings,  # noqa: F401  (the admin id of the cast)
)


def refusals(t: Translator) -> Iterable[str]:
    yield screens.not_allowed(t)
    yield screens.gone(t)


def broadcast(kecamatan: str | None, status: str, author: str | None = None) -> Prepare:
    """A fresh broadcast of `kecamatan` (None: the whole regency) in `status`."""

    async def make(cast: Cast) -> str:
        now = _now(cast)
        by = cast.people[author].user.id if author else ADMIN_ID
        form = {"kecamatan": kecamatan or "all", "message": "Rapat", "audience": "all"}
        row = Broadcast(
            kind="broadcast",
            author_telegram_id=by,
            kecamatan_code=kecamatan,
            audience={"mode": "all", "locale": "en", "form": {**form, "timing": "now"}},
            text="Rapat",
            with_propose_button=False,
            status=status,
            scheduled_at=now,
            created_at=now,
        )
        async with db(cast.bot) as session:
            session.add(row)
            await session.flush()
            return str(row.id)

    return make


ACTIONS = [
    Action("/siaran", command("/siaran"), ANYONE_STAFF),
    Action("/ingatkan", command("/ingatkan"), ANYONE_STAFF),
    Action("remind A", forged(f"v1:b:rem:{SETU}"), ONLY_A),
    Action("remind the regency", forged("v1:b:rem:all"), ADMIN_ONLY),
    Action("cancel a broadcast of A", forged("v1:b:stop:{}"), ONLY_A, broadcast(SETU, "scheduled")),
    Action(
        "cancel a regency broadcast", forged("v1:b:stop:{}"), ADMIN_ONLY, broadcast(None, "sending")
    ),
    Action(
        "send A's own draft",
        forged("v1:b:go:{}"),
        frozenset({COORD_A}),
        broadcast(SETU, "draft", author=COORD_A),
    ),
    Action(
        "change A's draft",
        forged("v1:b:ed:{}:message"),
        frozenset({COORD_A}),
        broadcast(SETU, "draft", COORD_A),
    ),
    Action(
        "discard the admin's draft",
        forged("v1:b:x:{}"),
        frozenset({"admin"}),
        broadcast(None, "draft"),
    ),
    Action("malformed broadcast button", forged("v1:b:go:abc"), frozenset()),
]


async def test_broadcast_permission_matrix(emulator: BotApiEmulator, bot: RembugApp) -> None:
    cast = await assemble_cast(emulator, bot)
    failures = await run_matrix(cast, bot, ACTIONS, refusals)
    assert not failures, "\n".join(failures)
