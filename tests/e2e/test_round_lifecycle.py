"""One round through its three phases, end to end: the admin closes the collection in /putaran
and the kecamatan with something to compare are invited; residents compare; the admin publishes
the results and every registered participant gets their own kecamatan's, once. And the same
phases begun by their dates (the PhaseWatcher), announced once however often it looks."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.models import Comparison, ConsultationRound, Delivery, Participant

from .broadcast_helpers import eventually, started_worker
from .export_seed import CIBITUNG, CIBITUNG_DESA, participant, proposal
from .journey import Resident, resident
from .staff import db, deps_of

pytestmark = pytest.mark.usefixtures("fast_settle")
ADMIN_ID = 7701
SETU_PEOPLE, CIBITUNG_PERSON = (1, 2, 3), 4  # export_seed numbers: telegram 900_000 + n
TOOK_PART = "Ikut serta:"
INVITED = "⚖️ <b>A or B? Help choose the priorities of Kecamatan {name}</b>"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_ids": frozenset({ADMIN_ID}),
            "quiet_hours_start": "00:00",  # no quiet hours, whatever hour the tests run
            "quiet_hours_end": "00:00",
        }
    )


async def seed(bot: RembugApp, closes: dt.datetime | None = None) -> int:
    """Setu: three residents and three proposals; Cibitung: one of each, in the open round
    (or, with `closes`, in a round of its own that an admin dated). The round's id."""
    async with db(bot) as session:
        found = (await session.execute(select(ConsultationRound))).scalar_one()
        if closes is not None:
            found.closes_at, found.phases_by = closes, ADMIN_ID
        people = {n: participant(n) for n in SETU_PEOPLE}
        people[CIBITUNG_PERSON] = participant(CIBITUNG_PERSON, CIBITUNG, CIBITUNG_DESA)
        session.add_all(people.values())
        await session.flush()
        items = [proposal(n, people[n].id, found.id) for n in SETU_PEOPLE]
        items.append(
            proposal(
                9,
                people[CIBITUNG_PERSON].id,
                found.id,
                reference="CBT-0001",
                kecamatan_code=CIBITUNG,
                desa_code=CIBITUNG_DESA,
            )
        )
        session.add_all(items)
        return found.id


def person(emulator: BotApiEmulator, number: int) -> Resident:
    """A seeded participant; they chose Indonesian."""
    return resident(emulator, 900_000 + number, locale="id", first_name=f"Warga {number}")


def received(r: Resident, fragment: str) -> int:
    return sum(1 for m in r.user.bot_messages() if fragment in (m.text or ""))


async def letters(bot: RembugApp) -> int:
    async with db(bot) as session:
        return int(await session.scalar(select(func.count()).select_from(Delivery)) or 0)


async def test_a_round_goes_from_collection_to_results(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    setu = [person(emulator, n) for n in SETU_PEOPLE]
    cibitung = person(emulator, CIBITUNG_PERSON)
    invited = setu[0].says(INVITED, name="Setu")
    async with started_worker(bot):
        await admin.send("/putaran")
        await admin.press(admin.t("⏹ Close collection of “{name}”", name="Putaran 1"))
        await admin.tap("⏹ Yes, close it now")
        await eventually(lambda: all(received(r, invited) == 1 for r in setu), 10, "invitations")
        assert not any("A atau B?" in (m.text or "") for m in cibitung.user.bot_messages())

        first = await setu[1].press(setu[1].t("⚖️ Start comparing"))
        assert "A" in [
            b.text for m in first.messages + first.edits for row in m.buttons for b in row
        ]
        await setu[1].press("A")
        await setu[1].press("B")
        async with db(bot) as session:
            votes = await session.scalar(select(func.count()).select_from(Comparison))
        assert votes == 2

        await admin.send("/putaran")
        await admin.press(admin.t("📊 Publish the results of “{name}”", name="Putaran 1"))
        await admin.tap("📊 Yes, publish them")
        everyone = [*setu, cibitung]
        await eventually(
            lambda: all(received(r, TOOK_PART) == 1 for r in everyone), 10, "the results"
        )
    for r in setu:
        results = next(m.text or "" for m in r.user.bot_messages() if TOOK_PART in (m.text or ""))
        assert "Kecamatan Setu" in results and "CBT-0001" not in results
    theirs = next(m.text or "" for m in cibitung.user.bot_messages() if TOOK_PART in (m.text or ""))
    assert "Kecamatan Cibitung" in theirs and "SET-0001" not in theirs
    assert "/hasil" in (await setu[0].send("/putaran")).text


async def test_phases_begun_by_their_dates_are_announced_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    now = dt.datetime.now(dt.UTC)
    round_id = await seed(bot, closes=now - dt.timedelta(minutes=1))
    # Not a participant: told in DEFAULT_LOCALE.
    admin = resident(emulator, ADMIN_ID, locale="id", first_name="Admin")
    setu = [person(emulator, n) for n in SETU_PEOPLE]
    watcher = deps_of(bot).phase_watcher
    async with started_worker(bot):
        assert await watcher.check() == 1
        assert await watcher.check() == 0  # claimed: never twice
        # The admin is told, and that message becomes the invitation's progress.
        progress = admin.says("<b>Invitation to prioritise #{id}</b>", id=1)
        await eventually(lambda: received(admin, progress) >= 1, 10, "the admin's progress")
        invited = setu[0].says(INVITED, name="Setu")
        await eventually(lambda: all(received(r, invited) == 1 for r in setu), 10, "invitations")
        async with db(bot) as session:
            found = await session.get(ConsultationRound, round_id)
            assert found is not None
            found.results_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        assert await watcher.check() == 1
        assert await watcher.check() == 0
        await eventually(lambda: all(received(r, TOOK_PART) == 1 for r in setu), 10, "the results")
    async with db(bot) as session:
        registered = await session.scalar(select(func.count()).select_from(Participant))
    assert await letters(bot) == 2 * int(registered or 0)  # one row per person and letter


async def test_a_phase_delivered_before_its_admin_is_told_is_still_reported(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    """The admin's message becomes the progress only after the commit that queued the letter:
    a small letter can be delivered before it exists. The report comes anyway, once."""
    await seed(bot, closes=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    admin = resident(emulator, ADMIN_ID, locale="id", first_name="Admin")
    setu = [person(emulator, n) for n in SETU_PEOPLE]
    emulator.hang("sendMessage", 4.0)  # the first message sent: the one telling the admin

    def admin_message_held() -> bool:
        return not emulator.state.faults.planned.get("sendmessage") and (
            emulator.failures_pending("sendMessage") == 1
        )

    checking = asyncio.create_task(deps_of(bot).phase_watcher.check())
    await eventually(admin_message_held, 10, "the admin's message on its way")
    async with started_worker(bot):
        invited = setu[0].says(INVITED, name="Setu")
        await eventually(lambda: all(received(r, invited) == 1 for r in setu), 10, "invitations")
        assert not checking.done() and not admin.user.bot_messages()
        assert await checking == 1
        title = admin.says("<b>Invitation to prioritise #{id}</b>", id=1)
        report = admin.says("📬 {title} finished: {total} recipients.", title=title, total="4")
        await eventually(lambda: received(admin, report) == 1, 10, "the report")
        assert received(admin, admin.says("Finished.")) == 1  # the progress, edited to its end
        await asyncio.sleep(0.5)
        assert received(admin, report) == 1
