"""The numbers behind the charts, and that the charts are PNG pictures of a phone's shape."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, datetime

from bot.i18n import translator
from bot.reference import load_reference
from bot.screens.figures import share
from bot.stats import charts, data
from storage.db import Database
from storage.migrate import upgrade
from storage.models import KecamatanTarget, Participant, Proposal
from storage.queries import stats as queries

REFERENCE = load_reference()
SETU, CIBITUNG = "32.16.18", "32.16.07"
NOW = datetime(2026, 11, 27, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"


def setu_desa(index: int) -> str:
    kecamatan = REFERENCE.kecamatan_by_code(SETU)
    assert kecamatan is not None
    return kecamatan.desa[index].code


def test_regency_overview_lists_every_kecamatan_with_targets() -> None:
    overview = data.overview(
        REFERENCE,
        "en",
        {SETU: 4, CIBITUNG: 1},
        {(SETU, "environment"): 3, (SETU, "economy"): 1, (CIBITUNG, "environment"): 2},
        {SETU: 10},
    )
    assert len(overview.areas) == len(REFERENCE.kecamatan) == len(overview.matrix)
    setu = next(a for a in overview.areas if a.code == SETU)
    assert (setu.participants, setu.proposals, setu.target) == (4, 4, 10)
    assert (overview.participants, overview.proposals, overview.target) == (5, 6, 10)
    labels = [label for _, label in overview.dimensions]
    assert overview.per_dimension()[labels.index("Smart Environment")] == 5
    assert data.top_dimension(overview) == ("Smart Environment", 5)
    assert data.leader(overview) == setu
    assert overview.areas_with_proposals() == 2
    assert share(5, 10) == 50 and share(5, None) is None


def test_kecamatan_overview_is_per_desa_without_targets() -> None:
    first, second = setu_desa(0), setu_desa(1)
    overview = data.overview(REFERENCE, "id", {first: 2}, {(second, "living"): 1}, {SETU: 10}, SETU)
    kecamatan = REFERENCE.kecamatan_by_code(SETU)
    assert kecamatan is not None and overview.scope == kecamatan.name
    assert [a.code for a in overview.areas] == [d.code for d in kecamatan.desa]
    assert overview.areas[0].participants == 2 and overview.areas[1].proposals == 1
    assert overview.target is None
    assert "Kehidupan Cerdas" in [label for _, label in overview.dimensions]


def test_empty_overview_has_no_leader() -> None:
    overview = data.overview(REFERENCE, "en", {}, {}, {})
    assert data.leader(overview) is None and data.top_dimension(overview) is None


def test_charts_are_portrait_pngs() -> None:
    overview = data.overview(REFERENCE, "id", {SETU: 3}, {(SETU, "environment"): 2}, {SETU: 9})
    drawn = charts.render(overview, translator("id"))
    assert [c.name for c in drawn] == ["areas", "dimensions", "heatmap"]
    for chart in drawn:
        assert chart.png.startswith(PNG) and len(chart.png) > 1000
        width, height = struct.unpack(">II", chart.png[16:24])
        assert width == 960 and 960 <= height <= 1280  # a phone's shape, square to portrait
    assert drawn[1].title == "Usulan per dimensi"


def test_charts_of_the_most_areas_stay_within_1280_pixels() -> None:
    """The regency's 23 kecamatan and Pebayuran's 13 desa: the long side at most 1,280 px."""
    pebayuran = max(REFERENCE.kecamatan, key=lambda k: len(k.desa))
    for code, places in [
        (None, [k.code for k in REFERENCE.kecamatan]),
        (pebayuran.code, [d.code for d in pebayuran.desa]),
    ]:
        participants = {place: 100 + i for i, place in enumerate(places)}
        proposals = {(place, "living"): 10 + i for i, place in enumerate(places)}
        targets = {k.code: 500 for k in REFERENCE.kecamatan}
        overview = data.overview(REFERENCE, "id", participants, proposals, targets, code)
        for chart in charts.render(overview, translator("id")):
            width, height = struct.unpack(">II", chart.png[16:24])
            assert width == 960 and height <= 1280, (code, chart.name, width, height)


def test_queries_count_registered_people_and_visible_proposals(database_url: str) -> None:
    url = database_url
    upgrade(url)
    counted = asyncio.run(_counts(url))
    assert counted == (
        {SETU: 2},
        {(SETU, "environment"): 1},
        {setu_desa(0): 1, setu_desa(1): 1},
        {(setu_desa(0), "environment"): 1},
        {SETU: 25},
    )


async def _counts(url: str) -> tuple[object, ...]:
    database = Database(url)
    async with database.transaction() as session:
        people = [
            _person(1, setu_desa(0), registered=True),
            _person(2, setu_desa(1), registered=True),
            _person(3, setu_desa(1), registered=False),  # consented, never registered
        ]
        session.add_all(people)
        session.add(KecamatanTarget(kecamatan_code=SETU, participants=25, updated_at=NOW))
        await session.flush()
        session.add_all(
            [
                _proposal(people[0].id, "STU-0001"),
                _proposal(people[0].id, "STU-0002", hidden_at=NOW),
                _proposal(people[1].id, "STU-0003", withdrawn_at=NOW),
            ]
        )
        await session.flush()
        found = (
            await queries.participants_by_place(session),
            await queries.proposals_by_place_and_dimension(session),
            await queries.participants_by_place(session, SETU),
            await queries.proposals_by_place_and_dimension(session, SETU),
            await queries.targets(session),
        )
    await database.dispose()
    return found


def _person(number: int, desa: str, registered: bool) -> Participant:
    return Participant(
        pseudonym=f"P-STATS00{number}",
        telegram_user_id=number,
        locale="id",
        consented_at=NOW,
        kecamatan_code=SETU,
        desa_code=desa,
        registered_at=NOW if registered else None,
    )


def _proposal(participant_id: int, reference: str, **extra: object) -> Proposal:
    return Proposal(
        reference=reference, participant_id=participant_id, round_id=1, kecamatan_code=SETU,
        desa_code=setu_desa(0), dimension="environment", sub_element="waste",
        problem="p" * 20, causes="c" * 20, solution="s" * 20, urgency="high",
        time_to_result="3m", needs=[], agency="DLH", beneficiaries="300", photos=[],
        status="submitted", submitted_at=NOW, updated_at=NOW, **extra,
    )  # fmt: skip
