"""/tanggapan_pd, the Tanggapan PD sheet and the OPD reminder, on a seeded data set whose
figures are counted by hand below."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import RembugApp
from bot.i18n import Translator, translator
from bot.opd.indicator import OpdLine
from bot.opd.screens import indicator as screens
from bot.roles import grant_coordinator, grant_opd, revoke_role
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.models import AuditEntry, ConsultationRound, Proposal, Response

from .broadcast_helpers import FakeClock
from .export_seed import SETU, participant, proposal
from .journey import Resident, plain, resident
from .staff import db, deps_of
from .test_export_bot import document_for
from .test_permissions import (
    ADMIN_ID,
    ADMIN_ONLY,
    Action,
    assemble_cast,
    command,
    forged,
    run_matrix,
)
from .test_stats import PNG, pictures

ADMIN, COORDINATOR = 7801, 7802
DINKES_EN, DINKES_ID, DINKES_GONE, DLH_STAFF, DISDIK_STAFF = 7811, 7812, 7813, 7814, 7815
# 10.00 WIB on a working day; quiet hours are 21:00-06:00 WIB.
NOW = dt.datetime(2026, 11, 16, 3, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)

# The hand count. Assigned: open status, not hidden, agency = the OPD; answered: that OPD has a
# tanggapan for it (revisions count once; another OPD's forward does not count).
#   DLH:    5 assigned (submitted ×3, accepted, prioritized), 4 answered -> 80 % (reaches it)
#           + hidden, withdrawn and declined ones, which never count
#   Dinkes: 4 assigned, 1 answered -> 25 %; one came by a forward from Dishub
#   Disdik: 2 assigned, 2 answered (one revised) -> 100 %
#   Dishub and the other 31: nothing assigned; "unknown" belongs to no OPD
# Regency: 2 of the 3 OPD with proposals answered at least 80 % -> 66 %.


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN, ADMIN_ID})})


async def seed(bot: RembugApp) -> None:
    async with db(bot) as session:
        round_ = ConsultationRound(name="Putaran 2026", opens_at=NOW - 60 * DAY)
        author, staff = participant(1), participant(2)
        staff.telegram_user_id, staff.locale = DINKES_EN, "en"
        session.add_all([round_, author, staff])
        await session.flush()
        numbers = iter(range(1, 100))

        def add(agency: str, age: int, **changes: object) -> int:
            number = next(numbers)
            values = {"agency": agency, "photos": [], "submitted_at": NOW - age * DAY}
            values |= {"assigned_at": NOW - age * DAY, **changes}
            item = proposal(number, author.id, round_.id, **values)
            session.add(item)
            return number

        answered: list[tuple[int, str]] = []
        for status in ("submitted", "submitted", "accepted", "prioritized"):
            answered.append((add("DLH", 20, status=status), "DLH"))
        add("DLH", 3)  # unanswered but fresh: no reminder for DLH
        add("DLH", 30, hidden_at=NOW - 2 * DAY)
        add("DLH", 30, status="withdrawn")
        add("DLH", 30, status="declined")
        answered.append((add("Dinkes", 30), "Dinkes"))
        add("Dinkes", 10)  # overdue: Dinkes is reminded of this one
        add("Dinkes", 9, assigned_at=None)  # from before assigned_at: its submission counts
        forwarded = add("Dinkes", 40, assigned_at=NOW - 2 * DAY)  # reached Dinkes 2 days ago
        answered += [(add("Disdik", 15), "Disdik"), (add("Disdik", 15), "Disdik")]
        add("unknown", 30)
        await session.flush()
        ids = await _ids(session)
        for number, opd in [*answered, (answered[-1][0], "Disdik")]:
            session.add(_response(ids[number], opd, "quick_win"))
        session.add(_response(ids[forwarded], "Dishub", "not_ours", forwarded_to="Dinkes"))


def _response(proposal_id: int, opd: str, kind: str, **more: object) -> Response:
    return Response(
        proposal_id=proposal_id,
        opd_code=opd,
        kind=kind,
        responded_at=NOW - DAY,
        explanation=None if kind == "quick_win" else "Bukan urusan kami",
        **more,
    )


async def _ids(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(select(Proposal.reference, Proposal.id))
    return {int(reference.split("-")[1]): pid for reference, pid in rows}


async def staff(bot: RembugApp) -> None:
    async with db(bot) as session:
        await grant_opd(session, DINKES_EN, "Dinkes", ADMIN, NOW)
        await grant_opd(session, DINKES_ID, "Dinkes", ADMIN, NOW)
        gone = await grant_opd(session, DINKES_GONE, "Dinkes", ADMIN, NOW)
        await revoke_role(session, gone.id, ADMIN, NOW)
        await grant_opd(session, DLH_STAFF, "DLH", ADMIN, NOW)
        await grant_opd(session, DISDIK_STAFF, "Disdik", ADMIN, NOW)
        await grant_coordinator(session, COORDINATOR, SETU, ADMIN, NOW)


def row(person: Resident, code: str, answered: int, assigned: int, percent: int) -> str:
    share = person.says("{percent} %", percent=percent)
    return f"{code} {answered}/{assigned} · {share}"


async def test_admins_see_the_table_and_the_chart_and_an_opd_its_own_line(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)
    await staff(bot)
    admin = resident(emulator, ADMIN, first_name="Admin")
    shown = await admin.send("/tanggapan_pd", settle=1.0)
    table = shown.messages[0].text or ""
    assert (
        admin.says(
            "{responsive} of {count} perangkat daerah with proposals answered at least {target} % "
            "of theirs ({percent}).",
            responsive="2",
            count="3",
            target="80",
            percent=admin.says("{percent} %", percent=66),
        )
        in table
    )
    assert admin.says("Answered: {answered} of {assigned} proposals.", answered=7, assigned=11) in (
        table
    )
    lines = table.splitlines()
    first = lines.index(admin.says("<i>Answered/assigned · share, lowest first</i>")) + 1
    assert lines[first : first + 3] == [
        row(admin, "Dinkes", 1, 4, 25),
        row(admin, "DLH", 4, 5, 80),
        row(admin, "Disdik", 2, 2, 100),
    ]
    assert lines[first + 3].endswith("0/0 · –")  # nothing assigned: last, without a share
    assert admin.says("Page {number} of {total}", number=1, total=4) in table
    assert len(table) <= 600
    charts = pictures(shown)
    assert [caption for caption, _ in charts] == [screens.chart_title(admin.t, 80)]
    assert charts[0][1].startswith(PNG)

    paged = await admin.press("▶️")
    assert paged.edits and admin.says("Page {number} of {total}", number=2, total=4) in (
        paged.edits[-1].text or ""
    )

    dinkes = resident(emulator, DINKES_EN, first_name="Dewi")
    own = await dinkes.send("/tanggapan_pd")
    counted = OpdLine("Dinkes", "Dinkes", "Dinas Kesehatan", assigned=4, answered=1)
    assert own.text == plain(screens.own_line(dinkes.t, counted, 80).text), own.text
    assert "(25 %)" in (own.text or "") and "3 proposals wait" in (own.text or "")
    assert "DLH" not in (own.text or "") and len(own.messages) == 1


async def test_others_are_refused_politely_and_forged_pages_too(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)
    await staff(bot)
    refusal = screens.not_allowed(translator("en"))
    for who in (COORDINATOR, DINKES_GONE, 7899):
        person = resident(emulator, who)
        refused = await person.send("/tanggapan_pd")
        assert refused.text == plain(refusal) and not pictures(refused)
        tapped = await person.user.press_data("v1:i:p:1")
        assert tapped.callback_answer is not None and tapped.callback_answer.text == refusal
        assert not tapped.edits and not tapped.messages
    admin = resident(emulator, ADMIN, first_name="Admin")
    await admin.send("/tanggapan_pd", settle=1.0)
    for data in ("v1:i:p:99", "v1:i:p:x", "v1:i:z:1"):
        stale = await admin.user.press_data(data)
        assert stale.callback_answer is not None
        assert stale.callback_answer.text == screens.stale(admin.t)


async def test_every_xlsx_export_has_the_tanggapan_pd_sheet(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)
    admin = resident(emulator, ADMIN, first_name="Admin")
    await admin.send("/ekspor")
    await admin.press("📤 Export")
    document = (await document_for(admin)).document
    assert document is not None
    sheet = openpyxl.load_workbook(io.BytesIO(document.data))["Tanggapan PD"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "opd_code", "opd_name", "assigned", "answered", "waiting", "share_percent",
        "reaches_target",
    )  # fmt: skip
    by_code = {r[0]: r[1:7] for r in rows[2:] if r[0]}
    assert len(by_code) == 35
    assert by_code["DLH"] == ("Dinas Lingkungan Hidup", 5, 4, 1, 80, "Ya")
    assert by_code["Dinkes"] == ("Dinas Kesehatan", 4, 1, 3, 25, "Tidak")
    assert by_code["Disdik"] == ("Dinas Pendidikan", 2, 2, 0, 100, "Ya")
    assert by_code["Dishub"] == ("Dinas Perhubungan", 0, 0, 0, None, "—")
    regency = {r[1]: r[2:4] for r in rows if r[0] is None and r[1]}
    assert regency["Target per PD: persentase usulan ditanggapi (%)"][0] == 80
    assert regency["PD yang punya usulan ditugaskan"][0] == 3
    assert regency["PD yang menanggapi sedikitnya 80 %"][0] == 2
    assert regency["Persentase PD yang mencapai target (%)"][0] == 66
    assert regency["Usulan ditugaskan, sudah ditanggapi"] == (11, 7)


def reminders_to(emulator: BotApiEmulator, user_id: int) -> list[str]:
    return [m.text or "" for m in emulator.user(user_id).bot_messages() if "🔔" in (m.text or "")]


async def test_the_reminder_reaches_the_right_staff_once_a_day_outside_quiet_hours(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)
    await staff(bot)
    people = (DINKES_EN, DINKES_ID, DINKES_GONE, DLH_STAFF, DISDIK_STAFF, COORDINATOR, ADMIN)
    for who in people:
        resident(emulator, who)
    clock = FakeClock(NOW - DAY + dt.timedelta(hours=12))  # 22.00 WIB the day before: quiet
    deps_of(bot).conversation.clock = clock
    reminders = deps_of(bot).opd_reminders
    assert await reminders.check() == 0
    assert all(reminders_to(emulator, who) == [] for who in people)

    clock.move(dt.timedelta(hours=12))  # 10.00 WIB
    emulator.fail("sendMessage", 500, times=2)  # Telegram is down for both Dinkes staff
    assert await reminders.check() == 0
    assert emulator.failures_pending("sendMessage") == 0
    assert await reminders.check() == 1  # the claim was given back: tried again
    clock.move(dt.timedelta(hours=3))  # the same day, later
    assert await reminders.check() == 0
    english = screens.reminder(translator("en"), "Dinas Kesehatan", 2, 7).text
    indonesian = screens.reminder(translator("id"), "Dinas Kesehatan", 2, 7).text
    assert reminders_to(emulator, DINKES_EN) == [plain(english)]
    assert reminders_to(emulator, DINKES_ID) == [plain(indonesian)]  # no participant: id
    for nobody in (DINKES_GONE, DLH_STAFF, DISDIK_STAFF, COORDINATOR, ADMIN):
        assert reminders_to(emulator, nobody) == [], nobody

    clock.move(dt.timedelta(hours=9))  # 22.00 WIB: quiet again
    assert await reminders.check() == 0
    clock.move(dt.timedelta(hours=12))  # the next morning: one more
    assert await reminders.check() == 1
    assert len(reminders_to(emulator, DINKES_EN)) == 2
    assert reminders_to(emulator, DLH_STAFF) == [] and reminders_to(emulator, DISDIK_STAFF) == []
    async with db(bot) as session:
        audited = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "opd.reminded")
        )
        assert [(e.subject, e.details) for e in audited] == [
            ("opd:Dinkes", {"waiting": 2, "staff": 2}),
            ("opd:Dinkes", {"waiting": 2, "staff": 2}),
        ]


INDICATOR_ACTIONS = [
    Action("/tanggapan_pd", command("/tanggapan_pd"), ADMIN_ONLY),
    Action("a page of the indicator", forged("v1:i:p:1"), ADMIN_ONLY),
]


def indicator_refusals(t: Translator) -> Iterable[str]:
    yield screens.not_allowed(t)


async def test_indicator_permission_matrix(emulator: BotApiEmulator, bot: RembugApp) -> None:
    """Participants and coordinators (also removed ones) are refused; OPD staff see their own
    line (above); admins everything."""
    await seed(bot)
    cast = await assemble_cast(emulator, bot)
    failures = await run_matrix(cast, bot, INDICATOR_ACTIONS, indicator_refusals)
    assert not failures, "\n".join(failures)
