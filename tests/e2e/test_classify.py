"""Staff classify proposals sent without a dimension ("not sure"): the coordinator of the
proposal's kecamatan or an admin, in the bot, audited; a coordinator of another kecamatan is
refused even with forged button data; a double tap changes (and records) once.

The proposal is inserted as a row: how a resident sends one "not sure" is the proposal
dialogue's business (tests/e2e/test_proposal*.py); this file starts where it ends."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import RembugApp
from emulator import BotApiEmulator
from storage.models import AuditEntry, ConsultationRound, Proposal

from .export_seed import participant, proposal
from .journey import Resident, resident
from .settings_helpers import settings_with
from .staff import appoint, db

ADMIN = 7101
PROBLEM = "Sampah menumpuk di pinggir kali dekat pasar setiap minggu, baunya sampai ke rumah."


settings = settings_with(ADMIN)


async def unclassified_proposal(bot: RembugApp) -> tuple[int, str]:
    """A proposal of Setu sent as "not sure": no dimension, no element, agency unknown."""
    async with db(bot) as session:
        round_id = (await session.execute(select(ConsultationRound.id))).scalars().first()
        assert round_id is not None
        author = participant(1)  # of Setu
        session.add(author)
        await session.flush()
        unclassified = {"dimension": None, "sub_element": None, "agency": "unknown"}
        row = proposal(
            1, author.id, round_id, reference="STU-0001", problem=PROBLEM, **unclassified
        )
        session.add(row)
        await session.flush()
        return row.id, row.reference


async def stored(bot: RembugApp, proposal_id: int) -> tuple[str | None, str | None, str]:
    async with db(bot) as session:
        found = await session.get(Proposal, proposal_id)
        assert found is not None
        return found.dimension, found.sub_element, found.agency


async def trail(bot: RembugApp) -> list[AuditEntry]:
    async with db(bot) as session:
        query = select(AuditEntry).where(AuditEntry.action.like("proposal.%"))
        return list((await session.execute(query.order_by(AuditEntry.id))).scalars())


async def coordinator(
    emulator: BotApiEmulator, user_id: int, name: str, kecamatan: str
) -> Resident:
    """A coordinator of `kecamatan`, appointed by the admin."""
    appointed = resident(emulator, user_id, first_name=name)
    await appoint(resident(emulator, ADMIN, first_name="Admin"), appointed, kecamatan)
    return appointed


async def test_coordinator_classifies_own_proposal_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    budi = await coordinator(emulator, 7102, "Budi", "Setu")
    proposal_id, reference = await unclassified_proposal(bot)

    menu = await budi.send("/koordinator")
    waiting = budi.t("🗂 Not classified yet ({count})", count=1)
    assert waiting in menu.messages[-1].button_texts()
    listed = await budi.press(waiting)
    assert reference in listed.text and "Sampah menumpuk" in listed.text
    card = await budi.press(reference)
    assert budi.says("not classified yet") in card.text and PROBLEM[:40] in card.text
    suggestion = "🏷 " + budi.t("Rubbish and waste")
    assert suggestion in budi.buttons()  # the classifier's first suggestion, one tap

    done = await budi.press(suggestion)
    assert done.edits, "the card changes in place"
    expected = budi.says(
        "✅ Classified as {dimension} → {element}.",
        dimension=budi.t("Rubbish, flooding, clean water, energy"),
        element=budi.t("Rubbish and waste"),
    )
    assert expected in done.text
    assert await stored(bot, proposal_id) == ("environment", "waste", "unknown")

    again = await budi.user.press_data(f"v1:y:c:{proposal_id}:environment:waste")  # double tap
    assert again.callback_answer is not None
    assert again.callback_answer.text == budi.says(
        "{reference} is already classified like that. Nothing was changed.", reference=reference
    )
    entries = await trail(bot)
    assert [(e.action, e.subject) for e in entries] == [("proposal.classified", reference)]
    assert entries[0].details == {
        "by": 7102,
        "old": {"dimension": None, "element": None},
        "new": {"dimension": "environment", "element": "waste"},
    }
    empty = await budi.send("/klasifikasi")
    assert budi.says("Not classified yet (0)") in empty.text


async def test_another_kecamatan_is_refused_even_forged(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    citra = await coordinator(emulator, 7103, "Citra", "Cibitung")
    proposal_id, _ = await unclassified_proposal(bot)

    listed = await citra.send("/klasifikasi")
    assert citra.says("Not classified yet (0)") in listed.text  # Setu's is not hers
    refusal = citra.says(
        "Sorry, only an admin or the coordinator of this proposal's kecamatan can classify it."
    )
    for data in (
        f"v1:y:c:{proposal_id}:environment:waste",
        f"v1:y:v:{proposal_id}",
        f"v1:y:A:{proposal_id}:DLH",
        "v1:y:v:2147483647",  # no such proposal
    ):
        forged = await citra.user.press_data(data)
        assert forged.callback_answer is not None and forged.callback_answer.text == refusal
        assert not forged.messages and not forged.edits
    stranger = resident(emulator, 7104)  # not staff at all
    await stranger.send("/start")
    forged = await stranger.user.press_data(f"v1:y:c:{proposal_id}:environment:waste")
    assert forged.callback_answer is not None and forged.callback_answer.text == refusal
    assert await stored(bot, proposal_id) == (None, None, "unknown")
    assert await trail(bot) == []


async def test_admin_reclassifies_by_hand_and_sets_the_agency(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN, first_name="Admin")
    proposal_id, reference = await unclassified_proposal(bot)
    await admin.send(f"/usulan {reference}")  # from the moderation card
    nonsense = await admin.user.press_data(f"v1:y:c:{proposal_id}:environment:nope")
    assert nonsense.callback_answer is not None and nonsense.callback_answer.text
    assert await stored(bot, proposal_id) == (None, None, "unknown")
    await admin.tap("🗂 Classify")
    await admin.tap("🗂 Another element")
    await admin.press(admin.t("Roads, transport, health, housing"))
    done = await admin.press(admin.t("Health (puskesmas, posyandu)"))
    expected = admin.says(
        "✅ Classified as {dimension} → {element}.",
        dimension=admin.t("Roads, transport, health, housing"),
        element=admin.t("Health (puskesmas, posyandu)"),
    )
    assert expected in done.text
    assert await stored(bot, proposal_id) == ("living", "health", "unknown")

    await admin.tap("🏢 Perangkat daerah")
    chosen = await admin.pick("⭐ Dinas Lingkungan Hidup")  # suggested from the text: first
    assert "Dinas Lingkungan Hidup" in chosen.text
    assert await stored(bot, proposal_id) == ("living", "health", "DLH")
    entries = await trail(bot)
    assert [e.action for e in entries] == ["proposal.classified", "proposal.agency_set"]
    assert entries[1].details == {"by": ADMIN, "old": "unknown", "new": "DLH"}
