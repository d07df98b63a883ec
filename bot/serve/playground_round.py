"""The playground's practice round in prioritas: six proposals of Cikarang Utara from neighbours,
collected before the open round, so that "A atau B?" (/prioritas) can be tried at once while
the open round still takes new proposals."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.participants.onboarding import save_profile
from bot.proposals.statuses import Status
from storage.db import Database
from storage.models import ConsultationRound
from storage.queries import participants, rounds
from storage.queries import proposals as queries

NAME = "Putaran uji coba"
FIRST_NEIGHBOUR_ID = 1101  # not on the page: they only wrote the proposals
# (problem, causes, solution, dimension, element, perangkat daerah)
PROPOSALS = (
    (
        "Jalan Raya Tegal Gede berlubang dan tergenang tiap hujan.",
        "Saluran air tersumbat dan aspal sudah lama tidak diperbaiki.",
        "Perbaiki aspal dan bersihkan saluran sebelum musim hujan.",
        "living",
        "mobility",
        "DSDABMBK",
    ),
    (
        "Taman bermain anak di RW 03 rusak dan tidak aman dipakai.",
        "Tidak ada perawatan sejak taman dibangun.",
        "Perbaiki ayunan dan perosotan, karang taruna ikut merawatnya.",
        "society",
        "community",
        "Disperkimtan",
    ),
    (
        "Lampu penerangan jalan di gang RW 05 mati, rawan kejahatan malam.",
        "Lampu rusak tidak dilaporkan dan tidak ada yang bertanggung jawab.",
        "Ganti lampu dengan tenaga surya dan buat nomor aduan warga.",
        "society",
        "security",
        "Dishub",
    ),
    (
        "Pelaku UMKM sulit memasarkan produk keripik dan batik warga.",
        "Belum paham jualan daring dan tidak ada tempat pamer produk.",
        "Pelatihan jualan daring dan pojok UMKM di kantor kecamatan.",
        "economy",
        "welfare",
        "Diskopukm",
    ),
    (
        "Antrean mengurus KTP dan KK di kecamatan bisa seharian.",
        "Loket sedikit dan warga tidak tahu syarat yang harus dibawa.",
        "Antrean daring lewat WhatsApp dan daftar syarat di papan.",
        "governance",
        "service",
        "Disdukcapil",
    ),
    (
        "Posyandu di Desa Cikarangkota kekurangan timbangan dan kader.",
        "Alat lama rusak dan kader belum dapat pelatihan.",
        "Bantuan alat posyandu dan pelatihan kader tiap tiga bulan.",
        "living",
        "health",
        "Dinkes",
    ),
)


async def seed_practice_round(
    database: Database, kecamatan: str, desa: str, locale: str, now: datetime
) -> None:
    """Once: the round (its collection closed a day ago, no results date) and its proposals."""
    async with database.transaction() as session:
        if any(r.name == NAME for r in await rounds.listing(session)):
            return
        practice = await rounds.create(
            session, NAME, None, now - timedelta(days=30), now - timedelta(days=1)
        )
        practice.invited_at = now  # the playground's residents open /prioritas themselves
        for number, texts in enumerate(PROPOSALS, start=1):
            await _neighbours_proposal(session, practice, number, texts, (kecamatan, desa), locale)


async def _neighbours_proposal(
    session: AsyncSession,
    practice: ConsultationRound,
    number: int,
    texts: tuple[str, str, str, str, str, str],
    place: tuple[str, str],
    locale: str,
) -> None:
    problem, causes, solution, dimension, element, agency = texts
    submitted = practice.opens_at + timedelta(days=number)
    neighbour = await participants.create(session, FIRST_NEIGHBOUR_ID + number, locale, submitted)
    answers = {"name": f"Tetangga {number}", "kecamatan": place[0], "desa": place[1]}
    save_profile(neighbour, {**answers, "role": "warga"}, submitted)
    await queries.create(
        session,
        reference=f"UJI-{number:04d}",
        participant_id=neighbour.id,
        round_id=practice.id,
        kecamatan_code=place[0],
        desa_code=place[1],
        status=Status.SUBMITTED.value,
        submitted_at=submitted,
        updated_at=submitted,
        dimension=dimension,
        sub_element=element,
        problem=problem,
        causes=causes,
        solution=solution,
        urgency="medium",
        time_to_result="12m",
        needs=["budget"],
        agency=agency,
        beneficiaries=None,
        photos=[],
    )
