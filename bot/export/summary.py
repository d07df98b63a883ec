"""The "Ringkasan" sheet: what the export holds, counts by kecamatan × dimension, a chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.reference import Reference

TITLE = "Rekap usulan rembug warga Smart City Kabupaten Bekasi"
TABLE_ROW = 12  # where the kecamatan table starts (after the description block)
UNCLASSIFIED = "Belum diklasifikasi"  # the column of proposals without a dimension yet


@dataclass(frozen=True)
class Summary:
    """Counts for the summary sheet; all come from GROUP BY queries, never from the rows."""

    created_at: dt.datetime  # WIB
    round_name: str | None
    kecamatan_code: str | None
    identity: bool
    include_hidden: bool
    include_withdrawn: bool
    total: int
    counts: dict[tuple[str, str], int]  # (kecamatan, dimension) → proposals
    proposers: dict[str, int]  # kecamatan → participants with a proposal in the export
    registered: dict[str, int]  # kecamatan → registered participants
    agencies: dict[str, int]  # agency key → proposals
    supports: int = 0  # residents who joined a proposal in the export instead of repeating it
    agency: str | None = None  # an OPD's export: the perangkat daerah it is limited to
    names_withheld: int = 0  # identity: authors and supporters who did not let OPD see a name


def _description(s: Summary, reference: Reference) -> list[tuple[str, str | int | dt.datetime]]:
    kecamatan = reference.kecamatan_by_code(s.kecamatan_code or "")
    return [
        ("Dibuat (WIB)", s.created_at),
        ("Putaran", s.round_name or "Semua putaran"),
        ("Kecamatan", f"{kecamatan.code} {kecamatan.name}" if kecamatan else "Semua kecamatan"),
        (
            "Identitas peserta",
            "Nama dan kelompok peserta yang mengizinkan disertakan: data pribadi, jaga "
            "kerahasiaannya (UU 27/2022)"
            if s.identity
            else "Pseudonim saja",
        ),
        ("Usulan disembunyikan", "Disertakan" if s.include_hidden else "Tidak disertakan"),
        ("Usulan yang ditarik", "Disertakan" if s.include_withdrawn else "Tidak disertakan"),
        ("Jumlah usulan", s.total),
        ("Jumlah dukungan", s.supports),
        *_withheld(s),
    ]


def _withheld(s: Summary) -> list[tuple[str, str | int | dt.datetime]]:
    """An identity export says how many names it leaves out (naming consent)."""
    if not s.identity:
        return []
    return [("Nama tidak ditampilkan", s.names_withheld)]


def write_summary(
    book: Any, sheet: Any, s: Summary, reference: Reference, formats: dict[str, Any]
) -> None:
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2 + len(reference.dimensions) + 3, 13)
    sheet.write_string(
        0, 0, "Rekap usulan rembug warga Smart City Kabupaten Bekasi", formats["title"]
    )
    if s.agency is not None:  # under the title: the whole file is one OPD's
        agency = reference.agency(s.agency)
        name = agency.name if agency is not None else s.agency
        sheet.write_string(1, 0, f"Hanya usulan untuk perangkat daerah: {name}", formats["bold"])
    for row, (label, value) in enumerate(_description(s, reference), start=2):
        sheet.write_string(row, 0, label, formats["bold"])
        if isinstance(value, dt.datetime):
            sheet.write_datetime(row, 1, value, formats["date"])
        elif isinstance(value, int):
            sheet.write_number(row, 1, value)
        else:
            sheet.write_string(row, 1, value)
    last = _kecamatan_table(sheet, s, reference, formats)
    _agency_table(sheet, s, reference, formats, last + 3)
    _chart(book, sheet, s, reference, last)


def _kecamatan_rows(s: Summary, reference: Reference) -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in reference.kecamatan if s.kecamatan_code in (None, k.code)]


def _kecamatan_table(sheet: Any, s: Summary, reference: Reference, formats: dict[str, Any]) -> int:
    dimensions = reference.dimensions
    headers = ["Kode kecamatan", "Kecamatan", *(d.name_id for d in dimensions), UNCLASSIFIED]
    headers += ["Jumlah usulan", "Peserta pengusul", "Peserta terdaftar"]
    sheet.write_string(TABLE_ROW - 1, 0, "Usulan per kecamatan dan dimensi", formats["bold"])
    for col, header in enumerate(headers):
        sheet.write_string(TABLE_ROW, col, header, formats["header"])
    row = TABLE_ROW
    totals = [0] * (len(dimensions) + 4)
    for code, name in _kecamatan_rows(s, reference):
        row += 1
        numbers = [s.counts.get((code, d.key), 0) for d in dimensions]
        numbers.append(s.counts.get((code, ""), 0))
        numbers += [sum(numbers), s.proposers.get(code, 0), s.registered.get(code, 0)]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        sheet.write_string(row, 0, code)
        sheet.write_string(row, 1, name)
        for col, number in enumerate(numbers, start=2):
            sheet.write_number(row, col, number)
    sheet.write_string(row + 1, 1, "Jumlah", formats["bold"])
    for col, number in enumerate(totals, start=2):
        sheet.write_number(row + 1, col, number, formats["bold"])
    return row


def _agency_table(
    sheet: Any, s: Summary, reference: Reference, formats: dict[str, Any], start: int
) -> None:
    names = {a.key: a.name for a in reference.agencies}
    sheet.write_string(start, 0, "Usulan per perangkat daerah yang disarankan", formats["bold"])
    sheet.write_string(start + 1, 0, "Kode", formats["header"])
    sheet.write_string(start + 1, 1, "Perangkat daerah", formats["header"])
    sheet.write_string(start + 1, 2, "Jumlah usulan", formats["header"])
    ranked = sorted(s.agencies.items(), key=lambda item: (-item[1], item[0]))
    for row, (key, number) in enumerate(ranked, start=start + 2):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, names.get(key, "Tidak tahu"))
        sheet.write_number(row, 2, number)


def _chart(book: Any, sheet: Any, s: Summary, reference: Reference, last: int) -> None:
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    name = sheet.get_name()
    for offset in range(len(reference.dimensions) + 1):  # and the unclassified
        col = 2 + offset
        chart.add_series(
            {
                "name": [name, TABLE_ROW, col],
                "categories": [name, TABLE_ROW + 1, 1, last, 1],
                "values": [name, TABLE_ROW + 1, col, last, col],
                "gap": 60,
            }
        )
    chart.set_title({"name": "Usulan per kecamatan dan dimensi"})
    chart.set_x_axis({"num_font": {"rotation": -45}})
    chart.set_y_axis({"name": "Jumlah usulan", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 960, "height": 520})
    sheet.insert_chart(1, 3 + len(reference.dimensions) + 3, chart)
