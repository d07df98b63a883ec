"""The results screens (bot/results): one phone screen (≤ 600 visible characters) in both
languages at their longest, what a group post leaves out, the staff's feedback tables."""

from __future__ import annotations

import html
import re

import pytest

from bot.callbacks import MAX_BYTES
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.opd.responses import ResponseKind
from bot.reference import load_reference
from bot.results import feedback_screens, screens
from bot.results.figures import KecamatanResults, Own, Priority, Title

LIMIT = 600
LONG = "Jalan utama desa rusak parah dan berlubang besar " * 30  # a proposal at its longest
REF = load_reference()


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def longest(compared: bool = True) -> KecamatanResults:
    ranking = tuple(
        Priority(f"CKS-{n:04d}", LONG, thin=True, response=ResponseKind.NEXT_YEAR.value)
        for n in range(1, 40)
    )
    return KecamatanResults(
        round_id=2_000_000_000,
        round_name="Putaran Musrenbang Kelurahan dan Desa Tahun Anggaran 2027 " * 3,
        kecamatan="Cikarang Selatan",
        participants=1_234_567,
        compared=compared,
        ranking=ranking,
        quick_wins=tuple(Title(f"CKS-{n:04d}", LONG) for n in range(1, 12)),
    )


OWN = [Own(f"CKS-{n:04d}", "merged") for n in range(1, 6)]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("compared", [True, False])
def test_the_results_fit_one_phone_screen_at_their_longest(locale: str, compared: bool) -> None:
    t = translator(locale)
    for own in (OWN, [], None):
        screen = screens.summary(t, longest(compared), own, "partly")
        assert len(visible(screen.text)) <= LIMIT, (locale, own, visible(screen.text))
        assert "CKS-0003" in screen.text and "CKS-0004" not in visible(screen.text).split("⭐")[0]
    for page in range(screens.pages(longest())):
        page_screen = screens.everything(t, longest(compared), page)
        assert len(visible(page_screen.text)) <= LIMIT, (locale, page)


def test_the_personal_screen_has_its_buttons_and_the_group_post_has_none() -> None:
    t = translator("id")
    personal = screens.summary(t, longest(), OWN, "partly")
    assert personal.keyboard is not None
    labels = [b.text for row in personal.keyboard for b in row]
    assert labels == ["📋 Lihat semua", "Ya", "✅ Sebagian", "Tidak"]
    assert all(len((b.data or "").encode()) <= MAX_BYTES for row in personal.keyboard for b in row)
    assert "Apakah hasil ini mewakili suara warga di kecamatan Anda?" in personal.text
    assert "CKS-0001: " in personal.text  # the recipient's own proposal and its status
    group = screens.summary(t, longest(), None)
    assert group.keyboard is None
    assert "mewakili" not in group.text and "Usulan Anda" not in group.text


def test_nobody_compared_says_how_the_order_was_made_and_marks_nothing() -> None:
    t = translator("en")
    text = screens.summary(t, longest(compared=False), []).text
    assert "not compared yet: by supports, then date" in text
    assert "⚠️" not in text
    assert "⚠️ not compared enough yet" in screens.summary(t, longest(), []).text


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_staff_feedback_screens_fit(locale: str) -> None:
    t = translator(locale)
    rows = [(k.name, {"yes": 12_345, "partly": 2_345, "no": 345}) for k in REF.kecamatan]
    pages = feedback_screens.table_pages(len(rows))
    assert pages == 4
    for page in range(pages):
        screen = feedback_screens.table(t, "Putaran panjang " * 20, rows, page)
        assert len(visible(screen.text)) <= LIMIT, (locale, page, visible(screen.text))
    sentences = [("no", "Kurang mewakili warga RW 05 karena " * 10)] * 20
    screen = feedback_screens.kecamatan(
        t, "Putaran 1", "Cikarang Selatan", {"yes": 3, "no": 20}, sentences
    )
    shown = visible(screen.text)
    assert len(shown) <= LIMIT and "XLSX" in shown
    assert "(0%)" in shown  # Sebagian: nobody
