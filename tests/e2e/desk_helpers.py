"""The OPD desk's tests: proposals of two perangkat daerah written into the database (how a
resident sends one is the proposal dialogue's business), OPD members granted as an accepted
invitation would (bot.roles.grant_opd), and what the desk stored read back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot import roles
from bot.app import RembugApp
from emulator import BotApiEmulator, Reaction
from emulator.media import tiny_jpeg
from storage.models import (
    AuditEntry,
    ConsultationRound,
    Notice,
    Participant,
    Proposal,
    Response,
    Support,
)

from .export_seed import CIBITUNG, CIBITUNG_DESA, T0, participant, proposal
from .journey import Resident, resident
from .staff import db

DLH, DISHUB = "DLH", "Dishub"
DLH_NAME, DISHUB_NAME = "Dinas Lingkungan Hidup", "Dinas Perhubungan"
OPD_A, OPD_B, ADMIN = 7_400_001, 7_400_002, 7_400_009
TYPED_PLACE = "Belakang lapak ikan, Pasar Setu"
AUTHOR_NAME, AUTHOR_GROUP = "Warga Nomor 1", "PKK RW 01"


@dataclass(frozen=True)
class Desk:
    """Ids of the seeded rows; `author` and `supporter` are the people told of a tanggapan."""

    ids: dict[str, int]  # proposal key → id
    author: Resident  # speaks Indonesian
    supporter: Resident  # speaks English
    author_id: int
    supporter_id: int
    photos: tuple[str, ...]


async def seed_desk(emulator: BotApiEmulator, bot: RembugApp) -> Desk:
    """DLH's desk: `old` (answered by DLH already), `new` (newest, supported, two photos, a
    typed place and a map point), `cibitung` (economy, Cibitung); not on it: `dishub`
    (another OPD's), `hidden`, `withdrawn`."""
    photos = tuple(
        emulator.state.store_file(tiny_jpeg(16), "photos", "jpg", None, "image/jpeg").file_id
        for _ in range(2)
    )
    async with db(bot) as session:
        round_ = ConsultationRound(name="Putaran 1", opens_at=T0 - dt.timedelta(days=1))
        author, supporter = participant(1, name_visible=False), participant(2, name_visible=False)
        supporter.locale = "en"
        session.add_all([round_, author, supporter])
        await session.flush()
        rows = {
            "old": proposal(1, author.id, round_.id),
            "new": proposal(
                2,
                author.id,
                round_.id,
                photos=list(photos),
                location_text=TYPED_PLACE,
                problem="Sampah menumpuk di pinggir kali dekat pasar, baunya sampai ke rumah.",
            ),
            "cibitung": _cibitung(author.id, round_.id),
            "dishub": proposal(4, author.id, round_.id, agency=DISHUB, dimension="living"),
            "hidden": proposal(5, author.id, round_.id, hidden_at=T0),
            "withdrawn": proposal(6, author.id, round_.id, status="withdrawn", withdrawn_at=T0),
        }
        session.add_all(rows.values())
        await session.flush()
        ids = {key: row.id for key, row in rows.items()}
        session.add(Support(proposal_id=ids["new"], participant_id=supporter.id, created_at=T0))
        session.add(_response(ids["old"], DLH, "next_year"))
        assert author.telegram_user_id and supporter.telegram_user_id
        author_user = resident(emulator, author.telegram_user_id, "id", "Warga")
        supporter_user = resident(emulator, supporter.telegram_user_id, "en", "Dua")
        return Desk(ids, author_user, supporter_user, author.id, supporter.id, photos)


def _cibitung(author_id: int, round_id: int) -> Proposal:
    return proposal(
        3,
        author_id,
        round_id,
        problem="Pasar tradisional sepi, pedagang kecil butuh tempat jualan yang layak.",
        dimension="economy",
        reference="CBT-0003",
        sub_element="industry",
        kecamatan_code=CIBITUNG,
        photos=[],
        desa_code=CIBITUNG_DESA,
    )


def _response(proposal_id: int, opd: str, kind: str) -> Response:
    return Response(
        proposal_id=proposal_id,
        opd_code=opd,
        kind=kind,
        explanation="Masuk rencana kerja 2027.",
        responded_by=OPD_A,
        responded_at=T0 + dt.timedelta(hours=1),
    )


async def opd_member(
    emulator: BotApiEmulator, bot: RembugApp, telegram_id: int, opd: str, name: str = "Rina"
) -> Resident:
    async with db(bot) as session:
        await roles.grant_opd(session, telegram_id, opd, ADMIN, T0)
    return resident(emulator, telegram_id, first_name=name)


async def set_author(bot: RembugApp, author_id: int, **values: Any) -> None:
    async with db(bot) as session:
        found = await session.get(Participant, author_id)
        assert found is not None
        for key, value in values.items():
            setattr(found, key, value)


async def stored_responses(bot: RembugApp, proposal_id: int) -> list[Response]:
    async with db(bot) as session:
        query = select(Response).where(Response.proposal_id == proposal_id).order_by(Response.id)
        return list((await session.execute(query)).scalars())


async def agency_of(bot: RembugApp, proposal_id: int) -> str:
    async with db(bot) as session:
        found = await session.get(Proposal, proposal_id)
        assert found is not None
        return found.agency


async def notices_owed(bot: RembugApp) -> list[tuple[int, int]]:
    """(subject id, participant id) of every notice owed."""
    async with db(bot) as session:
        rows = await session.execute(select(Notice.subject_id, Notice.participant_id))
        return sorted((int(s), int(p)) for s, p in rows)


async def audit_trail(bot: RembugApp, action: str) -> list[AuditEntry]:
    async with db(bot) as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list((await session.execute(query)).scalars())


async def open_card(member: Resident, reference: str) -> Reaction:
    """/meja, then the proposal: its whole text, its photos and the card to answer it."""
    await member.send("/meja")
    return await member.until(await member.press(reference), member.says("Your tanggapan:"))


async def at_the_card(emulator: BotApiEmulator, bot: RembugApp) -> tuple[Desk, Resident]:
    """The seeded desk, and DLH's member Rina with SET-0002 open, ready to answer it."""
    seeded = await seed_desk(emulator, bot)
    rina = await opd_member(emulator, bot, OPD_A, DLH)
    await open_card(rina, "SET-0002")
    return seeded, rina


def received(person: Resident, fragment: str) -> int:
    """How many messages of the bot to this person contain `fragment`."""
    return sum(fragment in (m.text or "") for m in person.user.bot_messages())
