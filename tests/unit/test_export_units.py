"""Pure parts of the exports: formula neutralisation, sheet names, the /ekspor codec, sizes."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from bot.export.build import Format
from bot.export.files import fit
from bot.export.neutral import for_csv, is_risky
from bot.export.options import Options, parse
from bot.export.sheets import MAX_SHEET_NAME, sheet_name
from bot.export.text import csv_cell


@pytest.mark.parametrize(
    "text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0"]
)
def test_risky_texts_get_a_leading_quote_in_csv(text: str) -> None:
    assert is_risky(text)
    assert for_csv(text) == "'" + text


@pytest.mark.parametrize("text", ["Jalan rusak", "RT 03 = RW 05", "", "'sudah", "1+1", " =x"])
def test_plain_texts_stay_as_they_are(text: str) -> None:
    assert not is_risky(text)
    assert for_csv(text) == text


def test_csv_cells_keep_numbers_and_dates_typed() -> None:
    assert csv_cell(-6.35) == -6.35  # a negative latitude is a number, not a formula
    assert csv_cell(None) == ""
    moment = dt.datetime(2026, 5, 4, 9, 31, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert csv_cell(moment) == "2026-05-04 09:31"
    assert csv_cell("-5 KK") == "'-5 KK"


def test_sheet_names_are_valid_short_and_unique() -> None:
    taken = {"ringkasan", "usulan"}
    assert sheet_name("Usulan", taken) == "Usulan (2)"
    assert sheet_name("Dinas [PUPR]: Jalan/Jembatan?*", taken) == "Dinas PUPR Jalan Jembatan"
    long = "Tata Kelola Pemerintahan Cerdas Sekali Lagi"
    first, second = sheet_name(long, taken), sheet_name(long.upper(), taken)
    assert len(first) <= MAX_SHEET_NAME and len(second) <= MAX_SHEET_NAME
    assert first.lower() != second.lower()
    assert sheet_name("''", taken) == "Sheet"


def test_options_round_trip_through_callback_data() -> None:
    options = Options(Format.CSV, 12, "32.16.18", identity=True, hidden=False, withdrawn=True)
    data = options.encode("g")
    assert len(data.encode()) <= 64
    assert parse(data) == ("g", options)


@pytest.mark.parametrize(
    "data",
    [
        "v1:e:g:pdf:0:-:000",
        "v1:e:x:xlsx:0:-:000",
        "v1:e:g:xlsx:abc:-:000",
        "v1:e:g:xlsx:0:-:012",
        "v1:e:g:xlsx:0:-:00",
        "v1:e:g:xlsx:0:-",
        "v1:b:g:xlsx:0:-:000",
        None,
    ],
)
def test_malformed_callback_data_is_refused(data: str | None) -> None:
    assert parse(data) is None


def test_options_change_one_thing_at_a_time() -> None:
    start = Options()
    assert start.changed([4, 7], round="next").round_id == 4
    assert Options(round_id=7).changed([4, 7], round="next").round_id is None
    assert start.changed([], identity=True).identity is True
    assert start.changed([], kecamatan="32.16.18").changed([], kecamatan="-").kecamatan is None
    assert start.changed([], fmt="json").format is Format.JSON


def test_big_text_files_are_zipped_and_big_workbooks_refused(tmp_path: Path) -> None:
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("jalan rusak\n" * 10_000)
    sent, zipped = fit(csv_file, limit=20_000)
    assert zipped and sent is not None and sent.suffix == ".zip"
    assert zipfile.ZipFile(sent).read("a.csv") == csv_file.read_bytes()
    assert fit(csv_file, limit=10**9) == (csv_file, False)
    xlsx = tmp_path / "a.xlsx"
    xlsx.write_bytes(b"x" * 1000)
    assert fit(xlsx, limit=999) == (None, False)
