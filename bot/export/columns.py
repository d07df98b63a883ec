"""The export's columns, in their stable order: a machine key and an Indonesian header.

The headers are fixed Indonesian whatever the admin's language: the file is for the SKPD
meeting, and its layout is a format others rely on. The keys never change: they are the CSV
header, the JSON field names, and the first (small, grey) header row of the XLSX sheets,
where `rembug import-status` finds the ``reference`` and ``status`` columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    LONG = "long"  # wrapped in XLSX
    DATE = "date"
    NUMBER = "number"
    INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    kind: Kind = Kind.TEXT


BASE = (
    Column("reference", "Nomor usulan", 13),
    Column("submitted_at", "Tanggal masuk (WIB)", 17, Kind.DATE),
    Column("round_id", "ID putaran", 9, Kind.INTEGER),
    Column("round", "Putaran", 22),
    Column("kecamatan_code", "Kode kecamatan", 11),
    Column("kecamatan", "Kecamatan", 18),
    Column("desa_code", "Kode desa/kelurahan", 15),
    Column("desa", "Desa/kelurahan", 20),
    Column("dimension_code", "Kode dimensi", 12),
    Column("dimension", "Dimensi", 26),
    Column("sub_element_code", "Kode elemen", 12),
    Column("sub_element", "Elemen", 24),
    Column("problem", "Masalah", 48, Kind.LONG),
    Column("causes", "Penyebab", 48, Kind.LONG),
    Column("solution", "Usulan solusi", 48, Kind.LONG),
    Column("urgency", "Tingkat urgensi", 14),
    Column("time_to_result", "Hasil dirasakan", 18),
    Column("needs", "Kebutuhan", 24, Kind.LONG),
    Column("agency_code", "Kode perangkat daerah", 14),
    Column("agency", "Usulan perangkat daerah", 30, Kind.LONG),
    Column("beneficiaries", "Penerima manfaat", 28, Kind.LONG),
    Column("status", "Status (kode)", 13),
    Column("status_label", "Keterangan status", 22),
    Column("status_reason", "Alasan status", 28, Kind.LONG),
    Column("merged_into", "Digabung ke usulan", 13),
    Column("latitude", "Lintang", 11, Kind.NUMBER),
    Column("longitude", "Bujur", 11, Kind.NUMBER),
    Column("map_link", "Tautan peta", 30),
    Column("photos", "Jumlah foto", 8, Kind.INTEGER),
    Column("pseudonym", "Peserta (pseudonim)", 14),
    Column("supports", "Jumlah dukungan", 10, Kind.INTEGER),
    # Not identifying, so in every export: how many a representative speaks for, and whether
    # their kecamatan's coordinator confirmed it.
    Column("represents", "Jumlah yang diwakili", 11, Kind.INTEGER),
    Column("represents_unit", "Satuan (orang/KK)", 10),
    Column("mandate", "Mandat perwakilan", 16),
)
IDENTITY = (
    Column("name", "Nama peserta", 20),
    Column("community_role", "Peran", 20),
    Column("group", "Kelompok", 24),
)
HIDDEN = (
    Column("hidden_at", "Disembunyikan (WIB)", 17, Kind.DATE),
    Column("hidden_reason", "Alasan disembunyikan", 28, Kind.LONG),
)


# The "Dukungan" sheet (XLSX): one row per resident who joined a proposal instead of repeating it.
SUPPORTERS = (
    Column("reference", "Nomor usulan", 13),
    Column("pseudonym", "Pendukung (pseudonim)", 14),
    Column("comment", "Komentar", 48, Kind.LONG),
    Column("created_at", "Tanggal dukungan (WIB)", 17, Kind.DATE),
)
SUPPORTER_IDENTITY = (Column("name", "Nama pendukung", 20),)


def supporter_columns(identity: bool) -> tuple[Column, ...]:
    return SUPPORTERS + (SUPPORTER_IDENTITY if identity else ())


def columns_for(identity: bool, hidden: bool) -> tuple[Column, ...]:
    """The base columns, then identity, then hidden ones: each group only when asked for."""
    return BASE + (IDENTITY if identity else ()) + (HIDDEN if hidden else ())
