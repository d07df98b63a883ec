""" "A atau B?": a round in prioritas (its collection closed an hour ago), the invitation with
its button, comparing pairs (one row per answer whatever is tapped twice or redelivered),
another kecamatan's ids refused, one's own proposal stored but not counted, never the same
pair twice, Selesai, the ranking in /statistik against a hand count, the Prioritas sheet,
and who may remind whom."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import itertools

import openpyxl
import pytest
from sqlalchemy import select

from bot import callbacks as cb
from bot.app import RembugApp
from bot.priorities.ranking import Duel, Outcome, rank
from bot.roles import grant_coordinator
from bot.settings import Settings
from emulator import BotApiEmulator, Message
from storage.models import Broadcast, Comparison, ConsultationRound, Participant
from storage.queries.rounds import prioritising_at

from .broadcast_helpers import eventually, started_worker
from .export_seed import CIBITUNG, CIBITUNG_DESA, SETU, T0, participant, proposal
from .journey import Resident, plain, resident, texts
from .staff import db, deps_of
from .test_export_bot import document_for

pytestmark = pytest.mark.usefixtures("fast_settle")

ADMIN_ID, COORDINATOR_ID = 7601, 7602
AUTHOR, VOTER, OTHER_VOTER, OUTSIDER = 1, 11, 12, 3  # export_seed numbers: telegram 900_000 + n
SETU_PROPOSALS = 5  # SET-0001 … SET-0004 by AUTHOR, SET-0005 by VOTER


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # No quiet hours: the invitation goes at once whatever the hour the tests run.
    return settings.model_copy(
        update={
            "admin_ids": frozenset({ADMIN_ID}),
            "quiet_hours_start": "00:00",
            "quiet_hours_end": "00:00",
        }
    )


async def seed(bot: RembugApp) -> dict[str, int]:
    """The round (collection closed an hour ago), Setu's five proposals, Cibitung's one;
    returns reference → proposal id."""
    now = dt.datetime.now(dt.UTC)
    async with db(bot) as session:
        found = ConsultationRound(
            name="Putaran 1 2026", opens_at=T0, closes_at=now - dt.timedelta(hours=1)
        )
        people = {n: participant(n) for n in (AUTHOR, VOTER, OTHER_VOTER)}
        people[OUTSIDER] = participant(OUTSIDER, CIBITUNG, CIBITUNG_DESA)
        session.add_all([found, *people.values()])
        await session.flush()
        author = [AUTHOR] * (SETU_PROPOSALS - 1) + [VOTER]
        items = [proposal(n, people[a].id, found.id) for n, a in enumerate(author, start=1)]
        items.append(
            proposal(
                9,
                people[OUTSIDER].id,
                found.id,
                reference="CBT-0001",
                kecamatan_code=CIBITUNG,
                desa_code=CIBITUNG_DESA,
            )
        )
        session.add_all(items)
        await session.flush()
        await grant_coordinator(session, COORDINATOR_ID, SETU, None, now)
        return {p.reference: p.id for p in items}


def person(emulator: BotApiEmulator, number: int) -> Resident:
    return resident(emulator, 900_000 + number, locale="id", first_name=f"Warga {number}")


async def rows(bot: RembugApp) -> list[Comparison]:
    async with db(bot) as session:
        return list((await session.scalars(select(Comparison).order_by(Comparison.id))).all())


def pair_message(r: Resident) -> Message:
    with_buttons = [m for m in r.user.bot_messages() if m.buttons]
    return max(with_buttons, key=lambda m: m.message_id)


def data_of(message: Message, label: str) -> str:
    found = next(b for row in message.buttons for b in row if b.text == label)
    assert found.callback_data is not None
    return found.callback_data


def shown_pair(message: Message) -> tuple[int, int]:
    decoded = cb.decode(data_of(message, "A"))
    assert decoded is not None and decoded.kind is cb.Kind.PRIORITISE
    a, b = decoded.number(0), decoded.number(1)
    assert a is not None and b is not None
    return a, b


QUESTION = "⚖️ <b>Which is more important for your kecamatan?</b>"


def compared(r: Resident, count: int) -> str:
    return plain(
        r.t.n(
            "<i>You have compared {count} pair.</i>",
            "<i>You have compared {count} pairs.</i>",
            count,
        )
    )


async def test_the_invitation_reaches_the_kecamatan_with_a_button_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)
    voters = [person(emulator, n) for n in (AUTHOR, VOTER, OTHER_VOTER)]
    outsider = person(emulator, OUTSIDER)  # Cibitung has one proposal: nothing to compare
    async with db(bot) as session:
        found = await prioritising_at(session, dt.datetime.now(dt.UTC))
        assert found is not None
        now = dt.datetime.now(dt.UTC)
        invited = await deps_of(bot).priorities.invite(session, found, ADMIN_ID, now, None)
        again = await deps_of(bot).priorities.invite(session, found, ADMIN_ID, now, None)
    assert invited is not None and again is None  # queued once per round
    title = voters[0].says(
        "⚖️ <b>A or B? Help choose the priorities of Kecamatan {name}</b>", name="Setu"
    )
    async with started_worker(bot):
        await eventually(
            lambda: all(
                any(title in (m.text or "") for m in v.user.bot_messages()) for v in voters
            ),
            20,
            "the invitation",
        )
    for voter in voters:
        letters = [m for m in voter.user.bot_messages() if title in (m.text or "")]
        assert len(letters) == 1
        assert letters[0].button_texts() == [voter.t("⚖️ Start comparing")]
    assert outsider.user.bot_messages() == []
    started = await voters[2].tap("⚖️ Start comparing")
    assert voters[2].says(QUESTION) in started.text  # the invitation became the first pair
    assert started.edits and not started.messages


async def test_each_answer_is_one_row_and_no_pair_comes_twice(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    ids = await seed(bot)
    voter = person(emulator, OTHER_VOTER)
    first = await voter.send("/prioritas")
    assert voter.says(QUESTION) in first.text
    assert compared(voter, 0) in first.text
    seen: list[tuple[int, int]] = []
    labels = ["A", "B", "🤝 Equally important", "⏭ Skip"]
    total = SETU_PROPOSALS * (SETU_PROPOSALS - 1) // 2
    for turn in range(total):
        message = pair_message(voter)
        a, b = shown_pair(message)
        assert {a, b} <= {ids[f"SET-{n:04d}"] for n in range(1, SETU_PROPOSALS + 1)}
        seen.append((min(a, b), max(a, b)))
        label = labels[turn % 4]
        await voter.press(label if label in ("A", "B") else voter.t(label))
        assert len(await rows(bot)) == turn + 1
    assert len(set(seen)) == total  # every pair once, never the same twice
    shown = voter.last()
    assert voter.says("🎉 <b>You have compared every pair of your kecamatan's proposals.</b>") in (
        shown.text or ""
    )
    stored = await rows(bot)
    assert [r.outcome for r in stored[2::4]] == ["tie"] * len(stored[2::4])
    assert [r.outcome for r in stored[3::4]] == ["skip"] * len(stored[3::4])
    assert {r.outcome for r in stored[0::4]} | {r.outcome for r in stored[1::4]} <= {
        "first",
        "second",
    }
    assert all(r.counted == (r.outcome != "skip") for r in stored)  # none of theirs


async def test_a_double_tap_an_old_button_and_a_redelivered_tap_make_one_vote(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)
    voter = person(emulator, OTHER_VOTER)
    await voter.send("/prioritas")
    message = pair_message(voter)
    a, b = shown_pair(message)
    old_button = data_of(message, "A")  # the message is edited in place by the tap
    tapped = await voter.press("A")
    assert len(await rows(bot)) == 1
    twice = await voter.user.press_data(old_button, message_id=message.message_id)
    assert twice.callback_answer is not None
    assert twice.callback_answer.text == voter.says("Already recorded. Here is the next pair.")
    await emulator.redeliver(tapped.update_id)
    stored = await rows(bot)
    assert len(stored) == 1
    winner = stored[0].first_id if stored[0].outcome == "first" else stored[0].second_id
    assert winner == a and {stored[0].first_id, stored[0].second_id} == {a, b}


async def test_another_kecamatans_ids_are_refused(emulator: BotApiEmulator, bot: RembugApp) -> None:
    ids = await seed(bot)
    voter = person(emulator, OTHER_VOTER)
    await voter.send("/prioritas")
    refused = voter.says("This pair is not from your kecamatan in the current round.")
    for a, b in [
        (ids["SET-0001"], ids["CBT-0001"]),
        (ids["CBT-0001"], ids["SET-0002"]),
        (ids["SET-0001"], ids["SET-0001"]),
    ]:
        forged = await voter.user.press_data(cb.encode(cb.Kind.PRIORITISE, "a", a, b))
        assert forged.callback_answer is not None and forged.callback_answer.text == refused
    assert await rows(bot) == []
    outsider = person(emulator, OUTSIDER)
    shown = await outsider.send("/prioritas")
    assert shown.text == outsider.says(
        "Your kecamatan has fewer than two proposals in this round, so there is nothing "
        "to compare. Thank you for taking part!"
    )
    forged = await outsider.user.press_data(
        cb.encode(cb.Kind.PRIORITISE, "b", ids["SET-0001"], ids["SET-0002"])
    )
    assert await rows(bot) == []  # refused: the same polite answer stays, nothing stored
    assert not forged.messages and outsider.last().text == shown.text


async def test_a_vote_on_ones_own_proposal_is_stored_not_counted_and_done_thanks(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    ids = await seed(bot)
    voter = person(emulator, VOTER)  # wrote SET-0005
    await voter.send("/prioritas")
    own = (ids["SET-0005"], ids["SET-0001"])
    await voter.user.press_data(cb.encode(cb.Kind.PRIORITISE, "a", *own))
    other = (ids["SET-0002"], ids["SET-0003"])
    await voter.user.press_data(cb.encode(cb.Kind.PRIORITISE, "b", *other))
    stored = await rows(bot)
    assert [(r.counted, r.outcome) for r in stored] == [(False, "second"), (True, "second")]
    done = await voter.press(voter.t("✅ Done"))
    assert voter.says("🙏 <b>Thank you!</b>") in done.text
    saved = voter.t.n(
        "Your answers are saved: {count} pair compared.",
        "Your answers are saved: {count} pairs compared.",
        2,
    )
    assert plain(saved) in done.text
    assert voter.says("We will send you your kecamatan's results when the round ends.") in (
        done.text
    )
    assert not done.messages[-1:] or not done.messages[-1].buttons


# --- the ranking ---------------------------------------------------------------------------

# Hand count: each pair of SET-0001 … SET-0004 answered by two residents, the smaller number
# always preferred: 1 wins 6 of 6, 2 wins 4, 3 wins 2, 4 none; SET-0005 never compared.
HAND_ORDER = ["SET-0001", "SET-0002", "SET-0003", "SET-0004"]
HAND_WINS = {"SET-0001": 6, "SET-0002": 4, "SET-0003": 2, "SET-0004": 0}


async def seed_answers(bot: RembugApp, ids: dict[str, int]) -> list[Duel]:
    duels = []
    async with db(bot) as session:
        found = await prioritising_at(session, dt.datetime.now(dt.UTC))
        assert found is not None
        voters = [
            (
                await session.scalars(
                    select(Participant.id).where(Participant.telegram_user_id == 900_000 + n)
                )
            ).one()
            for n in (VOTER, OTHER_VOTER)
        ]
        for x, y in itertools.combinations(HAND_ORDER, 2):
            for voter in voters:
                first, second = ids[x], ids[y]
                session.add(
                    Comparison(
                        round_id=found.id,
                        kecamatan_code=SETU,
                        participant_id=voter,
                        first_id=first,
                        second_id=second,
                        outcome="first",
                        counted=True,
                        created_at=found.closes_at,
                    )
                )
                duels.append(Duel(first, second, Outcome.FIRST))
    return duels


async def test_statistik_shows_the_hand_counted_ranking(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    ids = await seed(bot)
    duels = await seed_answers(bot, ids)
    model = rank(sorted(ids.values()), duels)
    coordinator = resident(emulator, COORDINATOR_ID, locale="id", first_name="Koordinator")
    await coordinator.send("/statistik")
    shown = await coordinator.tap("🏆 Residents' priorities (A or B?)")
    text = shown.text
    assert (
        coordinator.says("🏆 <b>Residents' priorities — Kecamatan {name}</b>", name="Setu") in text
    )
    positions = [text.index(reference) for reference in HAND_ORDER]
    assert positions == sorted(positions)  # the hand order
    assert "SET-0005" not in text and "CBT-0001" not in text  # never compared; another kecamatan
    by_id = {v: k for k, v in ids.items()}
    for place, item in enumerate(model[:4], start=1):
        line = coordinator.says(
            "{rank}. {reference} · {count} comparisons, {wins} wins",
            rank=place,
            reference=by_id[item.proposal_id],
            count=6,
            wins=HAND_WINS[by_id[item.proposal_id]],
        )
        thin = " " + coordinator.says("(not enough data yet)") if item.thin else ""
        assert line + thin in text.splitlines(), (line, text)


async def test_the_prioritas_sheet_lists_the_ranking_pseudonymously(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    ids = await seed(bot)
    await seed_answers(bot, ids)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await admin.send("/ekspor")
    await admin.press("📤 Export")
    xlsx = (await document_for(admin)).document
    assert xlsx is not None
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True)
    sheet = [tuple(r) for r in book["Prioritas"].iter_rows(values_only=True)]
    assert sheet[0][:5] == ("round_id", "kecamatan_code", "kecamatan", "rank", "reference")
    body = [r for r in sheet[2:] if r[0] is not None]
    assert [(r[3], r[4], r[8], r[9]) for r in body[:4]] == [
        (n, ref, 6, HAND_WINS[ref]) for n, ref in enumerate(HAND_ORDER, start=1)
    ]
    assert body[4][3] is None and body[4][4] == "SET-0005" and body[4][8] == 0
    flat = repr(sheet)
    assert "Warga" not in flat and "9000" not in flat and "P0001" not in flat  # nobody named


# --- who may remind whom -----------------------------------------------------------------


async def test_reminders_permission_matrix(emulator: BotApiEmulator, bot: RembugApp) -> None:
    await seed(bot)
    refused = (
        "Sorry, reminders to compare are for admins and for the coordinators of that kecamatan."
    )
    participant_ = person(emulator, VOTER)
    assert (await participant_.send("/ingatkan_prioritas")).text == participant_.says(refused)
    coordinator = resident(emulator, COORDINATOR_ID, locale="id", first_name="Koordinator")
    other = await coordinator.send("/ingatkan_prioritas Cibitung")
    assert other.text == coordinator.says(refused)
    offer = await coordinator.send("/ingatkan_prioritas")
    assert "Setu" in offer.text and "3" in offer.text  # three registered in Setu
    sent = await coordinator.tap("📣 Send the reminder")
    assert (
        coordinator.says(
            "The reminder to Kecamatan {name} is being sent. This message shows the progress.",
            name="Setu",
        )
        in sent.text
    )
    async with db(bot) as session:
        letters = list((await session.scalars(select(Broadcast))).all())
    assert [(b.kind, b.kecamatan_code, b.author_telegram_id) for b in letters] == [
        ("prioritise", SETU, COORDINATOR_ID)
    ]
    await coordinator.send("/ingatkan_prioritas")
    again = await coordinator.tap("📣 Send the reminder")
    assert "sekali sehari" in again.text  # once a day per kecamatan
    async with db(bot) as session:
        assert len((await session.scalars(select(Broadcast))).all()) == 1
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    not_a_voter = await admin.send("/prioritas")
    assert not_a_voter.text == admin.says(
        "Comparing proposals is for registered participants. Send /start to register "
        "in your kecamatan first."
    )


async def test_two_reminders_tapped_at_once_send_one(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    """The once-a-day limit holds when an admin and the coordinator tap at the same moment
    (each in their own transaction; on PostgreSQL they run side by side)."""
    await seed(bot)
    coordinator = resident(emulator, COORDINATOR_ID, locale="id", first_name="Koordinator")
    admin = resident(emulator, ADMIN_ID, locale="id", first_name="Admin")
    await coordinator.send("/ingatkan_prioritas")
    await admin.send("/ingatkan_prioritas Setu")
    taps = await asyncio.gather(
        coordinator.tap("📣 Send the reminder"), admin.tap("📣 Send the reminder")
    )
    async with db(bot) as session:
        letters = list((await session.scalars(select(Broadcast))).all())
    assert [(b.kind, b.kecamatan_code) for b in letters] == [("prioritise", SETU)]
    said = sorted("sekali sehari" in tap.text for tap in taps)
    assert said == [False, True]  # one is sent, the other told to wait a day


async def test_the_main_menu_leads_to_the_comparison_while_it_runs(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed(bot)  # the next round collects proposals meanwhile (the migration's Putaran 1)
    voter = person(emulator, OTHER_VOTER)
    await voter.send("/start")
    lead = voter.t("⚖️ A or B? Choose the priorities")
    assert voter.buttons()[:2] == [lead, voter.t("📝 Send a proposal")]
    first = await voter.press(lead)
    assert voter.says(QUESTION) in texts(first)
    assert compared(voter, 0) in texts(first)
