"""The permission matrix: every staff action × every kind of person.

Five people: a participant, the coordinator of Setu (A), the coordinator of Cibitung (B),
a removed coordinator of Setu, and an admin. For each action, everyone not allowed must get
a clear refusal and leave the watched tables (tests/e2e/staff.py WATCHED) exactly as they
were; everyone allowed must get no refusal.

Adding a feature's actions (broadcasts, rounds, moderation, exports …): write rows of
`Action` — a name, `do(cast, actor)` performing it as that actor (a command, a button found
by label, or forged callback data with `actor.user.press_data(...)`), and the set of actors
allowed (`ANYONE_STAFF`, `ADMIN_ONLY`, `ONLY_A` … or your own). Append them to `ACTIONS`
below, or in your own test module build the cast with `assemble_cast(emulator, bot)` and
call `await run_matrix(cast, bot, your_rows, extra_refusals)` (extra_refusals: a function
giving your feature's refusal texts for a Translator).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.app import RembugApp
from bot.i18n import Translator
from bot.roles import InvitationOutcome, grant_coordinator
from bot.settings import Settings
from bot.staff.screens import appointments, coordination
from emulator import BotApiEmulator, Reaction, parse_html
from storage.queries.roles import active_roles

from .journey import Profile, Resident, register, resident
from .opd_appointing import seed_invitation
from .staff import appoint, db, deps_of, remove, snapshot

ADMIN_ID = 7101
SETU, CIBITUNG = "32.16.18", "32.16.07"

PARTICIPANT, COORD_A, COORD_B, REVOKED, ADMIN = (
    "participant",
    "coordinator A",
    "coordinator B",
    "removed coordinator",
    "admin",
)
ACTORS = (PARTICIPANT, COORD_A, COORD_B, REVOKED, ADMIN)
ANYONE_STAFF = frozenset({COORD_A, COORD_B, ADMIN})
ADMIN_ONLY = frozenset({ADMIN})
ONLY_A = frozenset({COORD_A, ADMIN})  # actions on kecamatan A
NOBODY: frozenset[str] = frozenset()


@dataclass
class Cast:
    people: dict[str, Resident]
    bot: RembugApp
    serial: list[int] = field(default_factory=lambda: [0])

    def next(self) -> int:
        self.serial[0] += 1
        return self.serial[0]


Do = Callable[[Resident, str], Awaitable[Reaction]]
Prepare = Callable[[Cast], Awaitable[str]]


@dataclass(frozen=True)
class Action:
    """`prepare` (optional) runs before the state is recorded; `do` gets what it returned."""

    name: str
    do: Do
    allowed: frozenset[str]
    prepare: Prepare | None = None


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


async def assemble_cast(emulator: BotApiEmulator, bot: RembugApp) -> Cast:
    """The five people, appointed and removed through the admin's own buttons."""
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    people = {
        PARTICIPANT: resident(emulator, 7102),
        COORD_A: resident(emulator, 7103, first_name="Ayu"),
        COORD_B: resident(emulator, 7104, first_name="Bayu"),
        REVOKED: resident(emulator, 7105, first_name="Rudi"),
        ADMIN: admin,
    }
    await register(people[PARTICIPANT], Profile(kecamatan="Setu"))
    await appoint(admin, people[COORD_A], "Setu")
    await appoint(admin, people[COORD_B], "Cibitung")
    await appoint(admin, people[REVOKED], "Setu")
    await remove(admin, "Setu", "user 7105")
    return Cast(people, bot)


# --- refusals --------------------------------------------------------------------------


RefusalTexts = Callable[[Translator], Iterable[str]]


def staff_refusals(t: Translator) -> Iterable[str]:
    yield coordination.not_staff(t)
    yield coordination.admins_only(t)
    yield coordination.not_your_kecamatan(t)
    yield appointments.gone(t)
    yield from (appointments.invitation_refused(t, o) for o in InvitationOutcome)


def shown(reaction: Reaction) -> str:
    if reaction.callback_answer is not None and reaction.callback_answer.text:
        return reaction.callback_answer.text
    return reaction.text


async def stop_background_workers(bot: RembugApp) -> None:
    found = deps_of(bot)
    await found.broadcasting.worker.stop()
    await found.notices.stop()


async def run_matrix(
    cast: Cast,
    bot: RembugApp,
    actions: Iterable[Action],
    extra: RefusalTexts | None = None,
    actors: Iterable[str] = ACTORS,
) -> list[str]:
    """Every action by every actor; returns the failures (empty when the matrix holds)."""
    # The database is compared before and after each action: the background workers must not
    # deliver seeded broadcasts or mark status notices meanwhile.
    await stop_background_workers(bot)
    failures = []
    for action in actions:
        for name in actors:
            actor = cast.people[name]
            refusals = {parse_html(text).text for text in staff_refusals(actor.t)}
            refusals |= {parse_html(text).text for text in (extra(actor.t) if extra else ())}
            prepared = await action.prepare(cast) if action.prepare else ""
            before = await snapshot(bot)
            reaction = await action.do(actor, prepared)
            said = shown(reaction)
            if name in action.allowed:
                if said in refusals:
                    failures.append(f"{action.name} by {name}: refused ({said!r})")
            elif said not in refusals:
                failures.append(f"{action.name} by {name}: not refused ({said!r})")
            elif await snapshot(bot) != before:
                failures.append(f"{action.name} by {name}: refused but changed the database")
            elif reaction.edits:
                failures.append(f"{action.name} by {name}: refused but edited a message")
    return failures


# --- the actions ----------------------------------------------------------------------


def command(text: str) -> Do:
    """A command; "{}" in it is replaced by what the row's `prepare` returned."""

    async def do(actor: Resident, prepared: str) -> Reaction:
        return await actor.send(text.format(prepared))

    return do


def forged(data: str) -> Do:
    """Callback data sent from the actor's last message, whatever buttons it really had."""

    async def do(actor: Resident, prepared: str) -> Reaction:
        return await actor.user.press_data(data.format(prepared))

    return do


async def throwaway_coordinator(cast: Cast) -> str:
    """A fresh coordinator role, so an allowed removal spoils no other row."""
    async with db(cast.bot) as session:
        role = await grant_coordinator(session, 90000 + cast.next(), CIBITUNG, None, _now(cast))
    return str(role.id)


async def coordinator_b_role(cast: Cast) -> str:
    async with db(cast.bot) as session:
        role = (await active_roles(session, cast.people[COORD_B].user.id))[0]
    return str(role.id)


def invitation(state: str, opd: str | None = None) -> Prepare:
    """A fresh invitation for Cibitung (or with `opd` for that perangkat daerah) that is
    pending, used, expired or revoked."""

    async def make(cast: Cast) -> str:
        token = f"tok{state}{cast.next():04d}"
        return await seed_invitation(cast.bot, token, state, _now(cast), by=ADMIN_ID, opd=opd)

    return make


def _now(cast: Cast) -> datetime:
    return deps_of(cast.bot).conversation.clock().astimezone(UTC)


ACTIONS: list[Action] = [
    Action("/koordinator", command("/koordinator"), ANYONE_STAFF),
    Action("/rekap", command("/rekap"), ANYONE_STAFF),
    Action("/undang_koordinator", command("/undang_koordinator"), ADMIN_ONLY),
    Action("/koordinator_list", command("/koordinator_list"), ADMIN_ONLY),
    Action("menu button", forged("v1:k:menu"), ANYONE_STAFF),
    Action("progress of A", forged(f"v1:k:rk:{SETU}:0"), ONLY_A),
    Action("participant link of A", forged(f"v1:k:lnk:{SETU}"), ONLY_A),
    Action("regency progress", forged("v1:k:rr"), ADMIN_ONLY),
    Action("coordinator picker", forged("v1:k:pk:inv:0"), ADMIN_ONLY),
    Action("invite a coordinator of A", forged(f"v1:k:inv:{SETU}"), ADMIN_ONLY),
    Action("coordinator list button", forged("v1:k:cl:0"), ADMIN_ONLY),
    Action("ask to remove coordinator B", forged("v1:k:rv:{}"), ADMIN_ONLY, coordinator_b_role),
    Action("remove a coordinator", forged("v1:k:ry:{}"), ADMIN_ONLY, throwaway_coordinator),
    Action("cancel an invitation", forged("v1:k:xi:{}"), ADMIN_ONLY, invitation("pending")),
    Action("used invitation link", command("/start inv_{}"), NOBODY, invitation("used")),
    Action("expired invitation link", command("/start inv_{}"), NOBODY, invitation("expired")),
    Action("cancelled invitation link", command("/start inv_{}"), NOBODY, invitation("revoked")),
    Action("unknown invitation link", command("/start inv_doesnotexist"), NOBODY),
]


async def test_permission_matrix(emulator: BotApiEmulator, bot: RembugApp) -> None:
    cast = await assemble_cast(emulator, bot)
    failures = await run_matrix(cast, bot, ACTIONS)
    assert not failures, "\n".join(failures)


async def test_removed_coordinator_loses_access_at_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    ayu = resident(emulator, 7103, first_name="Ayu")
    await appoint(admin, ayu, "Setu")
    menu = await ayu.send("/koordinator")
    assert ayu.t("📊 Progress") in menu.messages[-1].button_texts()
    await remove(admin, "Setu", "user 7103")
    # The menu she still has on screen is refused, as is every command.
    tapped = await ayu.tap("📊 Progress")
    assert shown(tapped) == parse_html(coordination.not_staff(ayu.t)).text
    assert not tapped.edits
    assert (await ayu.send("/rekap")).text == parse_html(coordination.not_staff(ayu.t)).text
    assert emulator.commands(scope={"type": "chat", "chat_id": 7103}) == []
