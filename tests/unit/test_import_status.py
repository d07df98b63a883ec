"""rembug import-status: reading exported sheets back, the dry run, and the real run."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from bot.cli import main
from bot.proposals.status_import import SheetError, read_rows
from storage.db import Database
from storage.migrate import upgrade
from storage.models import AuditEntry, Participant, Proposal, ProposalStatusChange

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
KEYS = ["reference", "submitted_at", "status", "status_label", "status_reason", "merged_into"]
HEADERS = ["Nomor usulan", "Tanggal masuk (WIB)", "Status (kode)", "Keterangan status",
           "Alasan status", "Digabung ke usulan"]  # fmt: skip


def xlsx(path: Path, rows: list[list[str]]) -> Path:
    """Shaped like the export: machine keys, then Indonesian headers, then the proposals."""
    workbook = Workbook()
    workbook.active.title = "Ringkasan"
    sheet = workbook.create_sheet("Usulan")
    for row in [KEYS, HEADERS, *rows]:
        sheet.append(row)
    workbook.save(path)
    return path


def test_reads_the_export_shape_and_skips_its_second_header(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "usulan.xlsx", [["STU-0001", "", "accepted", "", "", ""]])
    rows = read_rows(path)
    assert [(r.line, r.reference, r.status) for r in rows] == [(3, "STU-0001", "accepted")]


def test_reads_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "usulan.csv"
    path.write_text("\ufeffNomor usulan;Status (kode);Alasan status\nSTU-0002;ditolak;Dobel\n",
                    encoding="utf-8")  # fmt: skip
    [row] = read_rows(path)
    assert (row.reference, row.status, row.reason) == ("STU-0002", "ditolak", "Dobel")


def test_a_sheet_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SheetError):
        read_rows(path)


@pytest.fixture
def database_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    url = database_url  # the session's database: SQLite, or PostgreSQL in that run
    upgrade(url)
    asyncio.run(_seed(url))
    monkeypatch.setenv("DATABASE_URL", url)
    return url


async def _seed(url: str) -> None:
    database = Database(url)
    async with database.transaction() as session:
        participant = Participant(pseudonym="P-TEST0001", telegram_user_id=1, locale="id",
                                  consented_at=NOW, registered_at=NOW)  # fmt: skip
        session.add(participant)
        await session.flush()
        for number in (1, 2, 3):
            session.add(_proposal(participant.id, f"STU-000{number}"))
    await database.dispose()


def _proposal(participant_id: int, reference: str) -> Proposal:
    return Proposal(
        reference=reference, participant_id=participant_id, round_id=1,
        kecamatan_code="32.16.18", desa_code="32.16.18.2001", dimension="environment",
        sub_element="waste", problem="p" * 20, causes="c" * 20, solution="s" * 20,
        urgency="high", time_to_result="3m", needs=["budget"], agency="DLH",
        beneficiaries="300", photos=[], status="submitted", submitted_at=NOW, updated_at=NOW,
    )  # fmt: skip


async def _state(url: str) -> tuple[dict[str, str], list[ProposalStatusChange], int]:
    database = Database(url)
    async with database.transaction() as session:
        statuses = {
            p.reference: p.status for p in (await session.execute(select(Proposal))).scalars()
        }
        changes = list((await session.execute(select(ProposalStatusChange))).scalars())
        audits = (await session.execute(select(AuditEntry))).scalars().all()
    await database.dispose()
    return statuses, changes, sum(1 for a in audits if a.action == "proposal.status")


def test_dry_run_lists_changes_and_changes_nothing(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx(tmp_path / "usulan.xlsx", [
        ["STU-0001", "", "diterima", "", "", ""],
        ["STU-0002", "", "merged", "", "", "STU-0001"],
        ["STU-0003", "", "submitted", "", "", ""],  # unchanged
    ])  # fmt: skip
    assert main(["import-status", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "STU-0001: submitted -> accepted" in out
    assert "STU-0002: submitted -> merged into STU-0001" in out
    assert "2 to change, 1 unchanged, 0 problem(s)." in out
    assert asyncio.run(_state(database_url)) == (
        {"STU-0001": "submitted", "STU-0002": "submitted", "STU-0003": "submitted"},
        [],
        0,
    )


def test_problems_are_listed_and_nothing_is_applied(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "usulan.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "status", "status_reason"])
        writer.writerows([["STU-0001", "accepted", ""], ["XYZ-0009", "accepted", ""],
                          ["STU-0002", "maybe", ""], ["STU-0003", "declined", ""]])  # fmt: skip
    assert main(["import-status", str(path)]) == 1
    out = capsys.readouterr().out
    assert "line 3: There is no proposal XYZ-0009." in out
    assert "line 4: STU-0002: unknown status 'maybe'" in out
    assert "line 5: “Not taken forward” needs a reason" in out
    assert "Nothing was changed" in out
    assert asyncio.run(_state(database_url))[1] == []


def test_real_run_applies_audits_and_queues_notices(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx(tmp_path / "usulan.xlsx", [
        ["STU-0001", "", "prioritized", "", "", ""],
        ["STU-0002", "", "Tidak dilanjutkan", "", "Sudah ada program serupa", ""],
    ])  # fmt: skip
    assert main(["import-status", str(path)]) == 0
    assert "Applied 2 status change(s)" in capsys.readouterr().out
    statuses, changes, audited = asyncio.run(_state(database_url))
    assert statuses == {"STU-0001": "prioritized", "STU-0002": "declined", "STU-0003": "submitted"}
    assert sorted((c.status, c.reason, c.notified_at) for c in changes) == [
        ("declined", "Sudah ada program serupa", None),
        ("prioritized", None, None),
    ]
    assert audited == 2
    assert main(["import-status", str(path)]) == 0  # the same file again changes nothing
    assert "0 to change, 2 unchanged" in capsys.readouterr().out
