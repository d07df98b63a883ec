"""/quickwin: the shortlist per dimension matches a hand count (tests/e2e/shortlist_seed.py);
choosing a quick win tells its author and supporters once each, in their language; others
are refused; the XLSX Quick win sheet shows the same ranking, its formula and the choice."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.app import RembugApp
from bot.export.quick_win_sheet import TABLE_ROW
from bot.i18n import translator
from bot.opd.screens import shortlist as screens
from bot.opd.shortlist import FORMULA_ID
from bot.reference import load_reference
from bot.roles import grant_coordinator, grant_opd, revoke_role
from bot.screens.confirmations import expired
from bot.settings import Settings
from emulator import BotApiEmulator, Reaction
from storage.models import AuditEntry, Notice, Proposal, QuickWin
from storage.queries import responses

from .export_seed import T0
from .journey import Resident, plain, resident
from .shortlist_seed import (
    AUTHOR_IDS,
    SCORES,
    SUPPORTER_IDS,
    TOP_ECONOMY,
    TOP_ENVIRONMENT,
    seed_shortlist,
)
from .staff import db, deps_of, snapshot
from .test_export_bot import document_for

pytestmark = pytest.mark.usefixtures("fast_settle")

ADMIN_ID = 7501
LINE = re.compile(r"^(\d+)\. ([☆★]) (SET-\d{4}) ([\d.,]+) \(")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN_ID})})


def ranking(text: str) -> list[tuple[str, str, str]]:
    """(mark, reference, score) per listed proposal, in the order shown."""
    found = [LINE.match(line) for line in text.splitlines()]
    return [(m.group(2), m.group(3), m.group(4)) for m in found if m]


async def open_dimension(admin: Resident, key: str) -> Reaction:
    shown = await admin.send("/quickwin")
    keys = [d.key for d in load_reference().dimensions]
    for _ in range(keys.index(key)):
        shown = await admin.tap("Next dimension ▶️")
    assert load_reference().dimension(key).name("en") in shown.text  # type: ignore[union-attr]
    return shown


def expected(numbers: list[int], scores: dict[int, int]) -> list[tuple[str, str, str]]:
    return [("☆", f"SET-{n:04d}", str(scores[n])) for n in numbers]


async def test_the_top_ten_per_dimension_match_the_hand_count(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed_shortlist(deps_of(bot).database)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    environment = await open_dimension(admin, "environment")
    assert ranking(environment.text) == expected(TOP_ENVIRONMENT, SCORES)
    # SET-0001: 7 supports (3), A's confirmed 99 people (2), very urgent (2), 3 months (2).
    assert "1. ☆ SET-0001 9 (🤝3👥2⏰2⚡2)" in environment.text
    assert admin.says("Chosen here: <b>{count}</b> quick wins", count=0) in environment.text
    assert (
        admin.t.n("{count} possible quick win has no dimension yet: /klasifikasi.", "", 1, count=1)
        in environment.text
    )
    economy = await open_dimension(admin, "economy")
    assert ranking(economy.text) == expected([n for n, _ in TOP_ECONOMY], dict(TOP_ECONOMY))
    assert "👥2⏰" in economy.text  # C: 25 households, confirmed → 100 people → 2 points
    empty = await open_dimension(admin, "governance")
    assert admin.says("No proposal of this dimension is a possible quick win yet.") in empty.text


async def test_choosing_tells_author_and_supporters_once_each(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    seeded = await seed_shortlist(deps_of(bot).database)
    people = {tid: emulator.user(tid, "Warga") for tid in [*AUTHOR_IDS.values(), *SUPPORTER_IDS]}
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await open_dimension(admin, "environment")
    asked = await admin.press("☆ SET-0002")
    assert "SET-0002" in asked.text and "(4 people)" in asked.text  # B and S1 … S3
    confirmation = asked.edits[-1]
    yes = next(b.callback_data for row in confirmation.buttons for b in row if "Yes" in b.text)
    chosen = await admin.tap("✅ Yes, choose it")
    assert chosen.callback_answer is not None
    assert chosen.callback_answer.text == screens.chosen_alert(admin.t, "SET-0002", 4)
    assert "2. ★ SET-0002 7 " in chosen.text
    assert admin.says("Chosen here: <b>{count}</b> quick win", count=1) in chosen.text

    # A double tap on the used confirmation, and the same update delivered again: nothing.
    again = await admin.user.press_data(yes or "", message_id=confirmation.message_id)
    assert again.callback_answer is not None and again.callback_answer.text == expired(admin.t)
    assert (await emulator.redeliver(chosen.update_id)).events == []

    # The running notice sender tells the four (it was woken by the commit).
    for tid in (AUTHOR_IDS["B"], *SUPPORTER_IDS[:3]):
        await people[tid].wait_event(timeout=10)
    notices = deps_of(bot).owed_notices
    # Unmarked and chosen again: everybody was told already.
    await admin.press("★ SET-0002")
    await admin.tap("✖️ Yes, remove it")
    await admin.press("☆ SET-0002")
    await admin.tap("✅ Yes, choose it")
    assert await notices.send_pending() == 0

    told = {tid: [m.text for m in user.bot_messages()] for tid, user in people.items()}
    b, s1, s2 = AUTHOR_IDS["B"], SUPPORTER_IDS[0], SUPPORTER_IDS[1]
    dimension = load_reference().dimension("environment")
    assert dimension is not None
    mine = "🏆 Good news: your proposal <b>{reference}</b> was chosen as a quick win for "
    mine += "{dimension}. Thank you for taking part!"
    theirs = "🏆 Good news: proposal <b>{reference}</b>, which you support, was chosen as a "
    theirs += "quick win for {dimension}. Thank you for taking part!"
    id_, en = translator("id"), translator("en")
    assert told[b] == [plain(id_(mine, reference="SET-0002", dimension=dimension.name("id")))]
    assert told[s1] == [plain(en(theirs, reference="SET-0002", dimension=dimension.name("en")))]
    assert told[s2] == [plain(id_(theirs, reference="SET-0002", dimension=dimension.name("id")))]
    assert all(not told[tid] for tid in [AUTHOR_IDS["A"], *SUPPORTER_IDS[3:]])
    async with db(bot) as session:
        owed = await session.scalar(
            select(func.count(Notice.id)).where(Notice.sent_at.is_not(None))
        )
        wins = (await session.scalars(select(QuickWin.proposal_id))).all()
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert owed == 4 and wins == [seeded.proposals[2]]
    assert actions.count("quick_win.chosen") == 2 and actions.count("quick_win.removed") == 1


async def test_a_choice_that_fell_off_the_list_can_be_unmarked_not_chosen(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    seeded = await seed_shortlist(deps_of(bot).database)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await open_dimension(admin, "environment")
    await admin.press("☆ SET-0002")
    await admin.tap("✅ Yes, choose it")
    async with db(bot) as session:  # DLH revises its tanggapan: next year's programme
        proposal = await session.get(Proposal, seeded.proposals[2])
        assert proposal is not None
        responses.add(session, proposal, "DLH", "next_year", 1, T0, explanation="APBD 2027")
    page = await open_dimension(admin, "environment")
    assert "SET-0002" not in [r for _, r, _ in ranking(page.text)]
    assert (
        admin.says("★ Chosen, no longer on the list: {references}", references="<b>SET-0002</b>")
        in page.text
    )
    asked = await admin.press("★ SET-0002")
    assert "SET-0002" in asked.text and "Nobody is told." in asked.text
    removed = await admin.tap("✖️ Yes, remove it")
    assert removed.callback_answer is not None
    assert removed.callback_answer.text == screens.removed_alert(admin.t, "SET-0002")
    again = await admin.user.press_data(f"v1:q:a:{seeded.proposals[2]}:5")
    assert again.callback_answer is not None
    assert again.callback_answer.text == screens.not_eligible(admin.t)


async def test_only_admins_see_or_choose(emulator: BotApiEmulator, bot: RembugApp) -> None:
    seeded = await seed_shortlist(deps_of(bot).database)
    participant = resident(emulator, AUTHOR_IDS["B"], "id")
    coordinator = resident(emulator, 7511, "en", "Koordinator")
    opd = resident(emulator, 7512, "id", "Staf DLH")
    revoked = resident(emulator, 7513, "en", "Mantan")
    async with db(bot) as session:
        now = deps_of(bot).conversation.clock()
        await grant_coordinator(session, 7511, "32.16.18", None, now)
        await grant_opd(session, 7512, "DLH", None, now)
        role = await grant_opd(session, 7513, "DLH", None, now)
        await revoke_role(session, role.id, None, now)
    before = await snapshot(bot)
    target = seeded.proposals[1]
    forged = [f"v1:q:a:{target}:0", f"v1:q:y:{target}:c:0123abcd:0", "v1:q:p:1"]
    for person in (participant, coordinator, opd, revoked):
        refusal = person.says("The quick-win shortlist is for admins.")
        assert (await person.send("/quickwin")).text == refusal
        for data in forged:
            tapped = await person.user.press_data(data)
            assert tapped.callback_answer is not None
            assert tapped.callback_answer.text == refusal
    async with db(bot) as session:
        assert await session.scalar(select(func.count()).select_from(QuickWin)) == 0
        assert await session.scalar(select(func.count(Notice.id))) == 0
    assert await snapshot(bot) == before


async def test_the_quick_win_sheet_shows_the_ranking_formula_and_choice(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed_shortlist(deps_of(bot).database)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await open_dimension(admin, "environment")
    await admin.press("☆ SET-0003")
    await admin.tap("✅ Yes, choose it")
    await admin.send("/ekspor")
    await admin.tap("📤 Export")
    sent = (await document_for(admin)).document
    assert sent is not None
    sheet = openpyxl.load_workbook(io.BytesIO(sent.data), read_only=True)["Quick win"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == FORMULA_ID  # the note above the table
    end = next(i for i, r in enumerate(rows) if r[0] == "Quick win yang dipilih")
    table = [r for r in rows[TABLE_ROW + 1 : end] if r[0]]
    environment = [(r[2], r[4]) for r in table if r[0] == "Lingkungan Cerdas"]
    assert environment == [(f"SET-{n:04d}", SCORES[n]) for n in TOP_ENVIRONMENT]
    economy = [(r[2], r[4], r[5], r[7]) for r in table if r[0] == "Ekonomi Cerdas"]
    assert economy == [("SET-0022", 3, 1, 0), ("SET-0021", 2, 0, 2)]
    assert [r[2] for r in table if r[11] == "Ya"] == ["SET-0003"]
    chosen = {r[0]: (r[1], r[2]) for r in rows[end + 2 :] if r[0]}
    assert chosen["Lingkungan Cerdas"] == (1, "SET-0003")
    assert chosen["Ekonomi Cerdas"][0] == 0
