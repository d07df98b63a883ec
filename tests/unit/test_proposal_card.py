"""/usulanku's card of one proposal fits one phone screen however long its answers, history
and tanggapan are, and gives up detail in a fixed order: answers first, then older statuses."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from bot.dialogue.model import OptionContext
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.proposals.screens.cards import ResponseEntry, StatusEntry
from bot.proposals.screens.my_card import card, whole_proposal
from bot.reference import load_reference

REF = load_reference()
SCREEN = 600
TAG = re.compile(r"<[^>]+>")
SHORT: dict[str, Any] = {
    "dimension": "living",
    "sub_element": "mobility",
    "problem": "Jalan ke sekolah rusak dan tergenang setiap hujan, anak-anak sulit lewat.",
    "causes": "Tidak ada saluran air di sepanjang jalan dan truk bermuatan berat lewat.",
    "solution": "Bangun saluran air dan batasi truk berat pada jam sekolah.",
    "urgency": "high",
    "time_to_result": "12m",
    "needs": ["budget", "partnership"],
    "agency": "Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi",
    "beneficiaries": "300 keluarga di RW 03",
    "place": {"text": "Jl. Raya Setu, belakang pasar", "point": [-6.3, 107.0], "photos": ["p"]},
}
LONG = SHORT | {
    "problem": "Sampah menumpuk di pinggir kali " * 45,
    "causes": "y" * 1500,
    "solution": "Bangun depo sampah " * 75,
    "beneficiaries": "w" * 200,
    "place": {"text": "belakang lapak ikan " * 10, "point": [-6.3, 107.0], "photos": ["p"]},
}
MERGED = StatusEntry("3 Des 2026", "merged", "alasan panjang " * 25, "CKU-0107")
TANGGAPAN = ResponseEntry(
    "4 Des 2026",
    "Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi",
    "Could be a quick win",
    "Program Kali Bersih " * 3,
    "Kami survei lokasinya bersama desa " * 8,
    "Dinas Kesehatan",
)


def visible(text: str) -> str:
    return html.unescape(TAG.sub("", text))


def open_card(
    locale: str,
    answers: dict[str, Any],
    statuses: int,
    responses: int,
    supports: int = 12345,
) -> Any:
    t = translator(locale)
    ctx = OptionContext(answers, REF, t)
    history = [MERGED] * statuses
    return card(t, ctx, 7, "CKU-0042", "submitted", "1 Des 2026", True, history, supports,
                [TANGGAPAN] * responses)  # fmt: skip


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("answers", [SHORT, LONG], ids=["short", "long"])
@pytest.mark.parametrize("statuses", [0, 1, 3, 12])
@pytest.mark.parametrize("responses", [0, 1, 6])
def test_the_card_fits_one_screen_with_the_newest_news_on_it(
    locale: str, answers: dict[str, Any], statuses: int, responses: int
) -> None:
    t = translator(locale)
    text = visible(open_card(locale, answers, statuses, responses).text)
    assert len(text) <= SCREEN, (len(text), text)
    assert text.startswith(visible(t("<b>Proposal {reference}</b>", reference="CKU-0042")))
    assert f"{t('Problem')}: {answers['problem'][:20]}" in text
    assert f"{t('Solution')}: {answers['solution'][:20]}" in text
    if statuses:
        assert "3 Des 2026" in text and "CKU-0107" in text  # the newest status, always
    if responses:
        assert "4 Des 2026" in text and t("Could be a quick win") in text  # the newest tanggapan


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_plain_proposal_shows_every_answer_in_full_and_no_extra_button(locale: str) -> None:
    t = translator(locale)
    plain = SHORT | {"place": {"text": "Jl. Raya Setu"}}
    screen = open_card(locale, plain, 0, 0, supports=0)
    text = visible(screen.text)
    for key in ("problem", "causes", "solution", "beneficiaries"):
        assert SHORT[key] in text, key
    assert t("📄 The whole proposal") not in [b.text for row in screen.keyboard for b in row]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_answers_give_way_before_the_history(locale: str) -> None:
    t = translator(locale)
    screen = open_card(locale, LONG, 3, 0)
    text = visible(screen.text)
    assert text.count("3 Des 2026") == 1 and t("Causes") not in text  # behind the button
    assert t("📄 The whole proposal") in [b.text for row in screen.keyboard for b in row]
    whole = visible(whole_proposal(t, OptionContext(LONG, REF, t), 7, "CKU-0042").text)
    assert len(whole) <= SCREEN
    for label in ("Problem", "Causes", "Solution", "Urgency", "Beneficiaries", "Place"):
        assert f"{t(label)}: " in whole, label


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_history_longer_than_the_card_counts_the_older_statuses(locale: str) -> None:
    t = translator(locale)
    text = visible(open_card(locale, SHORT, 12, 1).text)
    shown = text.count("• 3 Des 2026")
    assert 1 <= shown < 12
    assert t.n("…and {count} earlier", "…and {count} earlier", 12 - shown) in text
