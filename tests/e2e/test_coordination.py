"""Coordinators: invitation links, the coordinator menu, participant links and /rekap.

/rekap numbers: one participant goes through the real journey (register, send a proposal);
the rest are inserted as rows through the storage models, since the test needs withdrawn,
hidden, erased and other-kecamatan cases that would take hundreds of updates to build.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.models import AuditEntry, ConsultationRound, Participant, Proposal, Support

from .journey import Profile, Resident, plain, register, resident, submit
from .staff import active_roles, appoint, db, invitation_link

ADMIN = 7001
SETU = "32.16.18"
CIJENGKOL, BURANGKENG, CILEDUG = "32.16.18.2001", "32.16.18.2003", "32.16.18.2004"
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN})})


def admin_of(emulator: BotApiEmulator) -> Resident:
    return resident(emulator, ADMIN, first_name="Admin")


async def test_invitation_makes_a_coordinator_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = admin_of(emulator)
    asked = await admin.send("/undang_koordinator")
    assert asked.text == admin.says("Which kecamatan will the new coordinator look after?")
    payload = await invitation_link(admin, "Setu")
    note, forwardable = admin.user.bot_messages()[-2:]
    assert "works once, until" in (note.text or "")
    assert "coordinator of Kecamatan Setu" in (forwardable.text or "")
    assert forwardable.buttons[0][0].url == f"https://t.me/rembug_bot?start={payload}"

    budi = resident(emulator, 7002, first_name="Budi")
    accepted = await budi.send(f"/start {payload}")
    assert accepted.text.startswith("✅ Welcome! You are now a coordinator of Kecamatan Setu.")
    assert [r.kecamatan_code for r in await active_roles(bot, 7002)] == [SETU]
    menu = emulator.commands(scope={"type": "chat", "chat_id": 7002})
    assert {"koordinator", "rekap", "usul"} <= {c for c, _ in menu}
    helped = await budi.send("/bantuan")
    assert "/rekap — Progress per desa and dimension" in helped.text
    assert "/undang_koordinator" not in helped.text  # admins only

    sari = resident(emulator, 7003)
    reused = await sari.send(f"/start {payload}")
    assert reused.text == sari.says(
        "This invitation link has already been used. Ask the admin who sent it for a new one."
    )
    assert await active_roles(bot, 7003) == []
    again = await budi.send(f"/start {payload}")
    assert "already a coordinator of Kecamatan Setu" in again.text
    async with db(bot) as session:
        actions = (await session.execute(select(AuditEntry.action))).scalars().all()
    assert {"invitation.created", "role.granted", "invitation.accepted"} <= set(actions)


async def test_participant_link_and_printable_qr(emulator: BotApiEmulator, bot: RembugApp) -> None:
    budi = resident(emulator, 7002, first_name="Budi")
    await appoint(admin_of(emulator), budi, "Setu")
    await budi.send("/koordinator")
    shown = await budi.tap("📣 Invite participants")
    link, poster = shown.messages
    assert "https://t.me/rembug_bot?start=kec_32_16_18" in (link.text or "")
    assert poster.document is not None
    assert poster.document.mime_type == "image/png"
    assert (
        poster.caption == "QR code for Kecamatan Setu: scan it to join the smart city consultation."
    )
    width, height = struct.unpack(">II", poster.document.data[16:24])
    assert width == height >= 1500  # about 15 cm at 300 dpi on an A4 poster


async def _seed(bot: RembugApp) -> None:
    """Rows a journey would take long to build: counted and uncounted proposals."""
    async with db(bot) as session:
        round_id = (await session.execute(select(ConsultationRound.id))).scalars().first()
        assert round_id is not None

        def person(n: int, desa: str, erased: bool = False) -> Participant:
            return Participant(
                pseudonym=f"P-SEED{n:04d}",
                telegram_user_id=None if erased else 80000 + n,
                locale="id",
                consented_at=NOW,
                display_name=None if erased else f"Warga {n}",
                kecamatan_code=desa[:8],
                desa_code=desa,
                registered_at=NOW,
                erased_at=NOW if erased else None,
            )

        people = [
            person(1, BURANGKENG),
            person(2, BURANGKENG),
            person(3, BURANGKENG, True),
            person(4, CILEDUG),
            person(5, "32.16.07.2002"),
        ]
        session.add_all(people)
        await session.flush()

        def proposal(n: int, who: Participant, dimension: str | None, **extra: object) -> Proposal:
            return Proposal(
                reference=f"SEED-{n:04d}",
                participant_id=who.id,
                round_id=round_id,
                kecamatan_code=str(who.kecamatan_code),
                desa_code=str(who.desa_code),
                dimension=dimension,
                sub_element="x" if dimension else None,
                problem="p",
                causes="c",
                solution="s",
                urgency="high",
                time_to_result="3m",
                needs=[],
                agency="DLH",
                beneficiaries="b",
                photos=[],
                status=str(extra.pop("status", "submitted")),
                submitted_at=NOW,
                updated_at=NOW,
                **extra,
            )

        proposals = [
            proposal(1, people[0], "governance"),
            proposal(2, people[1], "governance"),
            proposal(3, people[2], "living"),  # erased author: the proposal still counts
            proposal(4, people[3], "economy", status="withdrawn", withdrawn_at=NOW),
            proposal(5, people[3], "economy", hidden_at=NOW, hidden_reason="spam"),
            proposal(6, people[4], "economy"),  # another kecamatan
            proposal(7, people[0], None),  # sent as "not sure": counted, not in a dimension
        ]
        session.add_all(proposals)
        await session.flush()

        def support(on: Proposal, by: Participant) -> Support:
            return Support(proposal_id=on.id, participant_id=by.id, created_at=NOW)

        session.add_all(
            [
                support(proposals[0], people[1]),
                support(proposals[0], people[3]),
                support(proposals[3], people[0]),  # of a withdrawn proposal: not counted
                support(proposals[4], people[0]),  # of a hidden proposal: not counted
                support(proposals[5], people[0]),  # Cibitung's
            ]
        )


def table_row(text: str, name: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(name))
    return line[len(name) :].split()


async def test_rekap_counts_per_desa_and_dimension(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    sari = resident(emulator, 7020)
    await register(sari, Profile(kecamatan="Setu", desa="Cijengkol"))
    await submit(sari)  # Smart Environment
    await _seed(bot)
    budi = resident(emulator, 7002, first_name="Budi")
    await appoint(admin_of(emulator), budi, "Setu")

    shown = (await budi.send("/rekap")).text
    assert "👥 4 participants" in shown  # Sari + 2 Burangkeng + 1 Ciledug
    assert "✍️ 3 sent a proposal (75 %)" in shown
    # withdrawn, hidden and other kecamatan left out; an unclassified one counts
    assert "📝 5 proposals · 👍 2 supports" in shown
    assert "🏘 2 of 11 desa have a proposal (18 %)" in shown
    # Setu's 11 desa on two pages of 6 and 5; one column a dimension: G B E L S N
    assert table_row(shown, "Desa") == ["Ppl", "Prop", "GBELSN"]
    assert table_row(shown, "Cijengkol") == ["1", "1", "·····1"]
    assert table_row(shown, "Burangkeng") == ["2", "4", "2··1··"]
    assert table_row(shown, "Ciledug") == ["1", "0", "······"]
    # alphabetical: Burangkeng … Kertarahayu on the first page, Lubangbuaya … on the second
    assert "Lubangbuaya" not in shown
    second = await budi.tap("▶️")
    assert table_row(second.text, "Lubangbuaya") == ["0", "0", "······"]
    assert "Cijengkol" not in second.text and "📝 5 proposals" in second.text


async def test_admin_sees_the_regency_and_opens_a_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await _seed(bot)
    admin = admin_of(emulator)
    overview = await admin.send("/rekap")
    assert "Progress — Kabupaten Bekasi" in overview.text
    assert "📝 5 proposals · 👍 3 supports" in overview.text
    # 23 kecamatan on pages of 8, 8 and 7: each page fits a phone screen
    assert table_row(overview.text, "Cibitung") == ["1", "1", "1/7"]
    assert "Setu" not in overview.text and len(plain(overview.text)) <= 600
    assert admin.t("Page {page} of {count}", page=1, count=3) in admin.buttons()
    # alphabetical: Setu ends the second page
    second = await admin.press("▶️")
    assert table_row(second.text, "Setu") == ["3", "4", "1/11"]
    assert "Cibitung" not in second.text
    opened = await admin.press("Setu")
    assert opened.edits and "Progress — Kecamatan Setu" in opened.text
    assert "👍 2 supports" in opened.text
    back = await admin.tap("⬅️ All kecamatan")
    assert "Progress — Kabupaten Bekasi" in back.text and "Setu" in back.text
    last = await admin.press("▶️")
    assert "Setu" not in last.text and "▶️" not in admin.buttons()
