"""Perangkat daerah (OPD) staff as a role: an admin invites them with a one-time link and a QR
code (/undang_opd), lists and removes them (/opd_list); their menus follow the role.

The permission matrix's OPD dimension for these actions is at the end: a participant, the
coordinators, OPD staff (of this OPD and another) and removed members are refused, with no
effect, whatever callback data they forge.
"""

from __future__ import annotations

import struct

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.broadcast import screens as broadcast_screens
from bot.i18n import Translator
from bot.proposals.screens import classification as classification_screens
from bot.proposals.screens import moderation as moderation_screens
from bot.roles import Role, grant_opd
from bot.settings import Settings
from bot.staff.screens import appointments, coordination
from bot.stats import screens as stats_screens
from emulator import BotApiEmulator, parse_html
from storage.models import AuditEntry

from .journey import Resident, resident, texts
from .opd_appointing import appoint_opd, opd_invitation_link, remove_opd
from .staff import active_roles, db, deps_of
from .test_permissions import (
    ADMIN,
    ADMIN_ONLY,
    ANYONE_STAFF,
    COORD_A,
    NOBODY,
    PARTICIPANT,
    Action,
    Cast,
    assemble_cast,
    command,
    forged,
    invitation,
    run_matrix,
)

ADMIN_ID = 7101  # the matrix's admin (test_permissions.ADMIN_ID), here for every test
DLH, DINKES = "Dinas Lingkungan Hidup", "Dinas Kesehatan"
OPD_MEMBER, OTHER_OPD, REVOKED_OPD = "staff of DLH", "staff of Dinkes", "removed staff of DLH"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


def admin_of(emulator: BotApiEmulator) -> Resident:
    return resident(emulator, ADMIN_ID, first_name="Admin")


def menu_of(emulator: BotApiEmulator, telegram_id: int) -> set[str]:
    return {c for c, _ in emulator.commands(scope={"type": "chat", "chat_id": telegram_id})}


async def opd_of(bot: RembugApp, telegram_id: int) -> list[str | None]:
    return [r.opd_code for r in await active_roles(bot, telegram_id) if r.role == Role.OPD]


async def test_admin_invites_opd_staff_with_a_link_that_works_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = admin_of(emulator)
    asked = await admin.send("/undang_opd")
    assert "Which perangkat daerah will the new staff member serve?" in asked.text
    payload = await opd_invitation_link(admin, DLH)
    note, forwardable, poster = admin.user.bot_messages()[-3:]
    assert "staff member of Dinas Lingkungan Hidup created" in (note.text or "")
    assert "works once, until" in (note.text or "")
    assert "answer for Dinas Lingkungan Hidup" in (forwardable.text or "")
    assert forwardable.buttons[0][0].url == f"https://t.me/rembug_bot?start={payload}"
    assert poster.document is not None and poster.document.mime_type == "image/png"
    width, height = struct.unpack(">II", poster.document.data[16:24])
    assert width == height >= 1500
    assert "QR code of the invitation for Dinas Lingkungan Hidup" in (poster.caption or "")

    nia = resident(emulator, 7202, first_name="Nia")
    accepted = await nia.send(f"/start {payload}")
    assert accepted.text.startswith(
        "✅ Welcome! You are now staff of Dinas Lingkungan Hidup in Rembug. Open /meja"
    )
    assert await opd_of(bot, 7202) == ["DLH"]
    menu = menu_of(emulator, 7202)
    assert {"meja", "tanggapan_pd", "usul", "bantuan"} <= menu
    assert not menu & {"koordinator", "rekap", "undang_opd", "opd_list", "quickwin"}
    helped = texts(await nia.send("/bantuan"))
    assert "/meja — Desk: the proposals for your perangkat daerah" in helped
    assert "/rekap" not in helped and "/undang_opd" not in helped
    # The coordinator's tools are not an OPD's.
    refused = await nia.send("/koordinator")
    assert refused.text == parse_html(coordination.not_staff(nia.t)).text

    reused = await resident(emulator, 7203).send(f"/start {payload}")
    assert reused.text == nia.says(
        "This invitation link has already been used. Ask the admin who sent it for a new one."
    )
    assert await active_roles(bot, 7203) == []
    again = await nia.send(f"/start {payload}")
    assert again.text == nia.says(
        "You are already staff of {name}. Open /meja to see its proposals.", name=DLH
    )
    async with db(bot) as session:
        audited = (await session.execute(select(AuditEntry))).scalars().all()
    assert {(a.action, a.subject) for a in audited} >= {
        ("invitation.created", "opd:DLH"),
        ("role.granted", "opd:DLH"),
        ("invitation.accepted", "opd:DLH"),
    }


async def test_admins_menu_and_help_list_the_opd_commands(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = admin_of(emulator)
    menu = await admin.send("/koordinator")
    assert {"➕ Invite OPD staff", "🏛 OPD staff"} <= set(menu.messages[-1].button_texts())
    listed = await admin.tap("🏛 OPD staff")
    assert listed.edits and "No perangkat daerah staff yet" in listed.text
    helped = texts(await admin.send("/bantuan"))
    for listed_command in ("/undang_opd", "/opd_list", "/tanggapan_pd", "/quickwin", "/mandat"):
        assert listed_command in helped, listed_command
    assert "/meja" not in helped  # admins do not answer in an OPD's name


async def test_a_second_opd_replaces_the_first(emulator: BotApiEmulator, bot: RembugApp) -> None:
    admin = admin_of(emulator)
    nia = resident(emulator, 7202, first_name="Nia")
    await appoint_opd(admin, nia, DLH)
    payload = await opd_invitation_link(admin, DINKES)
    moved = await nia.send(f"/start {payload}")
    assert nia.says("You no longer answer for {name}.", name=DLH) in moved.text
    assert await opd_of(bot, 7202) == ["Dinkes"]
    listed = await admin.send("/opd_list")
    assert "Dinkes: user 7202" in listed.text and "DLH:" not in listed.text


async def test_unused_invitations_are_listed_apart_and_can_be_cancelled(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = admin_of(emulator)
    payload = await opd_invitation_link(admin, DLH)
    listed = await admin.send("/opd_list")
    assert "Invitations not used yet" in listed.text and "DLH: valid until" in listed.text
    coordinators = await admin.send("/koordinator_list")
    assert "DLH" not in coordinators.text and "Invitations not used yet" not in coordinators.text
    await admin.send("/opd_list")
    cancelled = await admin.press(admin.t("🚫 Cancel invitation: {kecamatan}", kecamatan="DLH"))
    assert cancelled.text == admin.says(
        "The invitation for {name} is cancelled; its link no longer works.", name=DLH
    )
    late = await resident(emulator, 7204).send(f"/start {payload}")
    assert late.text == admin.says(
        "This invitation link was cancelled by an admin. Ask them for a new one."
    )
    assert await active_roles(bot, 7204) == []
    async with db(bot) as session:
        actions = (await session.execute(select(AuditEntry.action, AuditEntry.subject))).all()
    assert ("invitation.cancelled", "opd:DLH") in actions


async def test_a_removed_member_loses_the_role_at_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = admin_of(emulator)
    nia = resident(emulator, 7202, first_name="Nia")
    await appoint_opd(admin, nia, DLH)
    await admin.send("/opd_list")
    await admin.press("✖️ DLH: user 7202")
    kept = await admin.tap("No")
    assert "DLH: user 7202" in kept.text and await opd_of(bot, 7202) == ["DLH"]
    await remove_opd(admin, "DLH", DLH, "user 7202")
    assert await opd_of(bot, 7202) == []
    # Roles are read for every update: the very next one no longer serves DLH.
    async with db(bot) as session:
        staff = await deps_of(bot).coordination.staff(session, 7202)
    assert not staff.serves("DLH") and not staff.is_staff
    assert menu_of(emulator, 7202) == set()
    helped = texts(await nia.send("/bantuan"))
    assert "/usul" in helped and "/meja" not in helped


# --- the permission matrix, OPD dimension ------------------------------------------------


def opd_refusals(t: Translator) -> list[str]:
    return [
        appointments.gone(t, Role.OPD),
        broadcast_screens.not_allowed(t),
        stats_screens.not_allowed(t),
        classification_screens.not_allowed(t),
        moderation_screens.not_allowed(t),
    ]


async def member_role(cast: Cast) -> str:
    roles = await active_roles(cast.bot, cast.people[OPD_MEMBER].user.id)
    return str(roles[0].id)


async def throwaway_member(cast: Cast) -> str:
    """A fresh OPD role, so an allowed removal spoils no other row."""
    async with db(cast.bot) as session:
        now = deps_of(cast.bot).conversation.clock()
        role = await grant_opd(session, 95000 + cast.next(), "DLH", None, now)
    return str(role.id)


ACTIONS = [
    Action("/undang_opd", command("/undang_opd"), ADMIN_ONLY),
    Action("/opd_list", command("/opd_list"), ADMIN_ONLY),
    Action("OPD picker button", forged("v1:k:po:1"), ADMIN_ONLY),
    Action("invite staff of DLH", forged("v1:k:io:DLH"), ADMIN_ONLY),
    Action("invite staff of an unknown OPD", forged("v1:k:io:NOPE"), NOBODY),
    Action("OPD staff list button", forged("v1:k:ol:0"), ADMIN_ONLY),
    Action("ask to remove an OPD member", forged("v1:k:ov:{}"), ADMIN_ONLY, member_role),
    Action("remove an OPD member", forged("v1:k:oy:{}"), ADMIN_ONLY, throwaway_member),
    Action("OPD member as a coordinator", forged("v1:k:rv:{}"), NOBODY, member_role),
    Action(
        "cancel an OPD invitation", forged("v1:k:xo:{}"), ADMIN_ONLY, invitation("pending", "DLH")
    ),
    Action(
        "cancel an OPD invitation as a coordinator's",
        forged("v1:k:xi:{}"),
        NOBODY,
        invitation("pending", "DLH"),
    ),
    Action(
        "cancel a coordinator's invitation as an OPD's",
        forged("v1:k:xo:{}"),
        NOBODY,
        invitation("pending"),
    ),
    Action("used OPD link", command("/start inv_{}"), NOBODY, invitation("used", "DLH")),
    Action("expired OPD link", command("/start inv_{}"), NOBODY, invitation("expired", "DLH")),
    Action("cancelled OPD link", command("/start inv_{}"), NOBODY, invitation("revoked", "DLH")),
    # The coordinators' tools are not for OPD staff.
    Action("/koordinator", command("/koordinator"), ANYONE_STAFF),
    Action("/rekap", command("/rekap"), ANYONE_STAFF),
    Action("menu button", forged("v1:k:menu"), ANYONE_STAFF),
    Action("participant link of Setu", forged("v1:k:lnk:32.16.18"), frozenset({COORD_A, ADMIN})),
]


# Only refusals are tried here (the allowed side is in the features' own tests): OPD staff,
# current or removed, do not get the kecamatan tools.
KECAMATAN_TOOLS = [
    Action(name, command(name), NOBODY)
    for name in ("/siaran", "/ingatkan", "/statistik", "/klasifikasi", "/usulan CKU-0001")
]
NOT_COORDINATORS = (PARTICIPANT, OPD_MEMBER, OTHER_OPD, REVOKED_OPD)


async def test_permission_matrix_opd(emulator: BotApiEmulator, bot: RembugApp) -> None:
    cast = await assemble_cast(emulator, bot)
    admin = cast.people[ADMIN]
    cast.people[OPD_MEMBER] = resident(emulator, 7111, first_name="Nia")
    cast.people[OTHER_OPD] = resident(emulator, 7112, first_name="Oki")
    cast.people[REVOKED_OPD] = resident(emulator, 7113, first_name="Rina")
    await appoint_opd(admin, cast.people[OPD_MEMBER], DLH)
    await appoint_opd(admin, cast.people[OTHER_OPD], DINKES)
    await appoint_opd(admin, cast.people[REVOKED_OPD], DLH)
    await remove_opd(admin, "DLH", DLH, "user 7113")
    failures = await run_matrix(cast, bot, ACTIONS, opd_refusals, tuple(cast.people))
    failures += await run_matrix(cast, bot, KECAMATAN_TOOLS, opd_refusals, NOT_COORDINATORS)
    assert not failures, "\n".join(failures)
