"""The desk's screens (bot/opd/screens/) and the tanggapan notice fit a phone screen in both
languages with the longest values they can hold; the history shows the newest first and
counts what it leaves out; every button's data fits Telegram's 64 bytes."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.callbacks import MAX_BYTES
from bot.dialogue.model import OptionContext
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.opd.notices import ResponseNotices
from bot.opd.responses import LABELS, ResponseKind
from bot.opd.screens import card
from bot.opd.screens import desk as screens
from bot.proposals.screens import my_card
from bot.proposals.screens.cards import ResponseEntry, response_history
from bot.reference import load_reference
from bot.screens import Screen
from storage.models import Proposal, Response
from tests.unit.test_message_lengths import LIMIT, visible

REF = load_reference()
LONGEST_AGENCY = max(REF.agencies, key=lambda a: len(a.name))
WORDS = "Sudah masuk rencana kerja dinas & akan dianggarkan lewat APBD perubahan. " * 10
PLACE = "Sukadanau Kulon Raya, Cikarang Barat"
BIG_ID = 2**31 - 1


def entry(number: int, words: str = WORDS, agency: str = LONGEST_AGENCY.name) -> ResponseEntry:
    return ResponseEntry(
        f"{number} Des 2026",
        agency,
        LABELS[ResponseKind.NOT_OURS],
        "Program " + "Kali Bersih " * 20,
        words,
        agency,
    )


def long_proposal() -> dict[str, object]:
    return {
        "problem": WORDS * 3,
        "sub_element": "city_appearance",
        "causes": WORDS * 3,
        "solution": WORDS * 3,
        "urgency": "medium",
        "time_to_result": "long",
        "needs": ["budget", "regulation", "partnership", "self_help"],
        "beneficiaries": WORDS[:200],
        "place": {"text": WORDS[:200], "point": [-6.3, 107.0], "photos": ["a", "b", "c"]},
        "desa": "32.16.18.2001",
    }


def fits(screen: Screen) -> int:
    for row in screen.keyboard or []:
        for button in row:
            assert button.url or len((button.data or "").encode()) <= MAX_BYTES
    return len(visible(screen.text))


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_desk_screens_fit_a_phone_screen(locale: str) -> None:
    t = translator(locale)
    items = [
        screens.Item(BIG_ID, "CKU-0042", WORDS, PLACE, 12345, answered) for answered in (0, 1) * 2
    ]
    filters = screens.Filters("environment", "32.16.18")
    view = screens.DeskView(
        LONGEST_AGENCY.name, items, 1234, 1234, 7, filters, ["Rubbish, flooding", "Kec. X"]
    )
    people = card.People("N" * 60 + " (" + "G" * 100 + ")", "12.345 households", 1234, [WORDS] * 5)
    draft = card.Draft(
        BIG_ID, "CKU-0042", ResponseKind.EXISTING, "P" * 200, WORDS[:500], LONGEST_AGENCY.name
    )
    sizes = {
        "list": fits(screens.listing(t, view)),
        "details": fits(card.details(t, "CKU-0042", PLACE, OptionContext(long_proposal(), REF, t))),
        "card": fits(
            card.answer_card(
                t,
                BIG_ID,
                "CKU-0042",
                people,
                [entry(n) for n in range(9)],
                "https://x",
                card.saved(t),
            )
        ),
        "picker": fits(card.agency_picker(t, BIG_ID, "CKU-0042", list(REF.agencies), 0)),
        "confirm": fits(card.confirm(t, draft, 12345, "deadbeef")),
        "forwarded": fits(card.forwarded(t, "CKU-0042", LONGEST_AGENCY.name)),
    }
    assert max(sizes.values()) <= LIMIT, sizes


def test_history_is_newest_first_and_counts_what_it_leaves_out() -> None:
    t = translator("en")
    entries = [entry(n, "short words", "Dinas Kesehatan") for n in (5, 4, 3, 2, 1)]
    lines = response_history(t, entries, 300)
    assert lines[1].startswith("• 5 Des 2026") and lines[2].startswith("• 4 Des 2026")
    assert lines[-1] == t.n("…and {count} earlier", "…and {count} earlier", 5 - (len(lines) - 2))
    assert len(visible("\n".join(lines))) <= 300
    everything = response_history(t, entries, 5000)
    assert len(everything) == 6 and "earlier" not in everything[-1]
    assert response_history(t, [], 200) == []


def test_the_newest_tanggapan_is_shown_even_when_long() -> None:
    lines = response_history(translator("id"), [entry(2), entry(1)], 50)
    assert lines[1].startswith("• 2 Des 2026") and lines[2] == "…dan 1 sebelumnya"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("own", [True, False])
def test_the_notice_fits_and_names_the_opd_and_its_words(locale: str, own: bool) -> None:
    t = translator(locale)
    notices = ResponseNotices(REF)
    proposal = Proposal(reference="CKU-0042", participant_id=1)
    response = Response(
        opd_code="DLH",
        kind="not_ours",
        programme="P" * 200,
        explanation="<b>" + WORDS,
        forwarded_to=LONGEST_AGENCY.key,
        responded_at=dt.datetime(2026, 12, 5),
    )
    text = notices.text(t, response, proposal, own)
    assert len(visible(text)) <= LIMIT
    assert "Dinas Lingkungan Hidup" in text and LONGEST_AGENCY.name in visible(text)
    assert "&lt;b&gt;" in text  # the OPD's words are escaped
    assert t(LABELS[ResponseKind.NOT_OURS]) in text


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_my_proposal_card_keeps_the_tanggapan_within_the_screen(locale: str) -> None:
    t = translator(locale)
    answers = {"problem": "Sampah menumpuk di pinggir kali.", "causes": "Tidak ada TPS."}
    ctx = OptionContext(answers, REF, t)
    entries = [entry(n, "Masuk rencana kerja.", "Dinas Kesehatan") for n in (9, 8, 7, 6, 5, 4)]
    screen = my_card.card(t, ctx, 1, "CKU-0042", "submitted", "1 Des 2026", True, [], 3, entries)
    text = visible(screen.text)
    assert len(text) <= LIMIT
    assert text.index("9 Des 2026") < text.index("8 Des 2026")  # newest first
    shown = text.count("\n• ")
    assert 2 <= shown < 6
    assert t.n("…and {count} earlier", "…and {count} earlier", 6 - shown) in text
