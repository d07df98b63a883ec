"""Helpers for tests with perangkat daerah (OPD) staff: appoint and remove them the way an admin
does (/undang_opd, /opd_list), and seed invitations in any state."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.app import RembugApp
from storage.models import Invitation

from .journey import Resident, texts
from .staff import INVITATION_LINK, db


async def opd_invitation_link(admin: Resident, agency: str) -> str:
    """/undang_opd → the OPD's name: the payload of the link in the forwardable message."""
    await admin.send("/undang_opd")
    created = await admin.pick(agency)
    # The note, the forwardable message with the link, and its QR code.
    poster = admin.t(
        "QR code of the invitation for {name}: scanning it opens the same one-time link.",
        name=agency,
    )
    shown = texts(await admin.until(created, poster))
    found = INVITATION_LINK.search(shown)
    assert found is not None, shown
    return found.group(1)


async def appoint_opd(admin: Resident, person: Resident, agency: str) -> None:
    payload = await opd_invitation_link(admin, agency)
    accepted = await person.send(f"/start {payload}")
    welcome = "✅ Welcome! You are now staff of {name} in Rembug."
    assert accepted.text.startswith(person.says(welcome, name=agency)), accepted.text


async def remove_opd(admin: Resident, code: str, agency: str, name: str) -> None:
    """/opd_list → ✖️ the member → Yes, remove."""
    await admin.send("/opd_list")
    await admin.press(admin.t("✖️ {kecamatan}: {name}", kecamatan=code, name=name))
    done = await admin.tap("Yes, remove")
    expected = admin.says("{who} is no longer staff of {name}.", who=name, name=agency)
    assert done.text == expected, done.text


async def seed_invitation(
    bot: RembugApp, token: str, state: str, now: datetime, *, by: int, opd: str | None
) -> str:
    """An invitation made by `by` (an OPD's, or with opd=None a coordinator's for Cibitung)
    that is pending, used, expired or revoked."""
    row = Invitation(
        token=token,
        role="opd" if opd else "coordinator",
        kecamatan_code=None if opd else "32.16.07",
        opd_code=opd,
        created_by=by,
        created_at=now - timedelta(days=8),
        expires_at=now + timedelta(days=1),
    )
    if state == "used":
        row.used_at, row.used_by = now - timedelta(days=1), 1
    elif state == "expired":
        row.expires_at = now - timedelta(minutes=1)
    elif state == "revoked":
        row.revoked_at = now - timedelta(hours=1)
    async with db(bot) as session:
        session.add(row)
    return token
