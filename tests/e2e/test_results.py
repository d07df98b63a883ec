"""Results back to every kecamatan (bot/results): /hasil, the feedback and its sentence, the
whole order paged, the group post and who may make it, /umpan_balik, the letter to everyone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from bot.app import RembugApp
from bot.cli import main
from emulator import BotApiEmulator
from storage.models import ConsultationRound, ResultFeedback

from .broadcast_helpers import TARUMAJAYA, eventually, grant, received, started_worker
from .journey import Resident, my_data, resident, texts
from .results_seed import PEOPLE, ROUND_NAME, Seeded, in_hasil, seed_results
from .staff import db, deps_of

pytestmark = pytest.mark.usefixtures("fast_settle")
ADMIN, COORDINATOR = 7900, 7901


def who(emulator: BotApiEmulator, key: str) -> Resident:
    return resident(emulator, PEOPLE[key], "id" if key == "T2" else "en")


async def seeded(bot: RembugApp) -> Seeded:
    return await seed_results(deps_of(bot).database)


async def with_staff(bot: RembugApp) -> Seeded:
    """The seed, a coordinator of Tarumajaya and an admin."""
    found = await seeded(bot)
    database = deps_of(bot).database
    await grant(database, COORDINATOR, "coordinator", TARUMAJAYA)
    await grant(database, ADMIN, "admin", None)
    return found


async def feedback_rows(bot: RembugApp) -> list[tuple[int | None, str, str | None]]:
    async with db(bot) as session:
        rows = (await session.execute(select(ResultFeedback))).scalars().all()
        return [(r.participant_id, r.answer, r.comment) for r in rows]


async def test_each_kecamatan_sees_its_own_results(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seeded(bot)
    t1 = who(emulator, "T1")
    shown = (await t1.send("/hasil")).text
    assert f"Results of {ROUND_NAME}" in shown and "Kecamatan Tarumajaya" in shown
    assert "Took part: 4 people (sent, supported or compared proposals)." in shown
    top = [line.split()[1] for line in shown.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert top == ["TRJ-0004", "TRJ-0002", "TRJ-0001"]  # the hand count; TRJ-0003 is fourth
    assert "Banjir setiap hujan di depan pasar" in shown
    assert "Agency: For next year's programme" in shown
    assert "Quick win chosen for the regency: 1 (BBL-0001 Puskesmas" in shown
    assert "Your proposals: TRJ-0001: Received (+1 more)" in shown
    assert t1.buttons() == ["📋 See all", "Yes", "Partly", "No"]

    b1 = who(emulator, "B1")
    theirs = (await b1.send("/hasil")).text
    assert "Kecamatan Babelan" in theirs and "Took part: 1 person" in theirs
    assert "TRJ-" not in theirs
    assert "not compared yet: by supports, then date" in theirs
    assert "Your proposal: BBL-0001: Received" in theirs
    assert "📋 See all" not in b1.buttons()  # one proposal: nothing more to see


async def test_the_main_menu_leads_to_the_results_once_they_are_out(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seeded(bot)  # the next round collects proposals meanwhile (the migration's Putaran 1)
    t1 = who(emulator, "T1")
    await t1.send("/start")
    lead = t1.t("📊 My kecamatan's results")
    assert t1.buttons()[:2] == [t1.t("📝 Send a proposal"), lead]
    shown = texts(await t1.press(lead))
    assert f"Results of {ROUND_NAME}" in shown and "Kecamatan Tarumajaya" in shown


async def test_see_all_pages_in_place_and_back(emulator: BotApiEmulator, bot: RembugApp) -> None:
    await seeded(bot)
    t1 = who(emulator, "T1")
    await t1.send("/hasil")
    every = await t1.tap("📋 See all")
    assert every.edits and not every.messages
    assert "4. TRJ-0003 Sampah menumpuk di pinggir kali" in every.edits[-1].text
    back = await t1.tap("⬅️ Back to the results")
    assert "Took part: 4 people" in back.edits[-1].text


async def test_feedback_once_per_person_changed_by_a_later_tap_with_a_sentence(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    s = await seeded(bot)
    t2 = who(emulator, "T2")  # speaks Indonesian
    shown = (await t2.send("/hasil")).text
    assert "Apakah hasil ini mewakili suara warga di kecamatan Anda?" in shown
    tapped = await t2.until(await t2.press("Sebagian"), "Ingin menambahkan satu kalimat?")
    assert "✅ Sebagian" in [b.text for m in tapped.edits for row in m.buttons for b in row]
    assert await feedback_rows(bot) == [(s.people["T2"], "partly", None)]
    again = await t2.press("✅ Sebagian")  # the same answer twice: nothing changes
    assert again.callback_answer is not None and "sudah tersimpan" in (
        again.callback_answer.text or ""
    )

    too_long = await t2.send("x" * 301)
    assert "300" in too_long.text
    assert await feedback_rows(bot) == [(s.people["T2"], "partly", None)]
    saved = await t2.send("Usulan RW 07 belum terwakili.")
    assert "kalimat Anda sudah kami simpan" in saved.text
    assert await feedback_rows(bot) == [(s.people["T2"], "partly", "Usulan RW 07 belum terwakili.")]

    changed = await t2.until(await t2.press("Tidak"), "Lewati")
    assert "Ingin menambahkan satu kalimat?" in texts(changed)
    skipped = await t2.press("Lewati ⏭")
    assert "Terima kasih atas jawaban Anda." in texts(skipped)
    assert await feedback_rows(bot) == [(s.people["T2"], "no", "Usulan RW 07 belum terwakili.")]

    data = await my_data(t2)
    assert not isinstance(data, str)
    (answer,) = data.data["results_feedback"]
    assert (answer["answer"], answer["sentence"]) == ("no", "Usulan RW 07 belum terwakili.")
    await t2.send("/hapusdata")
    await t2.tap("Yes, erase")
    assert await feedback_rows(bot) == [(None, "no", None)]  # still counted, leads to nobody


async def test_no_round_in_hasil_yet_says_when(emulator: BotApiEmulator, bot: RembugApp) -> None:
    s = await seeded(bot)
    async with db(bot) as session:
        found = await session.get(ConsultationRound, s.round_id)
        assert found is not None
        found.results_at = found.opens_at.replace(year=2099)
    reply = await who(emulator, "T1").send("/hasil")
    assert "No round has its results yet" in reply.text and "2099" in reply.text


async def test_a_group_post_by_the_coordinator_only_and_without_personal_data(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await with_staff(bot)
    group = emulator.group(-7001, "Warga Tarumajaya")
    coordinator = resident(emulator, COORDINATOR)
    posted = await coordinator.user.send("/hasil", chat=group)
    (message,) = posted.messages
    assert message.chat_id == group.id and not message.buttons
    assert "Kecamatan Tarumajaya" in posted.text and "Took part: 4 people" in posted.text
    assert "Your proposal" not in posted.text and "Warga" not in posted.text
    assert "represent" not in posted.text  # no feedback question in a group

    other = await coordinator.user.send("/hasil Babelan", chat=group)
    assert "Only the coordinator of a kecamatan can post its results here" in other.text

    participant = who(emulator, "T1")
    refused = await participant.user.send("/hasil", chat=group)
    assert "Only the coordinator" in refused.text and "TRJ-" not in refused.text

    admin = resident(emulator, ADMIN)
    asked = await admin.user.send("/hasil", chat=group)
    assert "Which kecamatan?" in asked.text
    babelan = await admin.user.send("/hasil babelan", chat=group)
    assert "Kecamatan Babelan" in babelan.text and "BBL-0001" in babelan.text
    assert participant.user.bot_messages() == []  # nothing in anyone's private chat


async def test_staff_read_the_feedback_per_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await with_staff(bot)
    t1, t3 = who(emulator, "T1"), who(emulator, "T3")
    for person, answer in ((t1, "Yes"), (t3, "No")):
        await person.send("/hasil")
        await person.until(await person.press(answer), "Skip")
    await t3.send("Urutannya tidak sesuai dengan kebutuhan warga.")

    coordinator = resident(emulator, COORDINATOR)
    theirs = (await coordinator.send("/umpan_balik")).text
    assert "Tarumajaya: Yes 1 (50%) · Partly 0 (0%) · No 1 (50%)" in theirs
    assert "“Urutannya tidak sesuai dengan kebutuhan warga.” (No)" in theirs
    assert "Warga T3" not in theirs

    admin = resident(emulator, ADMIN)
    table = await admin.send("/umpan_balik")
    assert "Page 1 of 4" in table.text and "Babelan: no answers yet" in table.text
    assert "Urutannya" not in table.text  # admins read the counts; the sentences are anonymous
    paged = await admin.press("▶️")
    assert "Page 2 of 4" in paged.edits[-1].text

    refused = await t1.send("/umpan_balik")
    assert "for admins and coordinators" in refused.text


async def test_the_letter_reaches_everyone_once_with_their_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    s = await seeded(bot)
    deps = deps_of(bot)
    await grant(deps.database, ADMIN, "admin", None)
    everyone = range(min(PEOPLE.values()), max(PEOPLE.values()) + 1)
    async with db(bot) as session:
        found = await session.get(ConsultationRound, s.round_id)
        assert found is not None
        queued = await deps.results.queue(session, found, ADMIN, in_hasil().opens_at, None, "en")
        assert queued is not None
        again = await deps.results.queue(session, found, ADMIN, in_hasil().opens_at, None, "en")
        assert again is None  # the round's results are queued once
    async with started_worker(bot):
        await eventually(
            lambda: sum(received(emulator, everyone, ROUND_NAME).values()) >= len(PEOPLE),
            30,
            "the results to everyone",
        )
    got = received(emulator, everyone, ROUND_NAME)
    assert {got[i] for i in PEOPLE.values()} == {1}
    for key, telegram_id in PEOPLE.items():
        (letter,) = [
            m for m in emulator.user(telegram_id).bot_messages() if ROUND_NAME in (m.text or "")
        ]
        kecamatan = "Babelan" if key.startswith("B") else "Tarumajaya"
        assert f"Kecamatan {kecamatan}" in (letter.text or ""), key
        assert ("TRJ-0004" in (letter.text or "")) == (kecamatan == "Tarumajaya")
    assert "Usulan Anda: " not in (emulator.user(PEOPLE["T2"]).bot_messages()[-1].text or "")
    assert deps.results.fits == 2  # one fit per kecamatan, not one per recipient


async def test_the_xlsx_export_has_the_feedback_pseudonymously(
    emulator: BotApiEmulator,
    bot: RembugApp,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = await seeded(bot)
    t2 = who(emulator, "T2")
    await t2.send("/hasil")
    await t2.until(await t2.press("Sebagian"), "Lewati")
    await t2.send("=Usulan RW 07 belum terwakili.")  # text, never a formula
    monkeypatch.setenv("DATABASE_URL", database_url)
    output = tmp_path / "out.xlsx"
    argv = ["export", "--format", "xlsx", "--output", str(output)]
    assert await asyncio.to_thread(main, argv) == 0
    rows = list(openpyxl.load_workbook(output)["Umpan balik hasil"].values)
    header, *answers = [r for r in rows if any(r)][-2:]
    assert header[:6] == (
        "ID putaran",
        "Kode kecamatan",
        "Kecamatan",
        "Pseudonim",
        "Mewakili suara warga?",
        "Kalimat tambahan",
    )
    (row,) = answers
    assert row[:6] == (
        s.round_id,
        TARUMAJAYA,
        "Tarumajaya",
        f"R-{PEOPLE['T2']}",
        "Sebagian",
        "=Usulan RW 07 belum terwakili.",
    )
    assert "Warga T2" not in str(rows)
