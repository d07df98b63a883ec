"""`rembug export` files read back: columns, pseudonyms, identity, filters, no formulas."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import shutil
from asyncio.subprocess import PIPE
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from bot.cli import main
from bot.export.columns import BASE, HIDDEN, IDENTITY, SUPPORTER_IDENTITY, SUPPORTERS
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import AuditEntry, Proposal, Support

from .export_seed import CIBITUNG, RISKY, SETU, T0, Seeded, proposal, seed


@pytest.fixture
async def seeded(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    monkeypatch.setenv("DATABASE_URL", database_url)
    await upgrade_async(database_url)
    database = Database(database_url)
    try:
        return await seed(database)
    finally:
        await database.dispose()


async def export(tmp_path: Path, fmt: str, *flags: str) -> Path:
    """`rembug export …`, run as the command line runs it (its own event loop)."""
    output = tmp_path / f"out.{fmt}"
    argv = ["export", "--format", fmt, *flags, "--output", str(output)]
    assert await asyncio.to_thread(main, argv) == 0
    return output


def sheet_rows(path: Path, sheet: str = "Usulan") -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[sheet].values)


async def audit_entries(database_url: str) -> list[AuditEntry]:
    database = Database(database_url)
    try:
        async with database.sessions() as session:
            return list((await session.scalars(select(AuditEntry))).all())
    finally:
        await database.dispose()


async def test_xlsx_has_every_column_pseudonyms_and_text_not_formulas(
    seeded: Seeded, tmp_path: Path, database_url: str
) -> None:
    path = await export(tmp_path, "xlsx")
    book = openpyxl.load_workbook(path)
    keys, headers, *rows = book["Usulan"].values
    assert keys == tuple(c.key for c in BASE)
    assert headers == tuple(c.header for c in BASE)
    by_ref = {r[0]: dict(zip(keys, r, strict=True)) for r in rows}
    assert set(by_ref) == {f"SET-{i:04d}" for i in range(1, 8)} | {"CBT-0001"}
    first = by_ref["SET-0001"]
    assert first["submitted_at"].isoformat() == "2026-05-04T09:31:00"  # a real date, WIB
    assert first["kecamatan"] == "Setu" and first["desa_code"] == "32.16.18.2001"
    assert first["dimension_code"] == "environment" and first["agency_code"] == "DLH"
    assert first["status"] == "submitted" and first["photos"] == 2
    assert first["map_link"].endswith("q=-6.352100,107.041200")
    assert first["pseudonym"] == "P00001"
    assert not any("Warga Nomor" in str(v) for r in rows for v in r)
    problems = [by_ref[f"SET-{i:04d}"]["problem"].replace("_x000D_", "\r") for i in range(1, 8)]
    assert problems == list(RISKY)
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)
    ws = book["Usulan"]
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref == "A2:AH10"
    assert {"Ringkasan", "Lingkungan Cerdas", "Ekonomi Cerdas", "PD DLH"} <= set(book.sheetnames)
    assert len(book["Ringkasan"]._charts) == 1
    assert [r[0] for r in book["Ekonomi Cerdas"].values][2:] == ["CBT-0001"]
    [entry] = await audit_entries(database_url)
    assert entry.action == "export.proposals" and entry.details["identity"] is False


async def test_identity_and_hidden_only_on_request_and_audited(
    seeded: Seeded, tmp_path: Path, database_url: str
) -> None:
    path = await export(tmp_path, "xlsx", "--with-identity", "--include-hidden")
    keys, _, *rows = sheet_rows(path)
    assert keys == tuple(c.key for c in BASE + IDENTITY + HIDDEN)
    by_ref = {r[0]: dict(zip(keys, r, strict=True)) for r in rows}
    assert by_ref["SET-0001"]["name"] == "Warga Nomor 1"
    assert by_ref["SET-0001"]["group"] == "PKK RW 01"
    assert by_ref["SET-0009"]["hidden_reason"] == "Iklan"
    assert "SET-0010" not in by_ref  # withdrawn stays out unless asked for
    [entry] = await audit_entries(database_url)
    assert entry.details["identity"] is True and entry.details["by"]


async def test_round_kecamatan_and_withdrawn_filters(seeded: Seeded, tmp_path: Path) -> None:
    second_round = str(seeded.rounds[1])
    only_round = sheet_rows(await export(tmp_path, "xlsx", "--round", second_round))[2:]
    assert [r[0] for r in only_round] == ["CBT-0001"]
    setu_path = await export(tmp_path, "xlsx", "--kecamatan", SETU, "--include-withdrawn")
    setu = sheet_rows(setu_path)[2:]
    assert {r[4] for r in setu} == {SETU} and "SET-0010" in {r[0] for r in setu}
    summary = sheet_rows(await export(tmp_path, "xlsx", "--kecamatan", CIBITUNG), "Ringkasan")
    row = next(r for r in summary if r[0] == CIBITUNG)
    assert row[1] == "Cibitung" and row[4] == 1  # Ekonomi Cerdas (third dimension)


async def test_csv_has_bom_indonesian_headers_and_quoted_formulas(
    seeded: Seeded, tmp_path: Path
) -> None:
    raw = (await export(tmp_path, "csv")).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert header == [c.header for c in BASE]
    problems = {r[0]: r[12] for r in rows}
    assert problems["SET-0001"] == "'=1+2" and problems["SET-0004"] == "'@cmd"
    assert problems["SET-0006"] == "'\rCR"
    latitude = {r[0]: r[25] for r in rows}["SET-0001"]
    assert latitude == "-6.3521"  # numbers are not quoted


async def test_json_is_one_array_of_codes_and_names(seeded: Seeded, tmp_path: Path) -> None:
    items = json.loads((await export(tmp_path, "json")).read_text(encoding="utf-8"))
    first = items[0]
    assert first["problem"] == "=1+2"  # machine data: kept as typed
    assert first["kecamatan"] == {"code": SETU, "name": "Setu"}
    assert first["needs"][0]["code"] == "budget"
    assert first["location"]["latitude"] == -6.3521
    assert first["participant"] == {"pseudonym": "P00001", "represents": None, "mandate": None}


async def test_audit_export_writes_csv(seeded: Seeded, tmp_path: Path) -> None:
    await export(tmp_path, "csv", "--with-identity")
    output = tmp_path / "audit.csv"
    assert await asyncio.to_thread(main, ["audit-export", "--output", str(output)]) == 0
    header, *rows = list(csv.reader(output.read_text(encoding="utf-8-sig").splitlines()))
    assert header[2] == "tindakan" and rows[0][2] == "export.proposals"


async def test_libreoffice_opens_the_xlsx_without_making_formulas(
    seeded: Seeded, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it in CI")
    source = await export(tmp_path, "xlsx")
    converted = tmp_path / "lo"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "xlsx"]
    process = await asyncio.create_subprocess_exec(
        *command, "--outdir", str(converted), str(source), stdout=PIPE, stderr=PIPE
    )
    _, errors = await asyncio.wait_for(process.communicate(), timeout=180)
    assert process.returncode == 0, errors.decode(errors="replace")
    book = openpyxl.load_workbook(converted / source.name)
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)
    problems = [r[12] for r in list(book["Usulan"].values)[2:9]]
    assert problems == list(RISKY)


async def supported_and_unclassified(database_url: str, seeded: Seeded) -> None:
    """SET-0011: not classified yet. SET-0001 supported by P00002 (with a comment that looks
    like a formula) and by P00003; SET-0009 (hidden) supported by P00001."""
    p1, p2, p3 = seeded.participants
    r1 = seeded.rounds[0]
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            session.add(proposal(11, p1, r1, dimension=None, sub_element=None))
            await session.flush()
            ids = dict((await session.execute(select(Proposal.reference, Proposal.id))).all())
            session.add_all(
                [
                    Support(proposal_id=ids["SET-0001"], participant_id=p2,
                            comment="=1+2 sama di RT 03", created_at=T0),
                    Support(proposal_id=ids["SET-0001"], participant_id=p3, created_at=T0),
                    Support(proposal_id=ids["SET-0009"], participant_id=p1, created_at=T0),
                ]
            )  # fmt: skip
    finally:
        await database.dispose()


async def test_supports_and_unclassified_proposals_in_every_format(
    seeded: Seeded, tmp_path: Path, database_url: str
) -> None:
    await supported_and_unclassified(database_url, seeded)
    book = openpyxl.load_workbook(await export(tmp_path, "xlsx"))
    keys, _, *rows = book["Usulan"].values
    by_ref = {r[0]: dict(zip(keys, r, strict=True)) for r in rows}
    assert by_ref["SET-0001"]["supports"] == 2 and by_ref["SET-0002"]["supports"] == 0
    unclassified = by_ref["SET-0011"]
    assert unclassified["dimension"] == unclassified["sub_element"] == "Belum diklasifikasi"
    assert unclassified["dimension_code"] is None
    assert [r[0] for r in book["Belum diklasifikasi"].values][2:] == ["SET-0011"]
    supporters = list(book["Dukungan"].values)
    assert supporters[0] == tuple(c.key for c in SUPPORTERS)
    assert supporters[1] == tuple(c.header for c in SUPPORTERS)
    assert [r[:3] for r in supporters[2:]] == [
        ("SET-0001", "P00002", "=1+2 sama di RT 03"),  # hidden SET-0009's support is left out
        ("SET-0001", "P00003", None),
    ]
    assert book["Dukungan"]["C3"].data_type != "f"
    summary = {r[0]: r[1] for r in book["Ringkasan"].values if r and r[0]}
    assert summary["Jumlah dukungan"] == 2 and summary["Jumlah usulan"] == 9
    setu = next(r for r in book["Ringkasan"].values if r and r[0] == SETU)
    assert "Belum diklasifikasi" in next(
        r for r in book["Ringkasan"].values if r and r[0] == "Kode kecamatan"
    )
    assert sum(v for v in setu[2:9] if isinstance(v, int)) == 8  # 7 classified + 1 not yet

    named = openpyxl.load_workbook(await export(tmp_path, "xlsx", "--with-identity"))
    keys = next(iter(named["Dukungan"].values))
    assert keys == tuple(c.key for c in SUPPORTERS + SUPPORTER_IDENTITY)
    assert [r[-1] for r in list(named["Dukungan"].values)[2:]] == ["Warga Nomor 2", "Warga Nomor 3"]

    header, *lines = list(
        csv.reader((await export(tmp_path, "csv")).read_text("utf-8-sig").splitlines())
    )
    supports = header.index("Jumlah dukungan")
    assert header[supports + 1 :] == [
        "Jumlah yang diwakili",
        "Satuan (orang/KK)",
        "Mandat perwakilan",
    ]
    assert {r[0]: r[supports] for r in lines}["SET-0001"] == "2"
    items = json.loads((await export(tmp_path, "json")).read_text(encoding="utf-8"))
    found = {item["reference"]: item for item in items}
    assert found["SET-0001"]["supports"] == 2
    assert found["SET-0011"]["dimension"] == {"code": None, "name": "Belum diklasifikasi"}
