"""Moderation: hide and show a proposal (admins, and the coordinator of its kecamatan), set
its status (admins), with an audit trail; the permission matrix of every desk action."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update

from bot.app import RembugApp
from bot.i18n import Translator
from bot.proposals.screens import moderation
from bot.staff.screens import rounds
from bot.stats import screens as stats
from emulator import BotApiEmulator
from storage.models import AuditEntry, Proposal

from .journey import register, resident, submit
from .settings_helpers import settings_with
from .staff import db
from .test_permissions import (
    ADMIN_ID,
    ADMIN_ONLY,
    ANYONE_STAFF,
    ONLY_A,
    PARTICIPANT,
    SETU,
    Action,
    Cast,
    assemble_cast,
    command,
    forged,
    run_matrix,
)

settings = settings_with(ADMIN_ID)


async def _set(cast: Cast, **values: object) -> str:
    async with db(cast.bot) as session:
        await session.execute(update(Proposal).values(**values))
        found = (await session.execute(select(Proposal))).scalar_one()
    return found.reference


def shown_proposal(**values: object):  # type: ignore[no-untyped-def]
    async def prepare(cast: Cast) -> str:
        return await _set(cast, **values)

    return prepare


async def proposal_id(cast: Cast) -> str:
    async with db(cast.bot) as session:
        await session.execute(update(Proposal).values(status="submitted"))
        return str((await session.execute(select(Proposal.id))).scalar_one())


def refusals(reference: str):  # type: ignore[no-untyped-def]
    def texts(t: Translator) -> Iterable[str]:
        yield moderation.not_allowed(t)
        yield moderation.admins_only(t)
        yield moderation.not_found(t, reference)
        yield rounds.not_allowed(t)
        yield stats.not_allowed(t)
        yield stats.admins_only(t)
        yield stats.unknown_kecamatan(t, SETU)

    return texts


async def test_desk_permission_matrix(emulator: BotApiEmulator, bot: RembugApp) -> None:
    cast = await assemble_cast(emulator, bot)
    reference = await submit(cast.people[PARTICIPANT])  # a proposal in Setu (kecamatan A)
    visible = shown_proposal(hidden_at=None, hidden_reason=None)
    submitted = shown_proposal(status="submitted")
    hidden = shown_proposal(hidden_at=bot.bot_data["deps"].conversation.clock(), hidden_reason="x")
    actions = [
        Action("/usulan of A", command("/usulan {}"), ONLY_A, visible),
        Action("/sembunyikan in A", command("/sembunyikan {} spam"), ONLY_A, visible),
        Action("/tampilkan in A", command("/tampilkan {}"), ONLY_A, hidden),
        Action("hide button", forged("v1:o:h:{}"), ONLY_A, proposal_id),
        Action("status menu button", forged("v1:o:s:{}"), ADMIN_ONLY, proposal_id),
        Action("/status", command("/status {} diterima"), ADMIN_ONLY, submitted),
        Action("status button", forged("v1:o:S:{}:accepted"), ADMIN_ONLY, proposal_id),
        Action("/statistik", command("/statistik"), ANYONE_STAFF),
        Action("statistics of A", forged(f"v1:t:k:{SETU}"), ONLY_A),
        Action("/target", command("/target Setu 50"), ADMIN_ONLY),
        Action("new round", forged("v1:r:n"), ADMIN_ONLY),
        Action("close the open round", forged("v1:r:C:1"), ADMIN_ONLY),
    ]  # fmt: skip
    failures = await run_matrix(cast, bot, actions, refusals(reference))
    assert not failures, "\n".join(failures)


async def test_hide_and_show_again_are_audited(emulator: BotApiEmulator, bot: RembugApp) -> None:
    admin, sari = resident(emulator, ADMIN_ID, first_name="Admin"), resident(emulator, 7501)
    await register(sari)
    reference = await submit(sari)

    await admin.send(f"/usulan {reference}")
    asked = await admin.tap("🙈 Hide")
    assert admin.says("Hiding proposal <b>{reference}</b>. /batal stops.", reference=reference) in (
        asked.messages[0].text or ""
    )
    done = await admin.send("Contains a phone number")
    assert done.text == admin.says(
        "🙈 <b>{reference}</b> is hidden: it stays out of exports and statistics. "
        "/tampilkan {reference} shows it again.",
        reference=reference,
    )
    card = await admin.send(f"/usulan {reference}")
    assert "Contains a phone number" in card.text
    assert admin.t("👁 Show again") in card.messages[-1].button_texts()
    shown = await admin.tap("👁 Show again")
    assert shown.text == admin.says("👁 <b>{reference}</b> is shown again.", reference=reference)

    async with db(bot) as session:
        proposal = (await session.execute(select(Proposal))).scalar_one()
        assert proposal.hidden_at is None
        audit = (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        trail = [(a.action, a.details.get("reason")) for a in audit if a.subject == reference]
    assert trail[-2:] == [
        ("proposal.hidden", "Contains a phone number"),
        ("proposal.unhidden", None),
    ]
