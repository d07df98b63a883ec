"""The response indicator's arithmetic, its screens' size, the photos option and the file
names of the photos export: pure logic, without a database."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from bot.export.build import Format
from bot.export.options import Options, parse
from bot.export.photos import pack
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.opd.indicator import TARGET_PERCENT, OpdLine, indicator
from bot.opd.screens import indicator as screens
from bot.reference import load_reference
from bot.settings import Settings
from bot.transport.files import Downloaded, _extension
from bot.transport.outbox import Refused
from storage.queries.indicator import Counted

REF = load_reference()


def line(assigned: int, answered: int, code: str = "X") -> OpdLine:
    return OpdLine(code, code, f"Dinas {code}", assigned, answered)


@pytest.mark.parametrize(
    ("assigned", "answered", "share", "responsive"),
    [(5, 4, 80, True), (1000, 799, 79, False), (3, 1, 33, False), (2, 2, 100, True)],
)
def test_a_share_is_rounded_down_and_80_percent_is_the_bar(
    assigned: int, answered: int, share: int, responsive: bool
) -> None:
    assert (line(assigned, answered).share, line(assigned, answered).responsive) == (
        share,
        responsive,
    )


def test_an_opd_without_proposals_has_no_share_and_does_not_count_for_the_regency() -> None:
    assert line(0, 0).share is None and not line(0, 0).responsive
    counts = {"DLH": Counted(5, 4), "Dinkes": Counted(3, 1), "Disdik": Counted(2, 2)}
    measured = indicator(REF, {**counts, "unknown": Counted(9, 0)})
    assert len(measured.lines) == len(REF.agencies) == 35
    assert (measured.measured, measured.responsive, measured.share) == (3, 2, 66)
    assert (measured.assigned, measured.answered) == (10, 7)  # "unknown" is no OPD
    assert [x.code for x in measured.lowest_first()[:3]] == ["Dinkes", "DLH", "Disdik"]
    assert measured.lowest_first()[-1].assigned == 0
    assert TARGET_PERCENT == 80


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_page_of_the_table_fits_a_phone_screen(locale: str) -> None:
    t = translator(locale)
    longest = {a.key: Counted(1234, 1233) for a in REF.agencies}
    measured = indicator(REF, longest)
    pages = screens.page_count(measured)
    assert pages == 4
    for page in range(pages):
        screen = screens.table(t, measured, page, TARGET_PERCENT)
        assert len(visible(screen.text)) <= 600, (locale, page)
        assert screen.keyboard is not None
    dinkes = screens.own_line(t, line(1234, 1, "Diskominfosantik"), TARGET_PERCENT)
    assert len(visible(dinkes.text)) <= 600


def test_the_photos_flag_travels_in_the_callback_data_and_only_with_xlsx() -> None:
    chosen = Options(photos=True)
    assert chosen.with_photos and parse(chosen.encode("g")) == ("g", chosen)
    assert parse("v1:e:g:xlsx:0:-:000") == ("g", Options())  # a card from before photos
    assert parse("v1:e:g:csv:0:-:0001") == ("g", Options(Format.CSV))
    assert not chosen.changed([], fmt="csv").photos
    assert Options().changed([], photos=True).photos


@pytest.mark.parametrize(
    ("path", "extension"),
    [("photos/file_3.jpg", "jpg"), ("https://x/file/botT/photos/a.PNG", "png"), (None, "jpg"),
     ("photos/noext", "jpg"), ("photos/.hidden", "jpg")],
)  # fmt: skip
def test_a_photo_keeps_telegrams_extension(path: str | None, extension: str) -> None:
    assert _extension(path) == extension


class FakeFiles:
    """Telegram's files for pack(): known ids answer their bytes, others are refused."""

    def __init__(self, known: dict[str, bytes]) -> None:
        self.known = known

    async def download(self, file_id: str) -> Downloaded:
        if file_id not in self.known:
            raise Refused("wrong file identifier")
        return Downloaded(self.known[file_id], "jpg")


async def test_the_zip_names_photos_by_reference_and_stops_at_the_limit(tmp_path: Path) -> None:
    xlsx = tmp_path / "rembug-usulan.xlsx"
    xlsx.write_bytes(b"PK workbook")
    files = FakeFiles({"a": b"A" * 10, "b": b"B" * 10, "c": b"C" * 5000})
    wanted = [("CKU-0042", ["a", "gone", "b"]), ("SET-0001", ["c"]), ("SET-0002", ["a"])]
    fetched: list[tuple[int, int]] = []

    def heard(done: int, total: int) -> None:
        fetched.append((done, total))

    packed = await pack(xlsx, wanted, files, 1_000_000, heard)
    assert packed.path is not None and (packed.photos, packed.missing) == (4, 1)
    names = zipfile.ZipFile(packed.path).namelist()
    assert names == [
        "rembug-usulan.xlsx",
        "CKU-0042-1.jpg",
        "CKU-0042-3.jpg",
        "SET-0001-1.jpg",
        "SET-0002-1.jpg",
    ]
    assert fetched == [(4, 5), (5, 5)]  # after each batch fetched side by side, missing or not
    too_big = await pack(xlsx, wanted, files, 2000, heard)
    assert too_big.path is None and too_big.size > 2000


def test_the_reminder_setting_has_a_default_and_a_range() -> None:
    assert Settings(_env_file=None).opd_reminder_days == 7
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        Settings(_env_file=None, opd_reminder_days=0)
