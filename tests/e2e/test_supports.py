"""Similar proposals and supports against a real database (the dialogue that offers them is
tested with the dialogue): never the person's own, never hidden, withdrawn or merged, one
support per person however often it is asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import RembugApp
from bot.proposals.similar import SimilarProposal, SupportOutcome, add_support, similar_proposals
from emulator import BotApiEmulator
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import AuditEntry, ConsultationRound, Participant, Support
from storage.queries import supports

from .export_seed import CIBITUNG, CIBITUNG_DESA, SETU, T0, participant, proposal
from .journey import Export, my_data, resident, texts
from .settings_helpers import settings_with
from .staff import db

PROBLEM = "Sampah menumpuk di pinggir kali Cijengkol dekat jembatan, baunya sampai rumah"
SAME = "sampah numpuk di kali cijengkol dkt jembatan, bau bgt"


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    await upgrade_async(database_url)
    db = Database(database_url)
    try:
        yield db
    finally:
        await db.dispose()


async def seed(database: Database) -> dict[str, int]:
    """Proposals of Setu saying the same thing: the author's own, a visible one, a hidden,
    a withdrawn and a merged one; one of another element, one of Cibitung, one different."""

    async with database.transaction() as session:
        round_ = ConsultationRound(name="Putaran 1", opens_at=T0)
        people = [participant(1), participant(2), participant(3, CIBITUNG, CIBITUNG_DESA)]
        session.add_all([round_, *people])
        await session.flush()
        me, other, far = (p.id for p in people)
        rows = {
            "own": proposal(1, me, round_.id, problem=PROBLEM),
            "visible": proposal(2, other, round_.id, problem=PROBLEM),
            "hidden": proposal(3, other, round_.id, problem=PROBLEM, hidden_at=T0),
            "withdrawn": proposal(
                4, other, round_.id, problem=PROBLEM, status="withdrawn", withdrawn_at=T0
            ),
            "merged": proposal(5, other, round_.id, problem=PROBLEM, status="merged"),
            "element": proposal(6, other, round_.id, problem=PROBLEM, sub_element="protection"),
            "cibitung": proposal(
                7,
                far,
                round_.id,
                problem=PROBLEM,
                kecamatan_code=CIBITUNG,
                desa_code=CIBITUNG_DESA,
                reference="CBT-0007",
            ),
            "different": proposal(8, other, round_.id, problem="Lampu jalan mati di Lubangbuaya"),
        }
        session.add_all(rows.values())
        await session.flush()
        rows["merged"].merged_into_id = rows["visible"].id
        people_ids = {"me": me, "other": other, "far": far, "round": round_.id}
        return people_ids | {k: p.id for k, p in rows.items()}


async def offered(
    session: AsyncSession,
    round_id: int,
    participant_id: int,
    problem: str = SAME,
    sub_element: str | None = "waste",
) -> list[SimilarProposal]:
    """What the proposal dialogue offers a participant of Setu after `problem`."""
    return await similar_proposals(
        session,
        round_id=round_id,
        kecamatan_code=SETU,
        sub_element=sub_element,
        problem=problem,
        participant_id=participant_id,
    )


async def test_only_visible_similar_proposals_of_others_are_offered(database: Database) -> None:
    ids = await seed(database)
    async with database.transaction() as session:
        found = await offered(session, ids["round"], ids["me"])
        assert [s.proposal_id for s in found] == [ids["visible"]]
        assert found[0].reference == "SET-0002"
        assert found[0].supports == 0
        # The author of the visible one sees only the other author's own (their own never).
        theirs = await offered(session, ids["round"], ids["other"])
        assert [s.proposal_id for s in theirs] == [ids["own"]]
        # Without an element: text alone, across elements, still never hidden or own.
        unclassified = await offered(session, ids["round"], ids["me"], PROBLEM, sub_element=None)
        assert {s.proposal_id for s in unclassified} == {ids["visible"], ids["element"]}
        nothing = await offered(session, ids["round"], ids["me"], "Anak putus sekolah karena biaya")
        assert nothing == []


async def test_a_new_round_does_not_offer_the_proposals_of_the_last(database: Database) -> None:
    ids = await seed(database)
    async with database.transaction() as session:
        later = ConsultationRound(name="Putaran 2", opens_at=T0 + dt.timedelta(days=60))
        session.add(later)
        await session.flush()
        assert await offered(session, later.id, ids["me"]) == []  # SET-0002 was discussed
        session.add(proposal(9, ids["other"], later.id, problem=PROBLEM, reference="SET-0009"))
        await session.flush()
        found = await offered(session, later.id, ids["me"])
        assert [s.reference for s in found] == ["SET-0009"]


async def test_a_support_counts_once_and_is_checked_when_it_runs(database: Database) -> None:
    ids = await seed(database)
    now = T0 + dt.timedelta(days=1)

    async def support(
        proposal_key: str, comment: str | None = None, collecting: int | None = ids["round"]
    ) -> SupportOutcome:
        async with database.transaction() as session:
            return await add_support(
                session,
                participant_id=ids["me"],
                proposal_id=ids[proposal_key],
                kecamatan_code=SETU,
                collecting_round_id=collecting,
                comment=comment,
                now=now,
            )

    # The round stopped taking proposals (none does now, or a newer one does): not counted.
    assert await support("visible", collecting=None) == SupportOutcome.CLOSED
    assert await support("visible", collecting=ids["round"] + 1) == SupportOutcome.CLOSED

    assert await support("visible", "  Sama, di RT 02 juga  ") == SupportOutcome.ADDED
    assert await support("visible", "lagi") == SupportOutcome.ALREADY
    assert await support("own") == SupportOutcome.OWN
    for gone in ("hidden", "withdrawn", "merged", "cibitung"):
        assert await support(gone) == SupportOutcome.GONE, gone
    ids["missing"] = 999_999
    assert await support("missing") == SupportOutcome.GONE
    async with database.transaction() as session:
        rows = (await session.scalars(select(Support))).all()
        assert [(r.proposal_id, r.participant_id, r.comment) for r in rows] == [
            (ids["visible"], ids["me"], "Sama, di RT 02 juga")
        ]
        audited = await session.scalar(
            select(func.count()).where(AuditEntry.action == "proposal.supported")
        )
        assert audited == 1
        assert await supports.counts(session, [ids["visible"], ids["own"]]) == {ids["visible"]: 1}
        found = await similar_proposals(
            session,
            round_id=ids["round"],
            kecamatan_code=SETU,
            sub_element="waste",
            problem=SAME,
            participant_id=ids["far"] + 100,
        )
        assert {s.proposal_id: s.supports for s in found} == {ids["visible"]: 1, ids["own"]: 0}


# --- shown to the author (/usulanku) and to staff (/statistik) ------------------------------

ADMIN_ID = 7801
AUTHOR_ID = 7802


settings = settings_with(ADMIN_ID)


async def seed_supported(bot: RembugApp) -> None:
    """The author (Telegram user AUTHOR_ID) with SET-0001 supported by two residents, and an
    unclassified SET-0002 of another resident."""
    async with db(bot) as session:
        round_ = ConsultationRound(name="Putaran 1", opens_at=T0)
        people = [participant(1), participant(2), participant(3)]
        people[0].telegram_user_id = AUTHOR_ID
        session.add_all([round_, *people])
        await session.flush()
        author, one, two = (p.id for p in people)
        mine = proposal(1, author, round_.id, problem=PROBLEM)
        unclassified = proposal(2, one, round_.id, dimension=None, sub_element=None)
        session.add_all([mine, unclassified])
        await session.flush()
        for supporter in (one, two):
            assert await supports.add(session, mine.id, supporter, "Setuju", T0)


async def test_the_author_sees_how_many_residents_support_it(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed_supported(bot)
    author = resident(emulator, AUTHOR_ID, "id")  # as seeded
    supported = author.t.n("Supported by {count} resident", "Supported by {count} residents", 2)
    listing = await author.send("/usulanku")
    assert supported in listing.text
    card = await author.press(next(b for b in author.buttons() if b.startswith("SET-0001")))
    assert supported in texts(card)


async def test_statistics_count_supports_and_unclassified_proposals(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed_supported(bot)
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    shown = texts(await admin.send("/statistik Setu", settle=1.0))
    assert admin.t.n("{count} proposal", "{count} proposals", 2) in shown
    assert (
        admin.t.n(
            "{count} resident joined a proposal instead of repeating it.",
            "{count} residents joined a proposal instead of repeating it.",
            2,
        )
        in shown
    )


async def test_my_data_lists_my_supports_and_erasure_removes_their_comments(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed_supported(bot)
    supporter = resident(emulator, 900_002, "id")  # participant(2), as seeded
    exported = await my_data(supporter)
    assert isinstance(exported, Export)
    assert exported.data["supports_given"] == [
        {"proposal": "SET-0001", "comment": "Setuju", "at": T0.isoformat()}
    ]
    await supporter.send("/hapusdata")
    await supporter.tap("Yes, erase")
    async with db(bot) as session:
        rows = (await session.execute(select(Support.participant_id, Support.comment))).all()
        erased = await session.scalar(
            select(Participant.id).where(Participant.pseudonym == "P00002")
        )
    assert erased is None  # a new pseudonym
    assert len(rows) == 2  # the +1 stays, anonymous
    assert sorted(comment or "" for _, comment in rows) == ["", "Setuju"]
